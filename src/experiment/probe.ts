// The client's view: HTTP GETs to the VIP over fresh connections, one sent every `intervalMs` whatever
// the previous ones are doing (a request stuck on a dead master must not hide the ones after it).
import http from 'node:http';
import { en } from '../i18n/en/index.js';
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';
import type { RemoteHost } from '../remote/host.js';
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
      req.destroy(new Error(en.failover.timeline.probeTimedOut({ ms: opts.timeoutMs })));
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

/**
 * The probe run on another host (`--probe-from HOST`), for networks where the VIP is only reachable from
 * inside: a bash loop with curl, one fresh connection per request, each line timestamped on that host and
 * moved onto our clock. Requests there run one after another (a stuck request delays the next one by up
 * to the timeout), so its outage figures are coarser than the local probe's by up to `timeoutMs`.
 */
export function remoteProbeScript(opts: ProbeOptions): ShellCommand {
  const inner = joinCommands([
    cmd`url=${opts.url}`,
    cmd`while :; do`,
    cmd`  t=$EPOCHREALTIME`,
    cmd`  out=$(curl -s -o - -w '\n@@%{http_code} %{time_total}' --max-time ${(opts.timeoutMs / 1000).toFixed(3)} "$url" 2>/dev/null)`,
    cmd`  tail=\${out##*@@}; body=\${out%%@@*}; body=\${body%%$'\n'*}`,
    cmd`  echo "$t $tail \${body:0:64}"`,
    cmd`  sleep ${(opts.intervalMs / 1000).toFixed(3)}`,
    cmd`done`,
  ]);
  return cmd`exec bash -c ${inner.text}`;
}

export function parseRemoteProbeLine(line: string, opts: ProbeOptions, offsetMs: number): ProbeSample | undefined {
  const m = /^(\d+[.,]\d+) (\d{3}) ([\d.]+)\s?(.*)$/.exec(line.trim());
  if (!m) return undefined;
  const code = Number(m[2]);
  const ok = code === opts.expectedStatus;
  const name = (m[4] ?? '').trim();
  return {
    t: Number(m[1]!.replace(',', '.')) * 1000 - offsetMs,
    ms: Number(m[3]) * 1000,
    ok,
    host: opts.hostNames.includes(name) ? name : undefined,
    error: ok ? undefined : code === 0 ? en.failover.timeline.probeNoAnswer : `HTTP ${code}`,
  };
}

export async function startRemoteProbe(
  remote: RemoteHost,
  opts: ProbeOptions,
  offsetMs: number,
): Promise<Probe> {
  const samples: ProbeSample[] = [];
  const handle = await remote.stream(remoteProbeScript(opts), (line) => {
    const s = parseRemoteProbeLine(line, opts, offsetMs);
    if (s) samples.push(s);
  });
  return {
    samples,
    async stop() {
      await handle.stop();
      return samples.sort((a, b) => a.t - b.t);
    },
  };
}
