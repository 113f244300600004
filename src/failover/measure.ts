// Pure: turns one scenario's recording (probes, address events, markers) into the figures the report shows.
//
// Definitions (times are epoch ms on one clock; results are seconds rounded to the millisecond):
// - Window: from the 'inject' marker to the 'restore' marker (or the end of the recording when there is no
//   'restore'). The failback window runs from 'restore' to 'failback-settled' (or the end of the recording).
// - VIP move: from 'inject' to the first 'add' of the VIP on a host other than the master. Events up to
//   CLOCK_TOLERANCE_MS before inject count too (clock offsets are measured, not exact); the move is then 0.
// - Outage: the probe samples are cut into runs of consecutive failures. A run lasts from the send time of its
//   first failed request (after the last success) to the send time of the next successful request; when no
//   request succeeds again it lasts until the last failed request returned, and the scenario fails. The outage
//   is the longest run in the window: a run counts for the window its first failure falls in; a run already
//   going on at inject counts from its first failure at or after inject. No failure: 0. No probe: null.
// - Requests: failedRequests/totalRequests count requests sent in the window.
// - Split brain: the VIP's holders are rebuilt from the address events, starting with the master holding it.
//   Any stretch where two or more hosts hold it is an overlap; an overlap shorter than SPLIT_BRAIN_GRACE_MS
//   is the normal hand-over (the new holder adds, the old one deletes a moment later, plus clock error) and
//   does not count. Longer overlaps count with their whole length. An overlap still open at the end of the
//   recording lasts until then. One exception: in 'network-loss' the isolated master keeps the VIP by design
//   (it hears no adverts, and no client can reach it), so overlaps between inject and restore that include
//   the master are not counted; after restore the peers need up to one advert interval to settle, so the
//   grace there is advert_int + SPLIT_BRAIN_GRACE_MS.
// - Failback (preemption): from 'restore' to the VIP's 'add' on the master, or to the move back (the master the
//   sole holder again) when it never lost it (network-loss), whichever comes first; 0 when the master
//   took the VIP back before the restore (the failure healed by itself, e.g. systemd restarted Tomcat). With nopreempt it is
//   null (the VIP staying on the backup is correct). With preemption the VIP must be on the master at the end
//   of the recording, or the scenario fails. The failback outage is the longest run in the failback window.
// - Moves: the VIP's sole holder over time, rebuilt from the address events (starting with the master; a
//   stretch with no holder or with two is no holder change). Each change after inject is a move: away when it
//   goes to another host than the master, back when it goes to the master. In 'network-loss' the cut-off
//   master does not count as a holder between inject and restore (no client can reach it). A clean scenario
//   moves away exactly once and, with preemption, back exactly once (before or after the restore: a Tomcat
//   that systemd restarts by itself brings the VIP back early); anything else is a flap and fails.
// - Status: 'error' when the scenario could not be carried out (the cluster was not healthy before it, the
//   failsafe could not be armed, the inject itself failed): nothing was measured. Otherwise 'pass' or 'fail'.
// - Passed: no error, an inject marker, the VIP moved, probes were recorded, the outage and the failback
//   outage are at most maxOutageSeconds, no split brain, clients got answers again, and (with preemption)
//   the VIP went back to the master.
//
// Every sentence is made once as a Said (src/failover/types.ts) and rendered in English for the result's text
// fields (the JSON report); the human renderers call the Said again in the reader's language.
import { en } from '../i18n/en/index.js';
import type { Catalog } from '../i18n/index.js';
import { probeErrorSaid } from './probe.js';
import { masterDownSeconds, skewSeconds } from '../vrrp-timing.js';
import type {
  AddressEvent,
  Marker,
  ProbeSample,
  Said,
  ScenarioName,
  ScenarioRecording,
  ScenarioResult,
  ScenarioTimeline,
  TimingParams,
} from './types.js';

export const SPLIT_BRAIN_GRACE_MS = 200;
export const CLOCK_TOLERANCE_MS = 50;

export interface Thresholds {
  maxOutageSeconds: number;
}

