// Outage: probe samples cut into runs of consecutive failures. A run lasts from the send time of its first
// failed request to the send time of the next successful one (no success again: until the last failed request
// returned, and the scenario fails). The outage is the longest run in [inject, restore): a run counts for the
// window its first failure falls in; one already going on at inject counts from its first failure at or after
// inject. No failure: 0. No probe: null. Requests: those sent in the window. Pure.
import type { Catalog } from '../../i18n/index.js';
import { probeErrorSaid } from '../probe-error.js';
import type { ProbeSample } from '../types.js';
import { fmt, noFindings, rel, seconds, type Findings, type Recorded } from './common.js';

export interface FailureRun {
  failures: ProbeSample[];
  /** send time of the next successful request, or null when none followed */
  recoveredAt: number | null;
  recoveredBy: string | undefined;
}

export function cleanHost(h: string | undefined): string | undefined {
  const s = h?.trim();
  return s ? s : undefined;
}

export function failureRuns(probes: ProbeSample[]): FailureRun[] {
  const runs: FailureRun[] = [];
  let current: FailureRun | null = null;
  for (const p of probes) {
    if (!p.ok) {
      if (!current) {
        current = { failures: [], recoveredAt: null, recoveredBy: undefined };
        runs.push(current);
      }
      current.failures.push(p);
    } else if (current) {
      current.recoveredAt = p.t;
      current.recoveredBy = cleanHost(p.host);
      current = null;
    }
  }
  return runs;
}

export interface WindowRun {
  start: number;
  end: number;
  recovered: boolean;
  recoveredBy: string | undefined;
  failed: number;
  firstError: string | undefined;
}

export interface WindowOutage {
  /** longest run in ms, 0 without failures, null without probes in the window */
  longestMs: number | null;
  runs: WindowRun[];
}

/** The part of a run attributed to [from, to), or undefined. */
function runInWindow(run: FailureRun, from: number, to: number, includeOngoing: boolean): WindowRun | undefined {
  let failures = run.failures;
  if (failures[0]!.t < from) {
    if (!includeOngoing) return undefined;
    failures = failures.filter((p) => p.t >= from);
    if (failures.length === 0) return undefined;
  }
  const start = failures[0]!.t;
  if (start >= to) return undefined;
  const last = failures[failures.length - 1]!;
  const end = run.recoveredAt ?? last.t + last.ms;
  return { start, end, recovered: run.recoveredAt !== null, recoveredBy: run.recoveredBy, failed: failures.length, firstError: failures[0]!.error };
}

/**
 * Runs of failures attributed to [from, to): those whose first failure falls in it, and (when
 * includeOngoing) a run already going on at `from`, counted from its first failure at or after `from`.
 */
export function windowOutage(probes: ProbeSample[], runs: FailureRun[], from: number, to: number, includeOngoing: boolean): WindowOutage {
  if (!probes.some((p) => p.t >= from && p.t < to)) return { longestMs: null, runs: [] };
  const out = runs.map((run) => runInWindow(run, from, to, includeOngoing)).filter((r) => r !== undefined);
  return { longestMs: out.reduce((m, r) => Math.max(m, r.end - r.start), 0), runs: out };
}

/** " (detail)" after a timeline line, in the reader's words for the probe's own errors. */
export const errorSuffix = (error: string | undefined) => (c: Catalog) =>
  error ? c.failover.timeline.detailSuffix({ detail: probeErrorSaid(error)(c) }) : '';
export const detailSuffix = (detail: string | undefined) => (c: Catalog) => (detail ? c.failover.timeline.detailSuffix({ detail }) : '');

export interface Outage extends Findings {
  outageSeconds: number | null;
  failedRequests: number;
  totalRequests: number;
}

export function analyseOutage(r: Recorded, runs: FailureRun[]): Outage {
  const out: Outage = { ...noFindings(), outageSeconds: null, failedRequests: 0, totalRequests: 0 };
  const { inject, probes } = r;
  if (inject === null) return out;
  // The window is [inject, restore): a request sent at restore belongs to the failback window.
  const windowEnd = r.restore ?? r.recordingEnd + 1;
  const inWindow = probes.filter((p) => p.t >= inject && p.t < windowEnd);
  out.totalRequests = inWindow.length;
  out.failedRequests = inWindow.filter((p) => !p.ok).length;
  const w = windowOutage(probes, runs, inject, windowEnd, true);
  if (w.longestMs === null) {
    out.reasons.push((c) => c.failover.reason.noProbes);
  } else {
    out.outageSeconds = seconds(w.longestMs);
    const outage = fmt(out.outageSeconds);
    const allowed = fmt(r.maxOutageMs / 1000);
    if (w.longestMs > r.maxOutageMs) out.reasons.push((c) => c.failover.reason.outageTooLong({ outage, allowed }));
  }
  w.runs.forEach((run, i) => {
    const first = errorSuffix(run.firstError);
    out.entries.push({ t: run.start, said: (c) => (i === 0 ? c.failover.timeline.probeFirstFailure : c.failover.timeline.probeFailuresAgain)({ suffix: first(c) }) });
    if (run.recovered) {
      const by = detailSuffix(run.recoveredBy);
      const duration = fmt((run.end - run.start) / 1000);
      out.entries.push({ t: run.end, said: (c) => c.failover.timeline.probeRecovered({ suffix: by(c), duration, failed: run.failed }) });
    } else {
      const from = rel(run.start, r.origin);
      out.reasons.push((c) => c.failover.reason.neverAnsweredAgain({ from }));
      out.entries.push({ t: run.end, said: (c) => c.failover.timeline.probeNeverRecovered });
    }
  });
  return out;
}

/** Timeline lines where the answering host changed. */
export function answeringHosts(r: Recorded): Findings {
  const out = noFindings();
  let lastHost: string | undefined;
  for (const p of r.probes) {
    const h = cleanHost(p.host);
    if (!p.ok || !h) continue;
    if (lastHost !== undefined && h !== lastHost) out.entries.push({ t: p.t, said: (c) => c.failover.timeline.probeAnsweredBy({ host: h }) });
    lastHost = h;
  }
  return out;
}
