// A two-host cluster whose VIP is 127.0.0.1, with a local HTTP server answering 'node1' standing in for it: the
// probe of runFailoverTest and runMove then talks to this machine only. Call in a describe/file scope.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { resolveCluster, type Cluster } from '../../../src/inventory/model.js';

export function localVipCluster(): () => Cluster {
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('node1'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  return () => {
    const c = resolveCluster({
      name: 'web',
      virtual_router_id: 51,
      vips: [{ address: '127.0.0.1/8' }],
      hosts: [
        { name: 'node1', address: '198.18.1.11' },
        { name: 'node2', address: '198.18.1.12' },
      ],
    });
    c.tomcat.port = port;
    return c;
  };
}
