// The probes against a real HTTP server on loopback: the local one (fresh connections, overlapping
// requests) and the script --probe-from runs on a host (here run by the local shell).
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poll } from '../../../src/poll.js';
import { parseRemoteProbeLine, remoteProbeScript, startProbe, type ProbeOptions } from '../../../src/experiment/probe.js';

let server: http.Server;
let port = 0;
let healthy = true;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (!healthy) return; // hang: the probe's timeout must count it as failed
    res.writeHead(req.url === '/host.txt' ? 200 : 404).end('node7\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const options = (path = '/host.txt'): ProbeOptions => ({
  url: `http://127.0.0.1:${port}${path}`,
  intervalMs: 10,
  timeoutMs: 200,
  maxInFlight: 30,
  hostNames: ['node6', 'node7'],
  expectedStatus: 200,
});

describe('local probe', () => {
  it('records successes with the answering host, and a hang as failures while later requests still go out', async () => {
    healthy = true;
    const probe = startProbe(options());
    await new Promise((r) => setTimeout(r, 150));
    healthy = false;
    await new Promise((r) => setTimeout(r, 150));
    healthy = true;
    await new Promise((r) => setTimeout(r, 300));
    const samples = await probe.stop();
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.filter((s) => s.ok).every((s) => s.host === 'node7')).toBe(true);
    const failed = samples.filter((s) => !s.ok);
    expect(failed.length).toBeGreaterThan(3);
    expect(failed[0]!.error).toMatch(/timeout|ECONNRESET|socket hang up/);
    // requests kept being sent during the hang: no gap of more than the timeout between send times
    const gaps = samples.slice(1).map((s, i) => s.t - samples[i]!.t);
    expect(Math.max(...gaps)).toBeLessThan(200);
    expect(samples.at(-1)!.ok).toBe(true);
  });

  it('counts an unexpected status as a failure', async () => {
    healthy = true;
    const probe = startProbe(options('/missing'));
    await new Promise((r) => setTimeout(r, 60));
    const samples = await probe.stop();
    expect(samples.length).toBeGreaterThan(0);
    expect(samples.every((s) => !s.ok && s.error === 'HTTP 404')).toBe(true);
  });
});

describe('remote probe script (--probe-from)', () => {
  it('runs under bash and prints lines the parser reads', { timeout: 20_000 }, async () => {
    healthy = true;
    const script = remoteProbeScript(options()).text;
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    // Until four answers came (each is a curl process: slow on a loaded machine), not a fixed time.
    await poll(() => (out.split('\n').length > 4 ? true : undefined), { timeout: 15_000, step: 50 });
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
    const samples = out.split('\n').map((l) => parseRemoteProbeLine(l, options(), 0)).filter((s) => s !== undefined);
    expect(samples.length).toBeGreaterThan(3);
    expect(samples.every((s) => s.ok && s.host === 'node7')).toBe(true);
    expect(Math.abs(samples[0]!.t - Date.now())).toBeLessThan(5000);
  });

  it('parses failures and applies the clock offset', () => {
    expect(parseRemoteProbeLine('1764145801.500000 000 0.500000 ', options(), 1000)).toEqual({
      t: 1764145801500 - 1000,
      ms: 500,
      ok: false,
      host: undefined,
      error: 'no answer',
    });
    expect(parseRemoteProbeLine('garbage', options(), 0)).toBeUndefined();
  });
});
