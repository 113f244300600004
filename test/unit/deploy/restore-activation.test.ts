// Issue 21, M4: activating a restored generation. Each step runs only after the one before it succeeded and the
// first failure is the exit code (the script runs here, in sh, with a systemctl that logs and fails on cue); and
// a deploy that is put back leaves keepalived stopped where it did not run before the deploy.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { activateCluster, type HostWork } from '../../../src/deploy/activation.js';
import { activateRestoredScript, generationId, INITIAL, manifestOf, type GenManifest } from '../../../src/deploy/generations.js';
import type { HostPlan } from '../../../src/deploy/plan.js';
import { cmd } from '../../../src/remote/command.js';
import { partsAnswer, RecordingHost, result } from '../../support/fake-host.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs the script with a `systemctl` that appends its arguments to a log and exits 1 for `failOn`. */
function runWithSystemctl(script: string, failOn: string): { code: number; calls: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'hasetup-restore-'));
  dirs.push(dir);
  const log = path.join(dir, 'log');
  writeFileSync(log, '');
  writeFileSync(path.join(dir, 'systemctl'), `#!/bin/sh\necho "$*" >> '${log}'\n[ "$*" = '${failOn}' ] && exit 1\nexit 0\n`);
  chmodSync(path.join(dir, 'systemctl'), 0o755);
  let code = 0;
  try {
    execFileSync('sh', ['-c', script], { env: { PATH: `${dir}:/usr/bin:/bin` }, stdio: 'ignore' });
  } catch (e) {
    code = (e as { status: number }).status;
  }
  return { code, calls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

describe('activating a restored generation', () => {
  it('a failed daemon-reload is a failure, and nothing runs after it', () => {
    const r = runWithSystemctl(activateRestoredScript('web').text, 'daemon-reload');
    expect(r.code).not.toBe(0);
    expect(r.calls).toEqual(['daemon-reload']);
  });

  it('a failed restart of the watchdog is a failure too (when its unit is there)', () => {
    // The unit file is tested with `[ -f ... ]`: point the test at a file that exists here.
    const script = activateRestoredScript('web').text.replace('[ -f /etc/systemd/system/hasetup-watchdog-web.service ]', '[ -f /bin/sh ]');
    const r = runWithSystemctl(script, 'restart -- hasetup-watchdog-web.service');
    expect(r.code).not.toBe(0);
    expect(r.calls).toEqual(['daemon-reload', 'restart -- hasetup-watchdog-web.service']);
  });

  it('keepalived left stopped where the deploy had started it; otherwise reloaded or started on the restored files', () => {
    expect(activateRestoredScript('web', 'stopped').text).toMatch(/&& systemctl stop keepalived$/);
    expect(activateRestoredScript('web', 'stopped').text).not.toContain('systemctl start keepalived');
    expect(activateRestoredScript('web').text).toContain('then systemctl reload keepalived; else systemctl start keepalived; fi');
  });
});

const CONF = '/etc/keepalived/hasetup.d/web.conf';
const now = new Date('2026-11-28T15:00:00Z');

function work(remote: RecordingHost, role: 'master' | 'backup', activation: HostPlan['keepalivedActivation']): HostWork {
  const file = { path: CONF, content: `vrrp ${remote.name}\n`, mode: 0o644, purpose: 'test', secret: false };
  const step = activation === 'start' ? cmd`systemctl start keepalived` : cmd`systemctl reload keepalived`;
  const plan: HostPlan = {
    host: remote.name,
    role,
    priority: role === 'master' ? 150 : 100,
    interface: 'eth0',
    trackProcess: false,
    warnings: [],
    prepare: [],
    files: [file],
    changed: [file],
    activate: [{ step: 'keepalived', command: step }],
    keepalivedActivation: activation,
    validateFiles: [],
    validate: { step: 'validate', command: cmd`keepalived -t # validate` },
  };
  const previous: GenManifest = { id: INITIAL, cluster: 'web', host: remote.name, createdAt: '', previous: null, files: [{ path: CONF, sha256: null, mode: 0o644 }], changed: [] };
  const nextFiles = [{ path: CONF, content: file.content, mode: file.mode }];
  return { remote, plan, previous, next: manifestOf(generationId(now, 'x'), 'web', remote.name, INITIAL, nextFiles, [CONF], now), nextFiles, keep: [] };
}

function host(name: string): RecordingHost {
  return new RecordingHost(name, '10.0.0.1').onInput('@@part', partsAnswer()).onInput('@@step', result(0, '@@step 0\n@@done\n')).onInput('@@restored', result(0, '@@checked\n@@restored\n'));
}

describe('a deploy put back after its master failed its health check', () => {
  const quiet = { step: () => {}, info: () => {}, warn: () => {} };

  it('stops keepalived again on a master where it did not run before the deploy', async () => {
    const m = host('node1');
    const out = await activateCluster([work(m, 'master', 'start'), work(host('node2'), 'backup', 'start')], 'node1', 'web', {
      parallel: 1,
      reporter: quiet,
      masterHealthy: () => Promise.resolve('not holding the VIP'),
    });
    expect(out.ok).toBe(false);
    const restored = m.commands.filter((c) => c.startsWith('systemctl daemon-reload'));
    expect(restored).toHaveLength(1);
    expect(restored[0]).toMatch(/&& systemctl stop keepalived$/);
    expect(restored[0]).not.toContain('systemctl start keepalived');
  });

  it('reloads (or starts) keepalived on a master where it ran before the deploy', async () => {
    const m = host('node1');
    await activateCluster([work(m, 'master', 'reload'), work(host('node2'), 'backup', 'reload')], 'node1', 'web', {
      parallel: 1,
      reporter: quiet,
      masterHealthy: () => Promise.resolve('not holding the VIP'),
    });
    expect(m.commands.find((c) => c.startsWith('systemctl daemon-reload'))).toContain('then systemctl reload keepalived');
  });
});
