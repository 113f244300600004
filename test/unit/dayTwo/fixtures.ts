// A cluster of n lab hosts (node1..nodeN, 198.18.1.11...) and a host's day-two state, for the dayTwo unit tests.
import type { HostState } from '../../../src/dayTwo/plan.js';
import { resolveCluster } from '../../../src/inventory/model.js';
import type { RawCluster } from '../../../src/inventory/schema.js';

export const cluster = (over: Partial<RawCluster> = {}, n = 2) =>
  resolveCluster({
    name: 'web',
    virtual_router_id: 51,
    vips: [{ address: '198.18.1.100/24' }],
    hosts: Array.from({ length: n }, (_, i) => ({ name: `node${i + 1}`, address: `198.18.1.${11 + i}` })),
    ...over,
  });

/** A healthy, configured host that does not hold the VIP, unless `over` says otherwise. */
export const state = (host: string, over: Partial<HostState> = {}): HostState => ({
  host,
  reachable: true,
  keepalivedActive: true,
  tomcatOk: true,
  holdsVip: false,
  configured: true,
  standby: 0,
  maintenance: false,
  ...over,
});
