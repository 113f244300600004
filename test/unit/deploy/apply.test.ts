// The scripts apply sends to a host, run here by the local shell on a temporary directory (as root, as on a
// host): backup + atomic write, restore, the manifest's record of what existed, and steps with markers.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreScript, stepsScript, writeScript } from '../../../src/deploy/apply.js';
import type { PlannedFile } from '../../../src/deploy/plan.js';
import { cmd, type ShellCommand } from '../../../src/remote/command.js';

const asRoot = process.getuid?.() === 0;

function sh(script: ShellCommand) {
  return spawnSync('sh', ['-s'], { input: script.text, encoding: 'utf8' });
}

function planned(p: string, content: string, mode = 0o644): PlannedFile {
  return { path: p, content, mode, purpose: 'test', secret: false };
}

describe.runIf(asRoot)('write and restore scripts', () => {
  it('backs up what exists, writes atomically with mode and owner, and restore puts everything back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-apply-'));
    const existing = path.join(dir, 'etc', 'keepalived.conf');
    const created = path.join(dir, 'new dir', 'check.sh');
    fs.mkdirSync(path.dirname(existing));
    fs.writeFileSync(existing, 'old\n', { mode: 0o600 });
    const content = "#!/bin/sh\necho 'quotes' $HOME `x` \\\nHASETUP_EOF_0_7f3a\n";
    const { script, manifest } = writeScript('web', '20261126T000000Z', [planned(existing, 'new\n'), planned(created, content, 0o755)]);
    const r = sh(script);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('backup '))).toEqual(['backup 0']);
    expect(fs.readFileSync(existing, 'utf8')).toBe('new\n');
    expect(fs.readFileSync(created, 'utf8')).toBe(content); // the heredoc marker inside the content is harmless (base64)
    expect((fs.statSync(created).mode & 0o777).toString(8)).toBe('755');
    expect(fs.readFileSync(`${existing}.hasetup-20261126T000000Z.bak`, 'utf8')).toBe('old\n');
    expect(fs.readdirSync(path.dirname(created))).toEqual(['check.sh']); // no temp file left
    manifest.files[1]!.backup = null; // as apply records it: check.sh did not exist before
    const back = sh(restoreScript(manifest));
    expect(back.status).toBe(0);
    expect(fs.readFileSync(existing, 'utf8')).toBe('old\n');
    expect((fs.statSync(existing).mode & 0o777).toString(8)).toBe('600');
    expect(fs.existsSync(created)).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });

  it('backs up every file before it writes any, so a failed write knows what to put back', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-apply-'));
    const a = path.join(dir, 'a.conf');
    fs.writeFileSync(a, 'a\n');
    const blocker = path.join(dir, 'file-not-dir');
    fs.writeFileSync(blocker, '');
    // The second file's directory cannot be made (a file is in the way): the script stops there.
    const { script } = writeScript('web', 'S', [planned(a, 'A\n'), planned(path.join(blocker, 'b.conf'), 'B\n')]);
    const r = sh(script);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toContain('@@backed-up');
    expect(r.stdout.indexOf('backup 0')).toBeLessThan(r.stdout.indexOf('@@backed-up'));
    fs.rmSync(dir, { recursive: true });
  });
});

describe('steps script', () => {
  it('runs steps in order and names the one that failed, with its exit code', () => {
    const r = spawnSync('sh', ['-s'], {
      input: stepsScript([
        { step: 'one', command: cmd`echo first` },
        { step: 'two', command: cmd`echo oops >&2; exit 7` },
        { step: 'three', command: cmd`echo never` },
      ]).text,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('@@step 0\n@@step 1\n@@fail 1 7\n');
    expect(r.stderr).toContain('first');
    expect(r.stderr).toContain('oops');
    expect(r.stderr).not.toContain('never');
  });

  it('ends with @@done when every step worked', () => {
    const out = execFileSync('sh', ['-s'], { input: stepsScript([{ step: 'one', command: cmd`true` }]).text, encoding: 'utf8' });
    expect(out).toBe('@@step 0\n@@done\n');
  });
});
