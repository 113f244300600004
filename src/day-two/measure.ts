// Pure: what clients saw during a planned move, from the same recordings failover-test makes (probe samples
// and the hosts' address events). Definitions as in src/failover/measure.ts: the outage is the longest run of
// failed requests, from the first failure to the next success.
import type { AddressEvent, ProbeSample } from '../failover/types.js';

export interface MoveResult {
  from: string;
  to: string;
  moved: boolean;
  /** From the write that started the move (on the holder's clock, moved onto ours) to the VIP's arrival on the target. */
  moveSeconds: number | null;
  failedRequests: number;
  totalRequests: number;
  outageSeconds: number;
  /** When the old holder dropped the VIP, relative to its arrival on the target (negative: before it). */
  handoverSeconds: number | null;
  /** Which hosts answered, in order of first answer. */
  answeredBy: string[];
  /** what the figures were taken from, drawn by `switchover --html` (src/report/html/) */
  recording?: { startMs: number; probes: ProbeSample[]; events: AddressEvent[] };
}

const round3 = (ms: number) => Math.round(ms) / 1000;

export function measureMove(from: string, to: string, startMs: number, probes: ProbeSample[], events: AddressEvent[]): MoveResult {
  const sorted = [...probes].sort((a, b) => a.t - b.t);
  let longest = 0;
  let runStart: number | null = null;
  let lastFailure: ProbeSample | null = null;
  for (const p of sorted) {
    if (!p.ok) {
      runStart ??= p.t;
      lastFailure = p;
    } else if (runStart !== null) {
      longest = Math.max(longest, p.t - runStart);
      runStart = null;
    }
  }
  if (runStart !== null && lastFailure) longest = Math.max(longest, lastFailure.t + lastFailure.ms - runStart);
  const add = events.find((e) => e.kind === 'add' && e.host === to && e.t >= startMs - 50);
  const del = events.find((e) => e.kind === 'del' && e.host === from && e.t >= startMs - 50);
  const answeredBy: string[] = [];
  for (const p of sorted) if (p.ok && p.host && !answeredBy.includes(p.host)) answeredBy.push(p.host);
  return {
    from,
    to,
    moved: add !== undefined,
    moveSeconds: add ? round3(Math.max(0, add.t - startMs)) : null,
    failedRequests: sorted.filter((p) => !p.ok).length,
    totalRequests: sorted.length,
    outageSeconds: round3(longest),
    handoverSeconds: add && del ? round3(del.t - add.t) : null,
    answeredBy,
  };
}
