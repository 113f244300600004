// The two-host cluster the cluster unit tests read observations of (the lab's 198.18.1.0/24, VIP .100).
import { resolveCluster } from '../../../src/inventory/model.js';

export const cluster = resolveCluster({
  name: 'web',
  virtual_router_id: 51,
  vips: [{ address: '198.18.1.100/24' }],
  hosts: [
    { name: 'node1', address: '198.18.1.11' },
    { name: 'node2', address: '198.18.1.12' },
  ],
});
