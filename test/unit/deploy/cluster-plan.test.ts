// The cluster plan as one value (deploy/cluster-plan.ts), made against recording hosts that answer like the lab's
// Debian 12 hosts on a first deploy: per host the files, the commands and what changes, and the generation every
// host moves to; the dry run renders that same value; nothing is written while planning.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planCluster } from '../../../src/deploy/cluster-plan.js';
import { dryRunResult } from '../../../src/deploy/deploy.js';
import { startLooks } from '../../../src/deploy/looks.js';
import { THEN_MARK } from '../../../src/facts/gather.js';
import { recordingReporter } from '../../../src/progress.js';
import { RecordingHost, result } from '../../support/fake-host.js';
import { labCluster } from '../../fixtures/lab-cluster.js';

const FACTS = readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8');
const cluster = labCluster({}, ['node1', 'node2']);
const now = new Date('2026-12-07T12:00:00Z');

function labHost(name: string, address: string): RecordingHost {
  return new RecordingHost(name, address)
    .onInput("echo '@@kv'", (_c, input) =>
      result(0, FACTS.replaceAll('198.18.0.11/', `${address}/`) + (input?.includes(THEN_MARK) ? `${THEN_MARK}\n@@current \n@@pending \n@@end\n` : '')),
    )
    .on('@@transitions', result(0, `@@addr\nhost0 ${address}/24\n@@keepalived\ninactive\n0\n@@http\n200\n@@end\n`))
    .on('ping -c 1', result(0, ''))
    .on('perl', result(0, 'no-perl\n'));
}

async function plan(moves = true) {
  const hosts = [labHost('node1', '198.18.0.11'), labHost('node2', '198.18.0.12')];
  const reporter = recordingReporter();
  const p = await planCluster(cluster, hosts, {}, startLooks(cluster, hosts), reporter, { parallel: 2, now, moves });
  return { p, hosts };
}

describe('planCluster', () => {
  it('holds per host the files, the commands and what changes, and the one generation every host moves to', async () => {
    const { p, hosts } = await plan();
    expect(p.hosts.map((h) => [h.host, h.plan.role])).toEqual([
      ['node1', 'master'],
      ['node2', 'backup'],
    ]);
    expect(p.generation).toMatch(/^20261207T120000Z-[0-9a-f]{8}$/);
    for (const h of p.hosts) {
      expect(h.plan.changed.map((f) => f.path)).toContain('/etc/keepalived/hasetup.d/web.conf');
      expect(h.plan.activate.map((c) => c.command.text)).toContain('systemctl start keepalived');
      expect(h.move?.next.id).toBe(p.generation);
      expect(h.move?.previous.id).toBe('initial');
      expect(h.live['/etc/keepalived/hasetup.d/web.conf']).toBeUndefined();
    }
    // Planning reads and looks; it never writes.
    for (const h of hosts) expect(h.calls.some((c) => /base64 -d|manifest\.json\.tmp|systemctl (start|reload)/.test(c.input ?? c.command))).toBe(false);
  });

  it('the dry run renders that value: the diff of each changed file and the commands, per host', async () => {
    const { p } = await plan(false);
    expect(p.hosts.every((h) => h.move === undefined)).toBe(true);
    const r = dryRunResult(p);
    expect(r.hosts.map((h) => h.changed)).toEqual(p.hosts.map((h) => h.plan.changed.map((f) => f.path)));
    expect(r.hosts[0]!.diff).toContain('+++ /etc/keepalived/hasetup.d/web.conf');
    expect(r.hosts[0]!.commands).toContain(`${p.hosts[0]!.plan.activate.at(-1)!.step}: systemctl start keepalived`);
  });
});
