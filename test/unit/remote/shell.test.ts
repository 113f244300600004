// Quoting round trips and the SSH command wrappers, run through the local /bin/sh (no SSH): what sshd does with
// the command string is exactly `$SHELL -c STRING`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmd } from '../../../src/remote/command.js';
import { sh } from '../../../src/remote/shell.js';
import { tricky } from '../../fixtures/tricky-strings.js';
import { hostKeyAlgorithms, runInput, scrub, stdinFor, streamScript, wrapCommand, expandHome } from '../../../src/remote/ssh.js';


function shC(command: string, input?: string) {
  return spawnSync('/bin/sh', ['-c', command], { encoding: 'utf8', input });
}

describe('sh()', () => {
  it('round-trips tricky strings through sh -c', () => {
    for (const s of tricky) {
      const r = shC(`printf '%s' ${sh(s)}`);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(s);
    }
  });

  it('leaves plain words unquoted and numbers as they are', () => {
    expect(sh('/etc/keepalived/keepalived.conf')).toBe('/etc/keepalived/keepalived.conf');
    expect(sh(8080)).toBe('8080');
    expect(sh('a b')).toBe("'a b'");
  });
});

describe('wrapCommand', () => {
  it('runs the command through sh -c, twice-quoted values survive', () => {
    for (const s of tricky) {
      const remote = wrapCommand(cmd`printf '%s' ${s}`, { kind: 'none' });
      expect(remote.startsWith('sh -c ')).toBe(true);
      const r = shC(remote);
      expect(r.stdout).toBe(s);
    }
  });

  it('passes stdin through', () => {
    const r = shC(wrapCommand(cmd`cat`, { kind: 'none' }), 'some\ninput');
    expect(r.stdout).toBe('some\ninput');
  });

  it('puts sudo in front: -n without a password, -k -S with one; the password only goes to stdin', () => {
    expect(wrapCommand(cmd`id -u`, { kind: 'nopasswd' })).toBe("sudo -n -- sh -c 'id -u'");
    const withPw = wrapCommand(cmd`id -u`, { kind: 'password', password: 's3cr3t' });
    expect(withPw).toBe("sudo -k -S -p '' -- sh -c 'id -u'");
    expect(withPw).not.toContain('s3cr3t');
    expect(stdinFor({ kind: 'password', password: 's3cr3t' }, 'data')).toBe('s3cr3t\ndata');
    expect(stdinFor({ kind: 'password', password: 's3cr3t' }, undefined)).toBe('s3cr3t\n');
    expect(stdinFor({ kind: 'nopasswd' }, 'data')).toBe('data');
  });

  it('with a timeout, kills the whole remote command tree on expiry', () => {
    const line = wrapCommand(cmd`sh -c "sleep 302" & sleep 303`, { kind: 'none' }, 300);
    expect(line).toBe(`timeout -s KILL 0.300 sh -c 'sh -c "sleep 302" & sleep 303'`);
    const t0 = Date.now();
    const r = shC(line);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.status).toBe(137);
    expect(spawnSync('pgrep', ['-x', '-f', 'sleep 30[23]'], { encoding: 'utf8' }).stdout).toBe('');
  });

  it('scrubs a secret from text', () => {
    expect(scrub('a s3cr3t b s3cr3t', 's3cr3t')).toBe('a *** b ***');
    expect(scrub('nothing', undefined)).toBe('nothing');
  });
});

describe('streamScript', () => {
  it('ends the command (and its children) when stdin closes', async () => {
    const child = spawn('/bin/sh', ['-c', wrapCommand(streamScript(cmd`echo started; sh -c "sleep 300" & sleep 301`), { kind: 'none' })], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    expect(out).toContain('started');
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const t0 = Date.now();
    child.stdin.end();
    const code = await closed;
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(code).toBe(143); // the command was killed with SIGTERM
    const left = spawnSync('pgrep', ['-f', '^sleep 30[01]$'], { encoding: 'utf8' });
    expect(left.stdout.trim()).toBe('');
  });

  it('ends by itself when the command ends, with its exit code, while stdin stays open', async () => {
    const child = spawn('/bin/sh', ['-c', wrapCommand(streamScript(cmd`echo a; echo b; exit 7`), { kind: 'none' })], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    child.stdin.end();
    expect(out).toBe('a\nb\n');
    expect(code).toBe(7);
  });
});

describe('helpers', () => {
  it('expands ~ only at the start', () => {
    expect(expandHome('~/.ssh/id', '/home/u')).toBe('/home/u/.ssh/id');
    expect(expandHome('~', '/home/u')).toBe('/home/u');
    expect(expandHome('/a/~/b', '/home/u')).toBe('/a/~/b');
  });

  it('offers the host key types known_hosts holds first', () => {
    expect(hostKeyAlgorithms([])[0]).toBe('ssh-ed25519');
    const rsaFirst = hostKeyAlgorithms(['ssh-rsa']);
    expect(rsaFirst.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(new Set(rsaFirst).size).toBe(rsaFirst.length);
    expect(hostKeyAlgorithms(['ecdsa-sha2-nistp256', 'ssh-unknown'])[0]).toBe('ecdsa-sha2-nistp256');
  });
});

describe('scripts on stdin (issue 21: dash ran a truncated rm and exited 0)', () => {
  it('a script cut at any line end or in the middle of any line runs all of its lines or none', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hasetup-stdin-'));
    const body = 'touch "$D/first"\nrm -rf "$D/keep/inner"\ntouch "$D/last"\n';
    const sent = runInput(cmd`sh -s`, body)!;
    let whole = 0;
    // every line end (with and without its newline) and every line's middle: each place a cut changes what sh reads
    const cuts = new Set<number>([sent.length]);
    let at = 0;
    for (const line of sent.split('\n')) {
      cuts.add(at + Math.floor(line.length / 2)).add(at + line.length).add(at + line.length + 1);
      at += line.length + 1;
    }
    for (const cut of [...cuts].filter((c) => c <= sent.length)) {
      rmSync(path.join(dir, 'first'), { force: true });
      rmSync(path.join(dir, 'last'), { force: true });
      mkdirSync(path.join(dir, 'keep', 'inner'), { recursive: true });
      writeFileSync(path.join(dir, 'keep', 'inner', 'file'), 'x');
      spawnSync('/bin/sh', ['-s'], { input: sent.slice(0, cut), env: { ...process.env, D: dir } });
      const ran = [existsSync(path.join(dir, 'first')), !existsSync(path.join(dir, 'keep', 'inner')), existsSync(path.join(dir, 'last'))];
      expect([cut, ran]).toEqual([cut, ran.every(Boolean) ? [true, true, true] : [false, false, false]]);
      if (ran[0]) whole++;
    }
    // the whole script (and only it, with or without its last newline) ran
    expect(whole).toBeGreaterThan(0);
    expect(whole).toBeLessThanOrEqual(2);
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('only scripts for sh -s are wrapped; other input travels as it is', () => {
    expect(runInput(cmd`cat`, 'data')).toBe('data');
    expect(runInput(cmd`sh -s`, undefined)).toBeUndefined();
    expect(spawnSync('/bin/sh', ['-s'], { input: runInput(cmd`sh -s`, ''), encoding: 'utf8' }).status).toBe(0);
    expect(spawnSync('/bin/sh', ['-s'], { input: runInput(cmd`sh -s`, 'echo "$((1+1))"\nexit 3'), encoding: 'utf8' })).toMatchObject({ status: 3, stdout: '2\n' });
  });
});
