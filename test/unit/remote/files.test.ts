// files.ts against a local shell (a RemoteHost that runs `sh -c` here, in a temp directory) and the recording fake.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostStepError } from '../../../src/errors.js';
import type { RemoteHost, RunOptions, RunResult, StreamHandle } from '../../../src/remote/host.js';
import { RecordingHost, result } from '../../../src/remote/fake.js';
import { backupRemoteFile, modeString, readRemoteFile, readRemoteFileBytes, writeFileScript, writeRemoteFile } from '../../../src/remote/files.js';
import { wrapCommand } from '../../../src/remote/ssh.js';

/** Runs commands with the local /bin/sh, wrapped exactly as ssh.ts wraps them for sshd. */
class LocalShellHost implements RemoteHost {
  readonly name = 'local';
  readonly address = '127.0.0.1';
  run(command: string, opts: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve) => {
      const child = spawn('/bin/sh', ['-c', wrapCommand(command, { kind: 'none' })], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
      child.stdin.on('error', () => {}); // EPIPE when the command does not read its stdin
      child.stdin.end(opts.input ?? '');
    });
  }
  stream(): Promise<StreamHandle> {
    return Promise.reject(new Error('not used'));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

let dir: string;
const host = new LocalShellHost();
const binaryish = Buffer.concat([Buffer.from("line 1\r\n'quote' \"dq\" $(x) `y`\n\0\x01\x02"), Buffer.from([0xff, 0xfe, 0x80, 0x00]), Buffer.from('no newline at end')]);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup files '));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('files over a shell', () => {
  it('writes atomically with mode, creating parent directories 0755, and reads back bytes and text', async () => {
    const file = path.join(dir, "new dir/sub'dir/conf file.bin");
    await writeRemoteFile(host, file, binaryish, { mode: 0o640 });
    expect(fs.readFileSync(file).equals(binaryish)).toBe(true);
    expect(fs.statSync(file).mode & 0o7777).toBe(0o640);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(dir, 'new dir')).mode & 0o777).toBe(0o755);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['conf file.bin']); // no temp file left
    const back = await readRemoteFileBytes(host, file);
    expect(back?.equals(binaryish)).toBe(true);

    await writeRemoteFile(host, file, 'text ✓\n', { mode: '0600' });
    expect(await readRemoteFile(host, file)).toBe('text ✓\n');
    expect(fs.statSync(file).mode & 0o7777).toBe(0o600);
  });

  it('writes empty files and large ones', async () => {
    const empty = path.join(dir, 'empty');
    await writeRemoteFile(host, empty, '', { mode: 0o644 });
    expect(await readRemoteFile(host, empty)).toBe('');
    const big = Buffer.alloc(300_000, 'x');
    await writeRemoteFile(host, path.join(dir, 'big'), big, { mode: 0o644 });
    expect((await readRemoteFileBytes(host, path.join(dir, 'big')))?.length).toBe(300_000);
  });

  it('returns undefined for an absent file and fails clearly on a directory', async () => {
    expect(await readRemoteFile(host, path.join(dir, 'nope'))).toBeUndefined();
    const err = await readRemoteFile(host, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostStepError);
    expect((err as Error).message).toMatch(/^local: read .*: reading .* failed/);
    expect((err as Error).message).toMatch(/Is a directory/);
  });

  it('reports a failed write with the remote stderr and leaves no temp file', async () => {
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, 'a file where a directory should be');
    const err = await writeRemoteFile(host, path.join(blocker, 'x.conf'), 'x', { mode: 0o644 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostStepError);
    expect((err as HostStepError).step).toBe(`write ${path.join(blocker, 'x.conf')}`);
    expect((err as Error).message).toMatch(/exit code \d+/);
  });

  it('backs up with mode preserved and returns the path; undefined when absent', async () => {
    const file = path.join(dir, 'keepalived.conf');
    fs.writeFileSync(file, 'old content');
    fs.chmodSync(file, 0o600);
    const bak = await backupRemoteFile(host, file, '20260101T120000Z');
    expect(bak).toBe(`${file}.hasetup-20260101T120000Z.bak`);
    expect(fs.readFileSync(bak!, 'utf8')).toBe('old content');
    expect(fs.statSync(bak!).mode & 0o7777).toBe(0o600);
    expect(await backupRemoteFile(host, path.join(dir, 'absent.conf'), 'x')).toBeUndefined();
    await expect(backupRemoteFile(host, file, 'bad stamp;rm')).rejects.toThrow(/invalid backup stamp/);
  });

  it('refuses relative paths', async () => {
    await expect(readRemoteFile(host, 'etc/x')).rejects.toThrow(/not an absolute file path/);
  });
});

describe('files over the recording fake', () => {
  it('sends content as base64 on stdin, never on the command line, and quotes paths', async () => {
    const fake = new RecordingHost('node1', '10.0.0.1');
    await writeRemoteFile(fake, '/etc/my app/x.conf', 'secret=1\n', { mode: 0o600, owner: 'root' });
    const [call] = fake.calls;
    expect(call?.command).toBe(writeFileScript('/etc/my app/x.conf', { mode: 0o600, owner: 'root' }));
    expect(call?.command).toContain("mv -f -- \"$tmp\" '/etc/my app/x.conf'");
    expect(call?.command).toContain('chown root:root');
    expect(call?.command).toContain('chmod 0600');
    expect(call?.command).not.toContain('secret');
    expect(Buffer.from(call!.input!, 'base64').toString()).toBe('secret=1\n');
  });

  it('maps exit codes: absent file, failures with the stderr tail, timeouts', async () => {
    const fake = new RecordingHost('node2', '10.0.0.2', [
      { match: '/absent', result: result(3) },
      { match: /\/denied/, result: result(1, '', 'cat: /denied: Permission denied') },
      { match: '/slow', result: result(-1, '', 'timed out after 100 ms') },
      { match: '/present', result: (_cmd, _input) => result(0, Buffer.from('hello').toString('base64') + '\n') },
    ]);
    expect(await readRemoteFile(fake, '/absent')).toBeUndefined();
    expect(await readRemoteFile(fake, '/present')).toBe('hello');
    await expect(readRemoteFile(fake, '/denied')).rejects.toThrow(/node2: read \/denied: reading \/denied failed \(exit code 1\):\n {2}cat: \/denied: Permission denied/);
    await expect(readRemoteFile(fake, '/slow')).rejects.toThrow(/timed out after 100 ms/);
    expect(fake.commands).toHaveLength(4);
  });

  it('can throw on unmatched commands, and streams canned lines', async () => {
    const strict = new RecordingHost('n', 'a', [{ match: /^ip -ts monitor/, result: result(0, 'l1\nl2\n') }], { throwOnUnmatched: true });
    await expect(strict.run('rm -rf /')).rejects.toThrow(/no responder/);
    const lines: string[] = [];
    const h = await strict.stream('ip -ts monitor address', (l) => lines.push(l));
    await h.stop();
    expect(lines).toEqual(['l1', 'l2']);
    expect(strict.calls.map((c) => c.kind)).toEqual(['run', 'stream']);
  });

  it('formats modes', () => {
    expect(modeString(0o644)).toBe('0644');
    expect(modeString('755')).toBe('0755');
    expect(() => modeString('999')).toThrow();
  });
});
