// What a host's observation script prints, read back as data: VIP holders, states, problems in words.
import { describe, expect, it } from 'vitest';
import { clusterProblems, holdsVip, parseObservation, type ClusterView } from '../../../src/cluster/observe.js';
import { labCluster } from '../../fixtures/lab-cluster.js';

const cluster = labCluster({}, ['node1', 'node2']);


const out = (addrs: string, active: string, transitions: string, http: string) =>
  `@@addr\nlo 127.0.0.1/8\n${addrs}\n@@keepalived\nMainPID=612\nActiveState=${active}\n@@priority\n150\n@@transitions\n${transitions}\n@@http\n${http}\n@@end\n`;

describe('parseObservation', () => {
  it("takes the state from keepalived's journal when it has one: notify lines of a quick flip can land out of order", () => {
    const flipped = out('eth0 198.18.0.12/24', 'active', '1795882053.816 BACKUP\n1795882053.821 MASTER', '200').replace(
      '@@http',
      '@@journal\n(hasetup_web) Entering BACKUP STATE\n@@http',
    );
    expect(parseObservation('node2', flipped).state).toBe('BACKUP');
    // without a journal line, the transitions log (in time order) decides
    expect(parseObservation('node2', out('eth0 198.18.0.12/24', 'active', '1795882053.9 BACKUP\n1795882053.8 MASTER', '200')).state).toBe('BACKUP');
  });

  it('reads addresses, keepalived, priority, transitions and Tomcat', () => {
    const o = parseObservation('node1', out('eth0 198.18.0.11/24\neth0 198.18.0.100/24', 'active', '1795681000.5 BACKUP\n1795681001.25 MASTER', '200'));
    expect(o).toMatchObject({ host: 'node1', keepalivedActive: true, keepalivedPid: 612, priority: 150, state: 'MASTER', tomcatHttp: '200' });
    expect(o.transitions).toEqual([
      { t: 1795681000.5, state: 'BACKUP' },
      { t: 1795681001.25, state: 'MASTER' },
    ]);
    expect(holdsVip(o, '198.18.0.100')).toBe(true);
  });

  it('says STOPPED when keepalived is not running, whatever the log last said; 000 is no answer', () => {
    const o = parseObservation('node2', out('eth0 198.18.0.12/24', 'inactive', '1795681001 BACKUP', '000'));
    expect(o.state).toBe('STOPPED');
    expect(o.tomcatHttp).toBe('no answer');
    expect(holdsVip(o, '198.18.0.100')).toBe(false);
  });
});

describe('clusterProblems', () => {
  const ok = (host: string, vip: boolean) =>
    parseObservation(host, out(`eth0 198.18.0.${host === 'node1' ? 11 : 12}/24${vip ? '\neth0 198.18.0.100/24' : ''}`, 'active', '', '200'));
  const view = (h1: boolean, h2: boolean): ClusterView => ({
    hosts: [ok('node1', h1), ok('node2', h2)],
    holders: { '198.18.0.100': [...(h1 ? ['node1'] : []), ...(h2 ? ['node2'] : [])] },
  });

  it('is empty when exactly the intended host holds the VIP', () => {
    expect(clusterProblems(view(true, false), cluster, cluster.hosts[0]!)).toEqual([]);
  });

  it('names split brain, a missing holder and the wrong holder', () => {
    expect(clusterProblems(view(true, true), cluster, cluster.hosts[0]!)).toEqual(['split brain: node1 and node2 hold the VIP 198.18.0.100 at the same time']);
    expect(clusterProblems(view(false, false), cluster, cluster.hosts[0]!)).toEqual(['no host holds the VIP 198.18.0.100']);
    expect(clusterProblems(view(false, true), cluster, cluster.hosts[0]!)).toEqual(['node2 holds the VIP 198.18.0.100, expected node1']);
  });
});
