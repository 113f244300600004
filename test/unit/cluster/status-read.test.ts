// status reads each host in one command: the observation, a marker line, the recorded generations; each part is
// parsed as observeHost and readGenerations parse it on their own.
import { describe, expect, it } from 'vitest';
import { observeScript, parseObservation } from '../../../src/cluster/observe.js';
import { GENERATIONS_MARK, parseStatusRead, readClusterStatus, statusScript } from '../../../src/cluster/status-read.js';
import { parseGenerations, readScript } from '../../../src/deploy/generations.js';
import { labCluster } from '../../fixtures/lab-cluster.js';

const cluster = labCluster({}, ['node1', 'node2']);
import { RecordingHost, result } from '../../support/fake-host.js';


const observed = (addrs: string, state: string) =>
  `@@addr\nlo 127.0.0.1/8\n${addrs}\n@@keepalived\nActiveState=active\nMainPID=612\n@@priority\n150\n@@transitions\n1795681001.25 ${state}\n@@daytwo\n@@journal\n@@http\n200\n@@end\n`;
const manifest = { id: '20261128T204656Z-4528c317', cluster: 'web', host: 'node1', previous: null, createdAt: '2026-11-28T20:46:56.000Z', files: [], changed: [] };
const recorded = (current: string, pending = '') => `@@current ${current}\n@@pending ${pending}\n@@manifest\n${JSON.stringify(manifest)}\n@@end\n`;

describe('statusScript', () => {
  it('runs the observation, then the marker, then the generations script, in one command', () => {
    const text = statusScript(cluster).text;
    const [obs = -1, mark = -1, gens = -1] = [observeScript(cluster).text, `echo ${GENERATIONS_MARK}`, readScript('web').text].map((part) => text.indexOf(part));
    expect(obs).toBe(0);
    expect(mark).toBeGreaterThan(obs);
    expect(gens).toBeGreaterThan(mark);
  });
});

describe('parseStatusRead', () => {
  it('gives each part to its own parser', () => {
    const obs = observed('eth0 198.18.0.11/24\neth0 198.18.0.100/24', 'MASTER');
    const gens = recorded(manifest.id);
    const r = parseStatusRead('node1', result(0, `${obs}${GENERATIONS_MARK}\n${gens}`));
    expect(r.observation).toEqual(parseObservation('node1', obs));
    expect(r.generations).toEqual(parseGenerations('node1', gens));
    expect(r.generations?.current).toBe(manifest.id);
  });

  it('a host the command never ran on is unreachable, with no generations', () => {
    const r = parseStatusRead('node2', result(255, '', 'connection to node2 lost: reset'));
    expect(r.observation).toMatchObject({ host: 'node2', reachable: false, error: 'connection to node2 lost: reset' });
    expect(r.generations).toBeUndefined();
  });

  it('killed during the observation: unreachable; killed during the generations: observed, generations unknown', () => {
    const cutObserving = parseStatusRead('node1', result(-1, '@@addr\neth0 198.18.0.11/24\n@@keepalived\n', 'timed out'));
    expect(cutObserving.observation.reachable).toBe(false);
    expect(cutObserving.generations).toBeUndefined();
    const obs = observed('eth0 198.18.0.11/24', 'BACKUP');
    const cutReading = parseStatusRead('node1', result(-1, `${obs}${GENERATIONS_MARK}\n@@current ${manifest.id}\n`, 'timed out'));
    expect(cutReading.observation).toEqual(parseObservation('node1', obs));
    expect(cutReading.generations).toBeUndefined();
  });
});

describe('readClusterStatus', () => {
  it('asks each host once and builds the cluster view and the generations by host', async () => {
    const answer = (addrs: string, state: string, current: string) => result(0, `${observed(addrs, state)}${GENERATIONS_MARK}\n${recorded(current)}`);
    const node1 = new RecordingHost('node1', '198.18.0.11').on(GENERATIONS_MARK, answer('eth0 198.18.0.11/24\neth0 198.18.0.100/24', 'MASTER', manifest.id));
    const node2 = new RecordingHost('node2', '198.18.0.12').on(GENERATIONS_MARK, answer('eth0 198.18.0.12/24', 'BACKUP', 'initial'));
    const { view, gens } = await readClusterStatus([node1, node2], cluster);
    expect(node1.calls).toHaveLength(1);
    expect(node2.calls).toHaveLength(1);
    expect(view.holders).toEqual({ '198.18.0.100': ['node1'] });
    expect(view.hosts.map((h) => [h.host, h.state])).toEqual([
      ['node1', 'MASTER'],
      ['node2', 'BACKUP'],
    ]);
    expect(gens.get('node1')?.current).toBe(manifest.id);
    expect(gens.get('node2')?.current).toBe('initial');
  });
});
