// The two-host cluster the deploy unit tests plan for: the lab's addresses (198.18.0.11/.12, VIP .100).
import { resolveCluster } from '../../../src/inventory/model.js';
import type { RawCluster } from '../../../src/inventory/schema.js';

export const labCluster = (over: Partial<RawCluster> = {}, names: [string, string] = ['ha1', 'ha2']) =>
  resolveCluster({
    name: 'web',
    virtual_router_id: 51,
    vips: [{ address: '198.18.0.100/24' }],
    hosts: [
      { name: names[0], address: '198.18.0.11' },
      { name: names[1], address: '198.18.0.12' },
    ],
    ...over,
  });
