// The speculative look (deploy/looks.ts): verify's next look taken beside the facts, only when the first look is
// already good, so an unchanged deploy needs no extra round trip after its plan; otherwise nothing is asked.
import { describe, expect, it } from 'vitest';
import type { ClusterView, HostObservation } from '../../../src/cluster/observe.js';
import { speculativeLook } from '../../../src/deploy/looks.js';
import { settled } from '../../../src/deploy/verify.js';
import { RecordingHost, result } from '../../support/fake-host.js';
import { labCluster } from '../../fixtures/lab-cluster.js';

const cluster = labCluster();
const VIP = '198.18.0.100';

function obs(host: string, state: string, vip: boolean): HostObservation {
  const own = host === 'ha1' ? '198.18.0.11/24' : '198.18.0.12/24';
  const addresses = [{ iface: 'host0', cidr: own }, ...(vip ? [{ iface: 'host0', cidr: `${VIP}/24` }] : [])];
  return { host, reachable: true, addresses, keepalivedActive: true, state, transitions: [], tomcatHttp: '200' };
}

const view = (hosts: HostObservation[]): ClusterView => ({ hosts, holders: { [VIP]: hosts.filter((h) => h.addresses.some((a) => a.cidr.startsWith(`${VIP}/`))).map((h) => h.host) } });
const good = view([obs('ha1', 'MASTER', true), obs('ha2', 'BACKUP', false)]);
const twoHolders = view([obs('ha1', 'MASTER', true), obs('ha2', 'MASTER', true)]);

/** A host whose observation says: keepalived active, in `state`, holding the VIP or not (the journal line gives the state). */
function host(name: string, address: string, state: string, vip: boolean): RecordingHost {
  const addr = `host0 ${address}/24\n${vip ? `host0 ${VIP}/24\n` : ''}`;
  const out = `@@addr\n${addr}@@keepalived\nActiveState=active\nMainPID=7\n@@priority\n@@transitions\n@@journal\n(hasetup_web) Entering ${state} STATE\n@@http\n200\n@@end\n`;
  return new RecordingHost(name, address).on('@@addr', result(0, out));
}

describe('the speculative look', () => {
  it('the first look is good: verify\'s next look is taken at once, on every host', async () => {
    expect(settled(cluster, good)).toBe(true);
    // The next look finds two VIP holders: not good, so the HTTP request through the VIP is cancelled, not waited for.
    const hosts = [host('ha1', '198.18.0.11', 'MASTER', true), host('ha2', '198.18.0.12', 'MASTER', true)];
    const look = await speculativeLook(cluster, hosts, Promise.resolve(good));
    expect(look).toBeDefined();
    expect(look![0].holders[VIP]).toEqual(['ha1', 'ha2']);
    for (const h of hosts) expect(h.commands.filter((c) => c.includes('@@addr'))).toHaveLength(1);
  });

  it('the first look is not good: no look is taken (verify starts from scratch after the deploy)', async () => {
    expect(settled(cluster, twoHolders)).toBe(false);
    const hosts = [host('ha1', '198.18.0.11', 'MASTER', true), host('ha2', '198.18.0.12', 'BACKUP', false)];
    expect(await speculativeLook(cluster, hosts, Promise.resolve(twoHolders))).toBeUndefined();
    for (const h of hosts) expect(h.calls).toEqual([]);
  });

  it('a failed first look is no look, never an unhandled rejection', async () => {
    const hosts = [host('ha1', '198.18.0.11', 'MASTER', true)];
    expect(await speculativeLook(cluster, hosts, Promise.reject(new Error('connection lost')))).toBeUndefined();
    expect(hosts[0]!.calls).toEqual([]);
  });
});
