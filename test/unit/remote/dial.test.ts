// The TCP connection opened before ssh2 is loaded, against servers on the loopback: handed over intact, or its
// early failure reported as ssh2 would have reported it (no crash: the error listener is there from the start).
import net from 'node:net';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { dial, DialedHosts } from '../../../src/remote/dial.js';
import type { Host } from '../../../src/inventory/model.js';

const servers: net.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function server(onConnection: (s: net.Socket) => void): Promise<number> {
  const srv = net.createServer(onConnection);
  servers.push(srv);
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  return (srv.address() as net.AddressInfo).port;
}

const at = (port: number, name = 'node1') => ({ name, address: '127.0.0.1', ssh: { port } }) as unknown as Host;

/** Another connection to the same port, to its end: by then the dialed one (started first) got as far. */
async function after(port: number, event: 'error' | 'close'): Promise<void> {
  const probe = net.connect({ host: '127.0.0.1', port });
  probe.on('error', () => undefined);
  probe.resume();
  await once(probe, event);
}

describe('dial', () => {
  it('hands over a live socket: what the server sent before the hand-over is still there', async () => {
    const port = await server((s) => s.end('SSH-2.0-test\r\n'));
    const d = dial(at(port));
    await after(port, 'close');
    const sock = d.take();
    expect(sock).toBeInstanceOf(net.Socket);
    const s = sock as net.Socket;
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    await once(s, 'close');
    expect(Buffer.concat(chunks).toString()).toBe('SSH-2.0-test\r\n');
  });

  it('reports a refused connection with its own error (ECONNREFUSED), and does not crash before that', async () => {
    const port = await server(() => undefined);
    const closed = servers.pop()!;
    closed.close();
    await once(closed, 'close'); // nothing listens on the port any more
    const d = dial(at(port));
    await after(port, 'error');
    const e = d.take();
    expect(e).toBeInstanceOf(Error);
    expect((e as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('a connection closed before any banner is "lost before handshake", as ssh2 says it', async () => {
    const port = await server((s) => s.destroy());
    const d = dial(at(port));
    await after(port, 'close');
    await new Promise((r) => setImmediate(r));
    const e = d.take();
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toBe('Connection lost before handshake');
  });

  it('discard closes a socket nobody took; DialedHosts dials only the first hosts and gives each once', async () => {
    const conns: net.Socket[] = [];
    const port = await server((s) => {
      s.resume();
      conns.push(s);
    });
    const hosts = new DialedHosts([at(port, 'a'), at(port, 'b'), at(port, 'c')], 2);
    expect(hosts.take('c')).toBeUndefined(); // beyond the limit: dialed when its turn comes
    const a = hosts.take('a');
    expect(a).toBeDefined();
    expect(hosts.take('a')).toBeUndefined();
    while (conns.length < 2) await new Promise((r) => setImmediate(r));
    hosts.discard(); // b
    a!.discard(); // handed out but not taken over by ssh2: closed too
    await Promise.all(conns.map((c) => once(c, 'end')));
    expect(conns).toHaveLength(2);
  });
});
