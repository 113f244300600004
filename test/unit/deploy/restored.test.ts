// rollback verifies the cluster it restored, read back from the keepalived file it put on each host
// (src/deploy/restored.ts): the file is the one deploy renders, so the test renders it with the real planner.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planHost } from '../../../src/deploy/plan.js';
import { clusterAsRestored, parseRestoredInstance } from '../../../src/deploy/restored.js';
import { parseFacts } from '../../../src/facts/gather.js';
import { clusterConfPath } from '../../../src/hostpaths.js';
import { parseInventory } from '../../../src/inventory/load.js';

const facts = parseFacts(readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8'));

const inventory = (extra: string) =>
  parseInventory(
    `
clusters:
  - name: web
    virtual_router_id: 51
    vips: [{ address: 198.18.0.100/24 }${extra}]
    hosts:
      - { name: ha1, address: 198.18.0.11 }
      - { name: ha2, address: 198.18.0.12 }
`,
    'inv.yaml',
  ).clusters[0]!;

/** ha1's facts (the fixture), and ha2's: the same host with ha2's address. */
const factsOf = (host: string) =>
  host === 'ha2' ? { ...facts, interfaces: facts.interfaces.map((i) => ({ ...i, addresses: i.addresses.map((a) => a.replace('198.18.0.11/', '198.18.0.12/')) })) } : facts;
const confOf = (cluster: ReturnType<typeof inventory>, host: string) => planHost(cluster, host, factsOf(host), {}).files.find((f) => f.path === clusterConfPath('web'))!.content;

describe('the restored cluster, read from its keepalived files', () => {
  it('parses what deploy renders: VIPs with their interface, priority, advert interval, version, preemption', () => {
    const one = inventory(', { address: 198.18.0.101/24 }');
    expect(parseRestoredInstance(confOf(one, 'ha1'))).toEqual({
      vips: [
        { address: '198.18.0.100', prefix: 24, cidr: '198.18.0.100/24', dev: 'host0' },
        { address: '198.18.0.101', prefix: 24, cidr: '198.18.0.101/24', dev: 'host0' },
      ],
      priority: 150,
      advertInt: one.vrrp.advertInt,
      version: 3,
      preempt: true,
    });
    expect(parseRestoredInstance(confOf(one, 'ha2'))!.priority).toBe(100);
  });

  it('a rollback to the generation before a second VIP: verify looks for the one VIP the files have', () => {
    const before = inventory('');
    const now = inventory(', { address: 198.18.0.101/24 }');
    const restored = new Map(['ha1', 'ha2'].map((h) => [h, parseRestoredInstance(confOf(before, h))!]));
    const c = clusterAsRestored(now, restored);
    expect(c.vips.map((v) => v.cidr)).toEqual(['198.18.0.100/24']);
    expect(c.hosts.map((h) => [h.name, h.role, h.priority])).toEqual([
      ['ha1', 'master', 150],
      ['ha2', 'backup', 100],
    ]);
  });

  it('a restored generation where the other host was master: roles and priorities follow the files', () => {
    const swapped = parseInventory(
      `
clusters:
  - name: web
    virtual_router_id: 51
    vips: [{ address: 198.18.0.100/24 }]
    hosts:
      - { name: ha1, address: 198.18.0.11, role: backup }
      - { name: ha2, address: 198.18.0.12, role: master }
`,
      'inv.yaml',
    ).clusters[0]!;
    const restored = new Map(['ha1', 'ha2'].map((h) => [h, parseRestoredInstance(confOf(swapped, h))!]));
    const c = clusterAsRestored(inventory(''), restored);
    expect(c.hosts.map((h) => [h.name, h.role])).toEqual([
      ['ha1', 'backup'],
      ['ha2', 'master'],
    ]);
  });

  it('a file that is not ours, or cut short, is not read: the inventory stands for that host', () => {
    expect(parseRestoredInstance('vrrp_instance x {\n    priority 100\n')).toBeNull();
    expect(parseRestoredInstance('')).toBeNull();
    const c = inventory('');
    expect(clusterAsRestored(c, new Map())).toBe(c);
  });
});
