// The host the SSH message tests talk about: web1 at 192.0.2.11, user admin, port 2222, a 3 s connect timeout.
import { resolveCluster } from '../../../src/inventory/model.js';

export const host = resolveCluster({
  name: 'web',
  virtual_router_id: 51,
  vips: [{ address: '192.0.2.100/24' }],
  ssh: { user: 'admin', port: 2222, connect_timeout: 3 },
  hosts: [
    { name: 'web1', address: '192.0.2.11' },
    { name: 'web2', address: '192.0.2.12' },
  ],
}).hosts[0]!;
