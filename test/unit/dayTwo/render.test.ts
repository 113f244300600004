// What deploy renders for day two with every alert kind set: the files as a snapshot, the shell scripts
// parsed by the shell, and the values that reach them quoted or refused.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planHost } from '../../../src/deploy/plan.js';
import { parseFacts } from '../../../src/facts/gather.js';
import { parseInventory } from '../../../src/inventory/load.js';

const facts = parseFacts(readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8'));

const inventory = `
clusters:
  - name: web
    virtual_router_id: 51
    vips: [{ address: 198.18.0.100/24 }]
    alerts:
      webhook: http://198.18.0.1:8099/hook?team=ops
      webhook_headers_file: /etc/hasetup/webhook-headers
      command: /usr/local/bin/on-ha-change
      email: { to: [ops@example.com, oncall@example.com], from: ha@example.com, smtp_server: 198.18.0.1, smtp_port: 2525 }
    metrics: { textfile_dir: /var/lib/node_exporter }
    hosts:
      - { name: ha1, address: 198.18.0.11 }
      - { name: ha2, address: 198.18.0.12 }
`;

describe('day-two rendering', () => {
  const cluster = parseInventory(inventory, 'inv.yaml').clusters[0]!;
  const plan = planHost(cluster, 'ha1', facts, {});
  const file = (suffix: string) => plan.files.find((f) => f.path.endsWith(suffix))!.content;

  it('renders keepalived mail, the track files, the alerting notify script and the metrics script', async () => {
    const text = ['/keepalived.conf', '/hasetup.d/web.conf', 'notify_web.sh', 'metrics_web.sh'].map((s) => `==> ${s} <==\n${file(s)}`).join('\n');
    await expect(text).toMatchFileSnapshot(path.join('__snapshots__', 'alerts-all.txt'));
  });

  it('keepalived.conf mails through the relay; the instance asks for it', () => {
    expect(file('/keepalived.conf')).toMatch(/notification_email \{\n\s+ops@example.com\n\s+oncall@example.com\n\s+\}/);
    expect(file('/keepalived.conf')).toContain('smtp_server 198.18.0.1 2525');
    expect(file('/hasetup.d/web.conf')).toMatch(/^\s+smtp_alert$/m);
  });

  it('the header file and command reach the script quoted; the URL is in the root-only curl config file', () => {
    const notify = file('notify_web.sh');
    expect(notify).not.toContain('hook?team=ops');
    expect(file('/etc/hasetup/webhook-web.curl')).toContain('url = "http://198.18.0.1:8099/hook?team=ops"');
    expect(notify).toContain('-H @/etc/hasetup/webhook-headers');
    expect(notify).toContain("timeout 30 /usr/local/bin/on-ha-change");
  });

  it('both scripts are valid POSIX shell', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hasetup-daytwo-'));
    for (const name of ['notify_web.sh', 'metrics_web.sh']) {
      const p = path.join(dir, name);
      writeFileSync(p, file(name));
      expect(() => execFileSync('sh', ['-n', p])).not.toThrow();
    }
  });

  it('without alerts the notify script sends nothing and keepalived mails nobody', () => {
    const bare = parseInventory(inventory.replace(/ {4}alerts:[\s\S]*?(?= {4}metrics)/, ''), 'inv.yaml').clusters[0]!;
    const p = planHost(bare, 'ha1', facts, {});
    const f = (s: string) => p.files.find((x) => x.path.endsWith(s))!.content;
    expect(f('notify_web.sh')).not.toContain('curl');
    expect(f('/keepalived.conf')).not.toContain('notification_email');
    expect(f('/hasetup.d/web.conf')).not.toContain('smtp_alert');
  });
});
