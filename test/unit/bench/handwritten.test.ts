// The hand-written configs the failover benchmark compares with are what they claim to be, as failover-test
// itself reads them.
import { describe, expect, it } from 'vitest';
import { parseEffectiveConfig } from '../../../src/failover/params.js';
import { TRANSITIONS_SCRIPT, transitionsScript, tunedConfig, tutorialConfig, type LabCluster } from '../../../bench/handwritten.js';
import { parseTransitions } from '../../../src/cluster/observe.js';

const cluster: LabCluster = {
  name: 'bfou',
  vrid: 53,
  vip: '198.18.3.100/24',
  hosts: [
    { name: 'node1', address: '198.18.3.11' },
    { name: 'node2', address: '198.18.3.12' },
  ],
};
const prio = { master: 150, backup: 100 };

describe('hand-written keepalived configs', () => {
  it('tuned: VRRPv3, advert_int 0.1, a 1 s check with fall 1 rise 1, unicast to the other host', () => {
    const conf = tunedConfig(cluster, 1);
    const p = parseEffectiveConfig(conf, prio).params;
    expect([p.vrrpVersion, p.advertInt, p.checkInterval, p.fall, p.rise]).toEqual([3, 0.1, 1, 1, 1]);
    expect(conf).toMatch(/unicast_src_ip 198\.18\.3\.12\n\s+unicast_peer \{\n\s+198\.18\.3\.11\n\s+\}/);
    expect(conf).toMatch(/state BACKUP[\s\S]*priority 100/);
    expect(tunedConfig(cluster, 0)).toMatch(/state MASTER[\s\S]*priority 150/);
  });

  it('tutorial: VRRPv2 multicast, advert_int 1, a 2 s check with fall 2 rise 2', () => {
    const conf = tutorialConfig(cluster, 0);
    const p = parseEffectiveConfig(conf, prio).params;
    expect([p.vrrpVersion, p.advertInt, p.checkInterval, p.fall, p.rise]).toEqual([2, 1, 2, 2, 2]);
    expect(conf).not.toContain('unicast');
  });

  it('both log state changes where failover-test reads them (host-crash), and nothing else is added', () => {
    for (const conf of [tunedConfig(cluster, 0), tutorialConfig(cluster, 1)]) expect(conf).toContain(`notify ${TRANSITIONS_SCRIPT}\n`);
    expect(transitionsScript(cluster)).toContain('>> "$dir/transitions.log"');
    expect(transitionsScript(cluster)).toContain('dir=/var/lib/hasetup/bfou\n');
    expect(parseTransitions(`1764345600.5 MASTER\n`)).toEqual([{ t: 1764345600.5, state: 'MASTER' }]);
  });
});
