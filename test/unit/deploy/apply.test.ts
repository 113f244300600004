// The scripts apply sends to a host, run here by the local shell on a temporary directory (as root, as on a
// host): atomic writes, generations recorded, restored (verified) and committed, and steps with markers.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepsScript, unitCheckCommand, unitCheckPassed, writeScript } from '../../../src/deploy/apply.js';
import { commitScript, generationId, manifestOf, parseGenerations, readScript, recordScript, restoreFailure, restoreScript } from '../../../src/deploy/generations.js';
import type { PlannedFile } from '../../../src/deploy/plan.js';
import { cmd, type ShellCommand } from '../../../src/remote/command.js';

const asRoot = process.getuid?.() === 0;

function sh(script: ShellCommand) {
  return spawnSync('sh', ['-s'], { input: script.text, encoding: 'utf8' });
}

function planned(p: string, content: string, mode = 0o644): PlannedFile {
  return { path: p, content, mode, purpose: 'test', secret: false };
}

describe.runIf(asRoot)('write, record, restore and commit scripts', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-apply-'));

  it('writes atomically with mode and owner (the heredoc marker inside a content is harmless)', () => {
    const dir = tmp();
    const created = path.join(dir, 'new dir', 'check.sh');
    const content = "#!/bin/sh\necho 'quotes' $HOME `x` \\\nHASETUP_EOF_0_7f3a\n";
    const r = sh(writeScript([planned(created, content, 0o755)]));
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(created, 'utf8')).toBe(content);
    expect((fs.statSync(created).mode & 0o777).toString(8)).toBe('755');
    expect(fs.readdirSync(path.dirname(created))).toEqual(['check.sh']); // no temp file left
    fs.rmSync(dir, { recursive: true });
  });

  it('records a generation, restores it verified (files put back, files it lacks removed) and commits it', () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    const a = path.join(dir, 'etc', 'a.conf');
    const b = path.join(dir, 'etc', 'b.conf');
    const now = new Date('2026-11-28T15:00:00Z');
    const g1 = manifestOf(generationId(now, 'one'), 'web', 'node1', null, [{ path: a, content: 'one\n', mode: 0o600 }], [a], now);
    expect(sh(recordScript('web', g1, [{ path: a, content: 'one\n', mode: 0o600 }], { pending: true, state })).status).toBe(0);
    expect(fs.readFileSync(path.join(state, 'pending'), 'utf8')).toBe(`${g1.id}\n`);
    // later: a.conf changed and b.conf created by another deploy
    fs.mkdirSync(path.dirname(a), { recursive: true });
    fs.writeFileSync(a, 'two\n');
    fs.writeFileSync(b, 'new\n');
    const m = { ...g1, files: [...g1.files, { path: b, sha256: null, mode: 0o644 }] };
    const r = sh(restoreScript(m, state));
    expect(r.status, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('@@restored');
    expect(fs.readFileSync(a, 'utf8')).toBe('one\n');
    expect((fs.statSync(a).mode & 0o777).toString(8)).toBe('600');
    expect(fs.existsSync(b)).toBe(false);
    expect(sh(commitScript('web', g1.id, [], state)).status).toBe(0);
    expect(fs.readFileSync(path.join(state, 'current'), 'utf8')).toBe(`${g1.id}\n`);
    expect(fs.existsSync(path.join(state, 'pending'))).toBe(false);
    // what the host reports back
    const read = parseGenerations('node1', execFileSync('sh', ['-c', readScript('web', state).text], { encoding: 'utf8' }));
    expect(read).toEqual({ host: 'node1', current: g1.id, pending: null, manifests: [g1] });
    fs.rmSync(dir, { recursive: true });
  });

  it('a restore whose copy is damaged changes nothing and names the file and the command', () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    const a = path.join(dir, 'a.conf');
    const b = path.join(dir, 'b.conf');
    fs.writeFileSync(a, 'live a\n');
    fs.writeFileSync(b, 'live b\n');
    const now = new Date();
    const files = [
      { path: a, content: 'A\n', mode: 0o644 },
      { path: b, content: 'B\n', mode: 0o644 },
    ];
    const g = manifestOf(generationId(now, 'x'), 'web', 'node1', null, files, [], now);
    sh(recordScript('web', g, files, { pending: false, state }));
    fs.writeFileSync(path.join(state, 'generations', g.id, 'files', g.files[1]!.sha256!), 'tampered\n');
    const r = sh(restoreScript(g, state));
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('@@checked');
    expect(restoreFailure(r.stdout)).toBe(`file ${b}, command: check the copy ${path.join(state, 'generations', g.id, 'files', g.files[1]!.sha256!)}`);
    expect(fs.readFileSync(a, 'utf8')).toBe('live a\n'); // nothing was touched
    fs.rmSync(dir, { recursive: true });
  });

  it('a restore that cannot put a file back stops there (set -eu) and says which file', () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    const blocker = path.join(dir, 'file-not-dir');
    fs.writeFileSync(blocker, '');
    const a = path.join(dir, 'a.conf');
    const now = new Date();
    const files = [
      { path: path.join(blocker, 'x.conf'), content: 'X\n', mode: 0o644 },
      { path: a, content: 'A\n', mode: 0o644 },
    ];
    const g = manifestOf(generationId(now, 'y'), 'web', 'node1', null, files, [], now);
    sh(recordScript('web', g, files, { pending: false, state }));
    const r = sh(restoreScript(g, state));
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('@@restored');
    expect(restoreFailure(r.stdout)).toContain(`file ${path.join(blocker, 'x.conf')}, command: cp`);
    expect(fs.existsSync(a)).toBe(false); // it stopped at the first failure
    fs.rmSync(dir, { recursive: true });
  });

  it('commit keeps INITIAL, the new generation and the ones it is told to keep, and prunes the rest', () => {
    const dir = tmp();
    const state = path.join(dir, 'state');
    for (const id of ['initial', 'old', 'kept', 'new']) fs.mkdirSync(path.join(state, 'generations', id), { recursive: true });
    expect(sh(commitScript('web', 'new', ['kept'], state)).status).toBe(0);
    expect(fs.readdirSync(path.join(state, 'generations')).sort()).toEqual(['initial', 'kept', 'new']);
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

describe('unit check', () => {
  it('verifies our own unit by path and a drop-in through the unit it extends; nothing for other files', () => {
    const check = unitCheckCommand(['/etc/keepalived/keepalived.conf', '/etc/systemd/system/hasetup-watchdog-web.service', '/etc/systemd/system/tomcat10.service.d/hasetup-web.conf'])!.text;
    expect(check).toContain('set -- /etc/systemd/system/hasetup-watchdog-web.service');
    expect(check).toContain('systemctl show -p FragmentPath --value -- tomcat10.service');
    expect(check).toContain('systemd-analyze verify --man=no -- "$@"');
    execFileSync('sh', ['-n'], { input: check });
    expect(unitCheckCommand(['/etc/keepalived/keepalived.conf'])).toBeNull();
  });

  it('fails on a non-zero exit or on a warning about a file we wrote, not on warnings about others', () => {
    const ours = ['/etc/systemd/system/tomcat10.service.d/hasetup-web.conf'];
    expect(unitCheckPassed(0, '', ours)).toBe(true);
    expect(unitCheckPassed(0, "/lib/systemd/system/other.service:4: Unknown key 'X' in section [Service], ignoring.", ours)).toBe(true);
    expect(unitCheckPassed(0, "/etc/systemd/system/tomcat10.service.d/hasetup-web.conf:14: Unknown key '--graceful' in section [Service], ignoring.", ours)).toBe(false);
    expect(unitCheckPassed(1, 'tomcat10.service: Command /x is not executable', ours)).toBe(false);
  });
});
