// The client's view: HTTP GETs to the VIP over fresh connections, one sent every `intervalMs` whatever
// the previous ones are doing (a request stuck on a dead master must not hide the ones after it).
import http from 'node:http';
import type { ProbeSample } from './types.js';

export interface ProbeOptions {
  url: string;
  intervalMs: number; // ~10 ms
  timeoutMs: number; // a request that takes longer counts as failed
  maxInFlight: number;
  /** Host names: a response body equal to one of them says which host answered. */
  hostNames: string[];
  expectedStatus: number;
}

export interface Probe {
  samples: ProbeSample[];
  stop(): Promise<ProbeSample[]>;
}

function request(opts: ProbeOptions): Promise<ProbeSample> {
  const t = Date.now();
  return new Promise((resolve) => {
    let done = false;
    const finish = (s: Omit<ProbeSample, 't' | 'ms'>) => {
      if (done) return;
      done = true;
      resolve({ t, ms: Date.now() - t, ...s });
    };
    // agent: false -> a new TCP connection per request, as a new client would make.
    const req = http.get(opts.url, { agent: false, timeout: opts.timeoutMs, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < 256) body += d;
      });
      res.on('end', () => {
        const name = body.trim();
        const ok = res.statusCode === opts.expectedStatus;
        finish({ ok, host: opts.hostNames.includes(name) ? name : undefined, error: ok ? undefined : `HTTP ${res.statusCode}` });
      });
      res.on('error', (e) => finish({ ok: false, error: e.message }));
    });
    req.on('timeout', () => {
      req.destroy(new Error(`timeout after ${opts.timeoutMs} ms`));
    });
    req.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, error: e.code ?? e.message }));
  });
}

export function startProbe(opts: ProbeOptions): Probe {
  const samples: ProbeSample[] = [];
  const pending = new Set<Promise<void>>();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    if (pending.size < opts.maxInFlight) {
      const p = request(opts).then((s) => {
        samples.push(s);
        pending.delete(p);
      });
      pending.add(p);
    }
  };
  const timer = setInterval(tick, opts.intervalMs);
  tick();
  return {
    samples,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.all(pending);
      return samples.sort((a, b) => a.t - b.t);
    },
  };
}
