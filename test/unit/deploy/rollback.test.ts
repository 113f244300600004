// rollback's orchestration against recording hosts (test/support/fake-host.ts): the order hosts are put back in,
// the refusal that touches nothing, and a failure that stops before the master moves.
import { describe, expect, it } from 'vitest';
import { INITIAL, sha256, type GenManifest, type HostGenerations } from '../../../src/deploy/generations.js';
import { rollbackCluster } from '../../../src/deploy/rollback.js';
import { HasetupError } from '../../../src/errors.js';
import { parseInventory } from '../../../src/inventory/load.js';
import type { Reporter } from '../../../src/progress.js';
import { RecordingHost, result } from '../../support/fake-host.js';

const quiet: Reporter = { step: () => {}, info: () => {}, warn: () => {} };
const cluster = parseInventory(
  'clusters:\n  - name: web\n    virtual_router_id: 51\n    vips:\n      - address: 10.0.0.100/24\n    hosts:\n      - name: node1\n        address: 10.0.0.1\n      - name: node2\n        address: 10.0.0.2\n',
  'inv.yaml',
).clusters[0]!;
const G1 = '20261128T100000Z-11111111';
const G2 = '20261128T110000Z-22222222';
const CONF = '/etc/keepalived/hasetup.d/web.conf';

const manifest = (id: string, host: string): GenManifest => ({ id, cluster: 'web', host, createdAt: '', previous: null, files: [{ path: CONF, sha256: sha256(id), mode: 0o644 }], changed: [] });
const gens = (host: string): HostGenerations => ({ host, current: G2, pending: null, manifests: [INITIAL, G1, G2].map((id) => manifest(id, host)) });

function host(name: string, log: string[], s: { missing?: boolean; failRestore?: boolean } = {}): RecordingHost {
  const h = new RecordingHost(name, '10.0.0.1', [], { log });
  h.on('@@missing', result(0, s.missing ? `@@missing ${CONF}\n@@end\n` : '@@end\n'));
  h.onInput('@@restored', s.failRestore ? result(1, `@@checked\n@@at ${CONF} | cp a b\n`, 'cp: Read-only file system') : result(0, '@@checked\n@@restored\n'));
  return h;
}

function story(log: string[]): string[] {
  return log.flatMap((l) => {
    const [h, ...rest] = l.split(': ');
    const c = rest.join(': ');
    if (c.includes('@@restored')) return [`${h} restore`];
    if (c.startsWith('systemctl daemon-reload && ')) return [`${h} activate`];
    if (c.includes('/current.tmp')) return [`${h} commit`];
    return [];
  });
}

async function rollback(hosts: RecordingHost[], to?: string) {
  return rollbackCluster(cluster, hosts, new Map(hosts.map((h) => [h.name, gens(h.name)])), { to, parallel: 2 }, quiet);
}

describe('rollbackCluster', () => {
  it('puts every host on the generation before, the backup first and the master last, each committed after its restore', async () => {
    const log: string[] = [];
    const r = await rollback([host('node1', log), host('node2', log)]);
    expect(r.target).toBe(G1);
    expect(r.ok).toBe(true);
    expect(story(log)).toEqual(['node2 restore', 'node2 activate', 'node2 commit', 'node1 restore', 'node1 activate', 'node1 commit']);
  });

  it('refuses, changing nothing on any host, when one host lacks a copy the target needs', async () => {
    const log: string[] = [];
    const err = await rollback([host('node1', log), host('node2', log, { missing: true })], G1).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HasetupError);
    expect((err as Error).message).toContain(`cannot roll back to generation ${G1}; nothing was changed`);
    expect((err as Error).message).toContain(`node2: the copy of ${CONF} for this generation is missing or damaged`);
    expect(story(log)).toEqual([]);
  });

  it("a backup's failed restore stops the rollback before the master moves, naming the file and the command", async () => {
    const log: string[] = [];
    const r = await rollback([host('node1', log), host('node2', log, { failRestore: true })]);
    expect(r.ok).toBe(false);
    expect(story(log)).toEqual(['node2 restore']);
    expect(r.hosts.map((h) => [h.host, h.error?.replace(/ \(exit.*$/s, '')])).toEqual([
      ['node1', 'node1: not rolled back because another host failed first'],
      ['node2', `node2: restore generation ${G1}: failed at file ${CONF}, command: cp a b`],
    ]);
  });
});