const seconds = (ms: number): number => Math.round(ms) / 1000;
const round3 = (s: number): number => Math.round(s * 1000) / 1000;
const fmt = (s: number): string => `${round3(s).toFixed(3)} s`;

/** "198.18.1.100/24" and "198.18.1.100" are the same address. */
export function sameAddress(a: string, b: string): boolean {
  const bare = (s: string) => s.trim().split('/')[0]!.toLowerCase();
  return bare(a) === bare(b);
}

function markerTime(markers: Marker[], label: string): number | null {
  const m = markers.find((x) => x.label === label);
  return m ? m.t : null;
}

// ---------------------------------------------------------------------------------------------------------
// Theoretical bounds

export function theoreticalBound(scenario: ScenarioName, p: TimingParams): { seconds: number | null; explanation: string; said: Said } {
  const { seconds, said } = boundOf(scenario, p);
  return { seconds, explanation: said(en), said };
}

/** The bound and its explanation in any language (the words: the `bound` messages of src/i18n/en/failover.ts). */
function boundOf(scenario: ScenarioName, p: TimingParams): { seconds: number | null; said: Said } {
  const skew = skewSeconds(p);
  const skewWords = (c: Catalog) =>
    p.vrrpVersion === 3
      ? c.failover.bound.skewV3({ backupPriority: p.priorityBackup, advertInt: p.advertInt, skew: fmt(skew) })
      : c.failover.bound.skewV2({ backupPriority: p.priorityBackup, skew: fmt(skew) });
  const down = masterDownSeconds(p);
  const downWords = (c: Catalog) => c.failover.bound.masterDown({ advertInt: p.advertInt, skewWords: skewWords(c), down: fmt(down) });
  const timeout = p.checkTimeout ?? p.checkInterval;
  const timeoutWords = (c: Catalog) =>
    p.checkTimeout === undefined ? c.failover.bound.checkTimeoutAssumed({ timeout }) : c.failover.bound.checkTimeout({ timeout });

  switch (scenario) {
    case 'keepalived-stop':
      return { seconds: round3(skew), said: (c) => c.failover.bound.keepalivedStop({ skewWords: skewWords(c) }) };
    case 'keepalived-kill':
      return { seconds: round3(down), said: (c) => c.failover.bound.keepalivedKill({ downWords: downWords(c) }) };
    case 'host-crash':
      return { seconds: round3(down), said: (c) => c.failover.bound.hostCrash({ downWords: downWords(c) }) };
    case 'network-loss':
      return { seconds: round3(down), said: (c) => c.failover.bound.networkLoss({ downWords: downWords(c) }) };
    case 'reboot':
      return { seconds: round3(down), said: (c) => c.failover.bound.reboot({ skewWords: skewWords(c), downWords: downWords(c) }) };
    case 'tomcat-stop':
    case 'tomcat-crash': {
      const what = (c: Catalog) => (scenario === 'tomcat-stop' ? c.failover.bound.tomcatStopped : c.failover.bound.tomcatKilled);
      if (p.trackProcess) {
        return { seconds: round3(skew), said: (c) => c.failover.bound.seenByTrackProcess({ what: what(c), skewWords: skewWords(c) }) };
      }
      if (p.watchdogMs !== undefined) {
        const w = p.watchdogMs / 1000;
        return {
          seconds: round3(2 * w + skew),
          said: (c) => c.failover.bound.seenByWatchdog({ what: what(c), interval: w, skewWords: skewWords(c) }),
        };
      }
      return {
        seconds: round3(p.checkInterval * p.fall + skew),
        said: (c) => c.failover.bound.seenByVrrpScript({ what: what(c), interval: p.checkInterval, fall: p.fall, skewWords: skewWords(c) }),
      };
    }
    case 'tomcat-hang': {
      if (p.watchdogMs !== undefined) {
        const w = p.watchdogMs / 1000;
        const wt = (p.watchdogTimeoutMs ?? p.watchdogMs) / 1000;
        return {
          seconds: round3(p.fall * (wt + w) + skew),
          said: (c) =>
            c.failover.bound.hangByWatchdog({
              fall: p.fall,
              timeout: wt,
              assumed: p.watchdogTimeoutMs === undefined ? c.failover.bound.hangTimeoutAssumed : '',
              interval: w,
              skewWords: skewWords(c),
            }),
        };
      }
      return {
        seconds: round3(p.checkInterval * p.fall + timeout + skew),
        said: (c) =>
          c.failover.bound.hangByCheck({ interval: p.checkInterval, fall: p.fall, timeoutWords: timeoutWords(c), skewWords: skewWords(c) }),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Probes

interface FailureRun {
  failures: ProbeSample[];
  /** send time of the next successful request, or null when none followed */
  recoveredAt: number | null;
  recoveredBy: string | undefined;
}

function failureRuns(probes: ProbeSample[]): FailureRun[] {
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

function cleanHost(h: string | undefined): string | undefined {
  const s = h?.trim();
  return s ? s : undefined;
}

interface WindowOutage {
  /** longest run in ms, 0 without failures, null without probes in the window */
  longestMs: number | null;
  runs: { start: number; end: number; recovered: boolean; recoveredBy: string | undefined; failed: number; firstError: string | undefined }[];
}

/**
 * Runs of failures attributed to [from, to): those whose first failure falls in it, and (when
 * includeOngoing) a run already going on at `from`, counted from its first failure at or after `from`.
 */
function windowOutage(probes: ProbeSample[], runs: FailureRun[], from: number, to: number, includeOngoing: boolean): WindowOutage {
  const inWindow = probes.filter((p) => p.t >= from && p.t < to);
  if (inWindow.length === 0) return { longestMs: null, runs: [] };
  const out: WindowOutage['runs'] = [];
  for (const run of runs) {
    const first = run.failures[0]!;
    let failures = run.failures;
    if (first.t < from) {
      if (!includeOngoing) continue;
      failures = run.failures.filter((p) => p.t >= from);
      if (failures.length === 0) continue;
    }
    const start = failures[0]!.t;
    if (start >= to) continue;
    const last = failures[failures.length - 1]!;
    const end = run.recoveredAt ?? last.t + last.ms;
    out.push({
      start,
      end,
      recovered: run.recoveredAt !== null,
      recoveredBy: run.recoveredBy,
      failed: failures.length,
      firstError: failures[0]!.error,
    });
  }
  const longestMs = out.reduce((m, r) => Math.max(m, r.end - r.start), 0);
  return { longestMs, runs: out };
}

// ---------------------------------------------------------------------------------------------------------
// Holders of the VIP over time

interface Overlap {
  start: number;
  /** null: still open at the end of the recording */
  end: number | null;
  hosts: string[];
}

function overlaps(master: string, events: AddressEvent[]): Overlap[] {
  const holders = new Set<string>([master]);
  const out: Overlap[] = [];
  let open: Overlap | null = null;
  for (const e of events) {
    if (e.kind === 'add') holders.add(e.host);
    else holders.delete(e.host);
    const hosts = [...holders].sort();
    if (hosts.length >= 2) {
      if (open && open.hosts.join() !== hosts.join()) {
        open.end = e.t;
        open = null;
      }
      if (!open) {
        open = { start: e.t, end: null, hosts };
        out.push(open);
      }
    } else if (open) {
      open.end = e.t;
      open = null;
    }
  }
  return out;
}

/** Joins adjacent overlaps (the set of holders changed but two or more held it throughout). */
function mergeAdjacent(list: Overlap[]): Overlap[] {
  const out: Overlap[] = [];
  for (const o of list) {
    const prev = out[out.length - 1];
    if (prev && prev.end === o.start) {
      prev.end = o.end;
      prev.hosts = [...new Set([...prev.hosts, ...o.hosts])].sort();
    } else out.push({ ...o });
  }
  return out;
}

function holdersAt(master: string, events: AddressEvent[], t: number): Set<string> {
  const holders = new Set<string>([master]);
  for (const e of events) {
    if (e.t > t) break;
    if (e.kind === 'add') holders.add(e.host);
    else holders.delete(e.host);
  }
  return holders;
}

export interface HolderMove {
  t: number;
  from: string;
  to: string;
}

/** Changes of the VIP's sole holder from `from` on; `isolated` hides the master in that span (network-loss). */
export function holderMoves(master: string, events: AddressEvent[], from: number, isolated?: { from: number; to: number }): HolderMove[] {
  const points: { t: number; e?: AddressEvent }[] = events.map((e) => ({ t: e.t, e }));
  if (isolated) points.push({ t: isolated.from }, { t: isolated.to });
  points.sort((a, b) => a.t - b.t);
  const holders = new Set<string>([master]);
  let sole = master;
  const moves: HolderMove[] = [];
  for (const p of points) {
    if (p.e) {
      if (p.e.kind === 'add') holders.add(p.e.host);
      else holders.delete(p.e.host);
    }
    const hidden = isolated && p.t >= isolated.from && p.t < isolated.to;
    const effective = [...holders].filter((h) => !(hidden && h === master));
    if (effective.length !== 1 || effective[0] === sole) continue;
    if (p.t >= from) moves.push({ t: p.t, from: sole, to: effective[0]! });
    sole = effective[0]!;
  }
  return moves;
}

// ---------------------------------------------------------------------------------------------------------

export function measureScenario(tl: ScenarioTimeline, thresholds: Thresholds): ScenarioResult {
  const reasons: string[] = [];
  const reasonsSaid: Said[] = [];
  const reason = (f: Said) => {
    reasonsSaid.push(f);
    reasons.push(f(en));
  };
  const entries: { t: number; label: string; said: Said }[] = [];
  const entry = (t: number, said: Said) => entries.push({ t, label: said(en), said });
  const hostsAnd = (hosts: string[]) => (c: Catalog) => hosts.join(c.failover.hostsAnd);
  const suffix = (detail: string | undefined) => (c: Catalog) => (detail ? c.failover.timeline.detailSuffix({ detail }) : '');
  const errorSuffix = (error: string | undefined) => (c: Catalog) =>
    error ? c.failover.timeline.detailSuffix({ detail: probeErrorSaid(error)(c) }) : '';
  // The runner's words for why the scenario did not run or what went wrong; the English text without them.
  const notRunText = (c: Catalog) => (tl.notRunSaid ? tl.notRunSaid(c) : (tl.notRun ?? ''));
  const errorParts: Said[] = tl.errorSaid?.length ? tl.errorSaid : tl.error ? tl.error.split('; ').map((e) => () => e) : [];
  const errorText = (c: Catalog) => errorParts.map((f) => f(c)).join(c.failover.reasonSeparator);
  const probes = [...tl.probes].sort((a, b) => a.t - b.t);
  const events = tl.events.filter((e) => sameAddress(e.address, tl.vip)).sort((a, b) => a.t - b.t);
  const markers = [...tl.markers].sort((a, b) => a.t - b.t);
  const maxOutageMs = thresholds.maxOutageSeconds * 1000;

  const allTimes = [...probes.map((p) => p.t + p.ms), ...events.map((e) => e.t), ...markers.map((m) => m.t)];
  const recordingStart = allTimes.length ? Math.min(...probes.map((p) => p.t), ...events.map((e) => e.t), ...markers.map((m) => m.t)) : 0;
  const recordingEnd = allTimes.length ? Math.max(...allTimes) : 0;

  const inject = markerTime(markers, 'inject');
  const restore = markerTime(markers, 'restore');
  const failbackSettled = markerTime(markers, 'failback-settled');
  const origin = inject ?? recordingStart;

  if (tl.notRun) reason((c) => c.failover.reason.notCarriedOut({ why: notRunText(c) }));
  if (tl.error) reason((c) => c.failover.reason.didNotRunCleanly({ error: errorText(c) }));
  if (inject === null && !tl.notRun) reason((c) => c.failover.reason.noInjectMarker);

  for (const m of markers) entry(m.t, markerSaid(m.label, tl));
  for (const e of events) {
    entry(e.t, (c) => (e.kind === 'add' ? c.failover.timeline.vipAdded : c.failover.timeline.vipRemoved)({ host: e.host, vip: tl.vip }));
  }

  // VIP move
  let vipMoveSeconds: number | null = null;
  let newHolder: string | null = null;
  if (inject !== null) {
    const move = events.find((e) => e.kind === 'add' && e.host !== tl.master && e.t >= inject - CLOCK_TOLERANCE_MS);
    if (move) {
      vipMoveSeconds = seconds(Math.max(0, move.t - inject));
      newHolder = move.host;
    } else {
      reason((c) => c.failover.reason.vipNeverMoved({ vip: tl.vip, master: tl.master }));
    }
  }

  // Moves: exactly one away and (with preemption) one back; more is a flap that clients may have seen twice.
  let movesAway = 0;
  let movesBack = 0;
  let moves: HolderMove[] = [];
  if (inject !== null) {
    const isolated = tl.scenario === 'network-loss' ? { from: inject, to: restore ?? Number.POSITIVE_INFINITY } : undefined;
    moves = holderMoves(tl.master, events, inject - CLOCK_TOLERANCE_MS, isolated);
    for (const m of moves) {
      if (m.to === tl.master) {
        const count = ++movesBack;
        entry(m.t, (c) => c.failover.timeline.vipNowOnBack({ host: m.to, count }));
      } else {
        const count = ++movesAway;
        entry(m.t, (c) => c.failover.timeline.vipNowOnAway({ host: m.to, count }));
      }
    }
    const [away, back] = [movesAway, movesBack];
    if (away > 1) reason((c) => c.failover.reason.flappedAway({ master: tl.master, count: away }));
    if (!tl.params.nopreempt && away >= 1 && back > 1) reason((c) => c.failover.reason.flappedBack({ master: tl.master, count: back }));
    if (tl.params.nopreempt && back > 0) reason((c) => c.failover.reason.movedBackDespiteNopreempt({ master: tl.master, count: back }));
  }

  // Outage and requests in [inject, restore]
  // The window is [inject, restore): a request sent at restore belongs to the failback window.
  const windowEnd = restore ?? recordingEnd + 1;
  const runs = failureRuns(probes);
  let outageSeconds: number | null = null;
  const outages: ScenarioRecording['outages'] = [];
  let failedRequests = 0;
  let totalRequests = 0;
  if (inject !== null) {
    const inWindow = probes.filter((p) => p.t >= inject && p.t < windowEnd);
    totalRequests = inWindow.length;
    failedRequests = inWindow.filter((p) => !p.ok).length;
    const w = windowOutage(probes, runs, inject, windowEnd, true);
    outages.push(...w.runs.map((r) => ({ fromMs: r.start, toMs: r.end, failback: false })));
    if (w.longestMs === null) {
      reason((c) => c.failover.reason.noProbes);
    } else {
      const outage = fmt(seconds(w.longestMs));
      outageSeconds = seconds(w.longestMs);
      if (w.longestMs > maxOutageMs) {
        reason((c) => c.failover.reason.outageTooLong({ outage, allowed: fmt(thresholds.maxOutageSeconds) }));
      }
    }
    w.runs.forEach((r, i) => {
      const first = errorSuffix(r.firstError);
      entry(r.start, (c) => (i === 0 ? c.failover.timeline.probeFirstFailure : c.failover.timeline.probeFailuresAgain)({ suffix: first(c) }));
      if (r.recovered) {
        const by = suffix(r.recoveredBy);
        const duration = fmt((r.end - r.start) / 1000);
        entry(r.end, (c) => c.failover.timeline.probeRecovered({ suffix: by(c), duration, failed: r.failed }));
      } else {
        const from = rel(r.start, origin);
        reason((c) => c.failover.reason.neverAnsweredAgain({ from }));
        entry(r.end, (c) => c.failover.timeline.probeNeverRecovered);
      }
    });
  }

  // Which node answered: changes of the answering host
  let lastHost: string | undefined;
  for (const p of probes) {
    const h = cleanHost(p.host);
    if (!p.ok || !h) continue;
    if (lastHost !== undefined && h !== lastHost) entry(p.t, (c) => c.failover.timeline.probeAnsweredBy({ host: h }));
    lastHost = h;
  }

  // Failback
  let failbackSeconds: number | null = null;
  let failbackOutageSeconds: number | null = null;
  if (restore !== null) {
    const fbEnd = failbackSettled ?? recordingEnd + 1;
    const fw = windowOutage(probes, runs, restore, fbEnd, false);
    outages.push(...fw.runs.map((r) => ({ fromMs: r.start, toMs: r.end, failback: true })));
    if (fw.longestMs !== null) {
      failbackOutageSeconds = seconds(fw.longestMs);
      const outage = fmt(failbackOutageSeconds);
      if (fw.longestMs > maxOutageMs) {
        reason((c) => c.failover.reason.failbackOutageTooLong({ outage, allowed: fmt(thresholds.maxOutageSeconds) }));
      }
      for (const r of fw.runs) {
        const first = errorSuffix(r.firstError);
        entry(r.start, (c) => c.failover.timeline.probeFailbackFailures({ suffix: first(c) }));
        const by = suffix(r.recoveredBy);
        const from = rel(r.start, origin);
        if (r.recovered) entry(r.end, (c) => c.failover.timeline.probeSuccessAgain({ suffix: by(c) }));
        else reason((c) => c.failover.reason.neverAnsweredAfterFailback({ from }));
      }
    }
    if (!tl.params.nopreempt) {
      // The move back is when the master is the VIP's sole holder again: after network-loss it never lost
      // the VIP, the backup just gives it up.
      const moveBack = moves.find((m) => m.to === tl.master && m.t >= restore - CLOCK_TOLERANCE_MS);
      const added = events.find((e) => e.kind === 'add' && e.host === tl.master && e.t >= restore - CLOCK_TOLERANCE_MS);
      const back = added && moveBack ? Math.min(added.t, moveBack.t) : (added ?? moveBack)?.t;
      if (back !== undefined) failbackSeconds = seconds(Math.max(0, back - restore));
      else if (inject !== null) {
        // The master took the VIP back before we restored anything: the failure healed by itself (systemd
        // restarting a crashed Tomcat, say). Failback then cost nothing after restore.
        const early = moves.find((m) => m.to === tl.master && m.t > inject && m.t < restore);
        if (early) {
          failbackSeconds = 0;
          entry(early.t, (c) => c.failover.timeline.healedBeforeRestore({ master: tl.master }));
        }
      }
      const finalHolders = holdersAt(tl.master, events, Number.POSITIVE_INFINITY);
      if (!finalHolders.has(tl.master)) {
        const now = [...finalHolders].sort();
        const holders = (c: Catalog) => (now.length ? hostsAnd(now)(c) : c.failover.reason.noHost);
        reason((c) => c.failover.reason.notBackOnMaster({ master: tl.master, holders: holders(c) }));
      }
    }
  }

  // Split brain
  const grace = SPLIT_BRAIN_GRACE_MS;
  let splitBrainMs = 0;
  const splitHosts = new Set<string>();
  for (const o of mergeAdjacent(overlaps(tl.master, events))) {
    const end = o.end ?? Math.max(recordingEnd, o.start);
    const pieces: { start: number; end: number; grace: number }[] = [];
    if (tl.scenario === 'network-loss' && inject !== null && o.hosts.includes(tl.master)) {
      const isolatedUntil = restore ?? Number.POSITIVE_INFINITY;
      if (o.start < isolatedUntil && end > inject) {
        entry(Math.max(o.start, inject), (c) => c.failover.timeline.isolatedMasterHolds({ master: tl.master, vip: tl.vip }));
      }
      if (o.start < inject) pieces.push({ start: o.start, end: Math.min(end, inject), grace });
      if (end > isolatedUntil) pieces.push({ start: Math.max(o.start, isolatedUntil), end, grace: grace + tl.params.advertInt * 1000 });
    } else {
      pieces.push({ start: o.start, end, grace });
    }
    for (const piece of pieces) {
      const length = piece.end - piece.start;
      if (length <= piece.grace) continue;
      splitBrainMs += length;
      for (const h of o.hosts) splitHosts.add(h);
      const hosts = hostsAnd(o.hosts);
      const both = o.hosts.length === 2;
      entry(piece.start, (c) => (both ? c.failover.timeline.splitBrainBoth : c.failover.timeline.splitBrainAll)({ hosts: hosts(c), vip: tl.vip }));
      const duration = fmt(length / 1000);
      const stillOn = o.end === null && piece.end === end;
      entry(piece.end, (c) => (stillOn ? c.failover.timeline.splitBrainStillOn : c.failover.timeline.splitBrainOver)({ duration }));
    }
  }
  const splitBrain = splitBrainMs > 0;
  const splitBrainSeconds = seconds(splitBrainMs);
  if (splitBrain) {
    const hosts = hostsAnd([...splitHosts].sort());
    reason((c) => c.failover.reason.splitBrain({ hosts: hosts(c), vip: tl.vip, total: fmt(splitBrainSeconds), grace: fmt(grace / 1000) }));
  }

  const bound = theoreticalBound(tl.scenario, tl.params);

  const sorted = entries.map((e, i) => ({ ...e, i })).sort((a, b) => a.t - b.t || a.i - b.i);
  const timeline = sorted.map((e) => ({ t: round3((e.t - origin) / 1000), label: e.label }));

  // Without the master's session part of the recording is missing: no verdict from half a picture.
  if (tl.sessionLost) {
    reasons.splice(0, reasons.length);
    reasonsSaid.splice(0, reasonsSaid.length);
    reason((c) => c.failover.reason.sessionLost({ master: tl.master }));
    // The runner's other troubles (a restore that failed) stay; its own note of the lost session does not.
    for (const part of errorParts) if (!part(en).startsWith('the SSH session')) reason(part);
  }
  const status: ScenarioResult['status'] = tl.notRun || tl.sessionLost ? 'error' : reasons.length === 0 ? 'pass' : 'fail';
  const result: ScenarioResult = {
    name: tl.scenario,
    status,
    passed: status === 'pass',
    reasons,
    movesAway,
    movesBack,
    vipMoveSeconds,
    newHolder,
    outageSeconds,
    failedRequests,
    totalRequests,
    failbackSeconds,
    failbackOutageSeconds,
    splitBrain,
    splitBrainSeconds,
    boundSeconds: bound.seconds,
    boundExplanation: bound.explanation,
    params: tl.params,
    timeline,
    said: { reasons: reasonsSaid, bound: bound.said, timeline: sorted.map((e) => e.said) },
    recording: { originMs: origin, master: tl.master, backups: tl.backups, probes, events, markers, outages },
  };
  if (tl.error || tl.notRun) {
    const said = (c: Catalog) => [notRunText(c), tl.error ? errorText(c) : ''].filter(Boolean).join(c.failover.reasonSeparator);
    result.error = said(en);
    result.said!.error = said;
  }
  return result;
}

/** A marker on the timeline: the known ones in the reader's words, any other as it was recorded. */
function markerSaid(label: string, tl: ScenarioTimeline): Said {
  switch (label) {
    case 'inject':
      return (c) => c.failover.timeline.injected({ scenario: tl.scenario, master: tl.master });
    case 'restore':
      return (c) => c.failover.timeline.markerRestore;
    case 'settled':
      return (c) => c.failover.timeline.markerSettled;
    case 'failback-settled':
      return (c) => c.failover.timeline.markerFailbackSettled;
    default:
      return () => label;
  }
}

function rel(t: number, origin: number): string {
  const s = round3((t - origin) / 1000);
  return `${s >= 0 ? '+' : ''}${s.toFixed(3)}`;
}
