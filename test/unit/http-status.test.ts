// httpStatus against servers on the loopback: the code of a whole answer, and 'no answer' for everything else.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpStatus } from '../../src/http-status.js';

const servers: (http.Server | net.Server)[] = [];
afterEach(async () => {
  for (const s of servers) if (s instanceof http.Server) s.closeAllConnections(); // the stalled answers
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen<T extends http.Server | net.Server>(server: T): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/host.txt`;
}

describe('httpStatus', () => {
  it('answers the status code once the body is read', async () => {
    const url = await listen(http.createServer((req, res) => res.writeHead(req.url === '/host.txt' ? 200 : 404).end('node1\n')));
    expect(await httpStatus(url, 2000)).toBe('200');
    const bad = await listen(http.createServer((_req, res) => res.writeHead(503).end('down')));
    expect(await httpStatus(bad, 2000)).toBe('503');
  });

  it('no answer: refused, not HTTP, too slow, cancelled', async () => {
    const closed = await listen(net.createServer());
    await new Promise((r) => servers.pop()!.close(r));
    expect(await httpStatus(closed, 2000)).toBe('no answer');
    const garbage = await listen(net.createServer((s) => s.resume().end('SSH-2.0-OpenSSH_9.2\r\n')));
    expect(await httpStatus(garbage, 2000)).toBe('no answer');
    // Headers at once, the body never: the timeout covers the whole answer.
    const stalls = await listen(http.createServer((_req, res) => res.writeHead(200).write('partial')));
    expect(await httpStatus(stalls, 300)).toBe('no answer');
    const cancel = new AbortController();
    const pending = httpStatus(stalls, 10_000, cancel.signal);
    cancel.abort();
    expect(await pending).toBe('no answer');
  });
});
