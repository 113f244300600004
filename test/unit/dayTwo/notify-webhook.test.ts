// The webhook's URL may hold a token (issue 21, M1): it lives in a root-only curl config file, never in the
// 0755 notify script nor on curl's command line (visible in ps), and never in what deploy prints. Retries are
// the script's own loop (curl's --retry-all-errors needs curl 7.71: EL8 and Ubuntu 20.04 have older ones).
// The notify script runs for real here with a stand-in curl on PATH that records its arguments.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact, unifiedDiff } from '../../../src/deploy/diff.js';
import { managedPaths, planHost } from '../../../src/deploy/plan.js';
import { parseFacts } from '../../../src/facts/gather.js';
import { parseInventory } from '../../../src/inventory/load.js';
import { poll } from '../../../src/poll.js';

const facts = parseFacts(readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8'));
const TOKEN = 'T0KEN-s3cret';
const URL_ = `https://hooks.example.com/services/${TOKEN}?key=${TOKEN}`;

const cluster = parseInventory(
    `
clusters:
  - name: web
    virtual_router_id: 51
    vips: [{ address: 198.18.0.100/24 }]
    alerts: { webhook: '${URL_}' }
    hosts:
      - { name: ha1, address: 198.18.0.11 }
      - { name: ha2, address: 198.18.0.12 }
`,
    'inv.yaml',
  ).clusters[0]!;
const plan = planHost(cluster, 'ha1', facts, {});
const file = (suffix: string) => plan.files.find((f) => f.path.endsWith(suffix))!;

describe('webhook URL: a root-only file, not the script nor the command line', () => {
  it('the URL is only in the 0600 curl config file, marked secret; the script reads it with --config', () => {
    const config = file('/etc/hasetup/webhook-web.curl');
    expect(config).toMatchObject({ mode: 0o600, secret: true });
    expect(config.content).toContain(`url = "${URL_}"`);
    for (const f of plan.files.filter((x) => x !== config)) expect([f.path, f.content.includes(TOKEN)]).toEqual([f.path, false]);
    const notify = file('notify_web.sh').content;
    expect(notify).toContain('curl --config /etc/hasetup/webhook-web.curl ');
    expect(notify).not.toContain('--retry-all-errors');
  });

  it('the facts read the file back, so a second deploy sees it unchanged (one generation, converged)', () => {
    expect(managedPaths(cluster, 'tomcat10')).toContain('/etc/hasetup/webhook-web.curl');
    const again = planHost(cluster, 'ha1', { ...facts, files: Object.fromEntries(plan.files.map((f) => [f.path, f.content])) }, {});
    expect(again.changed).toEqual([]);
  });

  it('a dry-run diff hides the token, from the new config file and from a notify script deployed before', () => {
    const config = file('/etc/hasetup/webhook-web.curl');
    const oldNotify = `    printf '%s' "$doc" | curl --silent --retry-all-errors \\\n        '${URL_}' >/dev/null 2>"$dir/webhook.err.$$"\n`;
    const diff = unifiedDiff(config.path, undefined, redact(config.content)) + unifiedDiff('/usr/libexec/hasetup/notify_web.sh', redact(oldNotify), redact(file('notify_web.sh').content));
    expect(diff).not.toContain(TOKEN);
    expect(diff).toContain('+url = "https://hooks.example.com/******"');
    expect(diff).toContain("-        'https://hooks.example.com/******'");
    // a loopback URL (the HTTP check's) is no secret and stays readable
    expect(redact('url=http://127.0.0.1:8080/health')).toBe('url=http://127.0.0.1:8080/health');
  });
});

describe('webhook delivery: the notify script with a stand-in curl', () => {
  /** Runs the notify script in a temporary state directory; curl fails its first `failures` calls. */
  async function deliver(failures: number, run: { args?: string[]; env?: Record<string, string>; log?: string } = {}) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hasetup-notify-'));
    if (run.log !== undefined) {
      spawnSync('mkdir', [path.join(dir, 'state')]);
      writeFileSync(path.join(dir, 'state', 'transitions.log'), run.log);
    }
    const bin = path.join(dir, 'bin');
    spawnSync('mkdir', [bin]);
    writeFileSync(
      path.join(bin, 'curl'),
      `#!/bin/sh\nn=$(cat "${dir}/calls" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "${dir}/calls"\nprintf '%s\\n' "$*" >> "${dir}/argv"\ncat >> "${dir}/docs"\n[ "$n" -gt ${failures} ] || { echo "curl: (7) Failed to connect" >&2; exit 7; }\ntouch "${dir}/delivered"\n`,
    );
    chmodSync(path.join(bin, 'curl'), 0o755);
    const script = path.join(dir, 'notify.sh');
    writeFileSync(script, file('notify_web.sh').content.replaceAll('/var/lib/hasetup/web', path.join(dir, 'state')));
    const args = run.args ?? ['INSTANCE', 'hasetup_web', 'MASTER', '100'];
    const r = spawnSync('sh', [script, ...args], { env: { ...process.env, ...run.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const failLog = path.join(dir, 'state', 'alerts-failed.log');
    const transitions = () => readFileSync(path.join(dir, 'state', 'transitions.log'), 'utf8');
    if (run.log !== undefined && transitions() === run.log) return { transitions: transitions(), calls: 0, argv: '', docs: '', failures: '' };
    // the delivery runs in the background: wait for its end (delivered, or a failure line)
    await poll(() => (existsSync(path.join(dir, 'delivered')) || existsSync(failLog) ? true : undefined), { timeout: 20_000, step: 100 });
    return {
      transitions: transitions(),
      calls: Number(readFileSync(path.join(dir, 'calls'), 'utf8')),
      argv: readFileSync(path.join(dir, 'argv'), 'utf8'),
      docs: readFileSync(path.join(dir, 'docs'), 'utf8'),
      failures: existsSync(failLog) ? readFileSync(failLog, 'utf8') : '',
    };
  }

  it('retries a refused connection and delivers; the URL never is an argument', async () => {
    const r = await deliver(2);
    expect(r.calls).toBe(3);
    expect(r.failures).toBe('');
    expect(r.argv).not.toContain('hooks.example.com');
    expect(r.argv).toContain('--config /etc/hasetup/webhook-web.curl');
  }, 30_000);

  it('gives up after 4 tries with one failure line', async () => {
    const r = await deliver(99);
    expect(r.calls).toBe(4);
    expect(r.failures.trim().split('\n')).toHaveLength(1);
    expect(r.failures).toMatch(/webhook .*curl exit 7 after 4 tries: curl: \(7\) Failed to connect/);
  }, 30_000);

  // keepalived's drop-in runs `notify_web.sh --stopped` after every end of keepalived (ExecStopPost=).
  it('--stopped after a SIGKILL: records the STOP keepalived could not and alerts it as a crash', async () => {
    const r = await deliver(0, { args: ['--stopped'], env: { SERVICE_RESULT: 'signal' }, log: '1796691139.6 MASTER\n' });
    expect(r.transitions).toMatch(/^1796691139\.6 MASTER\n\d+\.\d+ STOP\n$/);
    expect(r.calls).toBe(1);
    expect(JSON.parse(r.docs)).toMatchObject({ old_state: 'MASTER', new_state: 'STOP', reason: 'keepalived crashed', instance: 'hasetup_web' });
  }, 30_000);

  it('--stopped after a graceful stop keepalived recorded itself: nothing more, no second alert', async () => {
    const r = await deliver(0, { args: ['--stopped'], env: { SERVICE_RESULT: 'success' }, log: '1796691139.6 MASTER\n1796691141.3 STOP\n' });
    expect(r.transitions).toBe('1796691139.6 MASTER\n1796691141.3 STOP\n');
    expect(r.calls).toBe(0);
  }, 30_000);
});
