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
import type {
  AddressEvent,
  Marker,
  ProbeSample,
  ScenarioName,
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

/** Skew time: how long a backup waits after a priority-0 advert (and the extra part of Master_Down). */
export function skewSeconds(p: TimingParams): number {
  const share = (256 - p.priorityBackup) / 256;
  return p.vrrpVersion === 3 ? share * p.advertInt : share;
}

/** Master_Down_Interval = 3 x advert_int + skew. */
export function masterDownSeconds(p: TimingParams): number {
  return 3 * p.advertInt + skewSeconds(p);
}

export function theoreticalBound(scenario: ScenarioName, p: TimingParams): { seconds: number | null; explanation: string } {
  const skew = skewSeconds(p);
  const skewWords =
    p.vrrpVersion === 3
      ? `skew time (256 - ${p.priorityBackup}) / 256 x advert_int ${p.advertInt} s = ${fmt(skew)}`
      : `skew time (256 - ${p.priorityBackup}) / 256 s = ${fmt(skew)} (VRRPv2)`;
  const down = masterDownSeconds(p);
  const downWords = `Master_Down = 3 x advert_int ${p.advertInt} s + ${skewWords} = ${fmt(down)}`;
  const timeout = p.checkTimeout ?? p.checkInterval;
  const timeoutWords = p.checkTimeout === undefined ? `timeout ${timeout} s (assumed: keepalived's default is the interval)` : `timeout ${timeout} s`;

  switch (scenario) {
    case 'keepalived-stop':
      return {
        seconds: round3(skew),
        explanation: `A graceful stop sends a priority-0 advert; the backup takes over after the ${skewWords}.`,
      };
    case 'keepalived-kill':
      return {
        seconds: round3(down),
        explanation: `A killed keepalived sends nothing; the backup takes over when its down timer expires: ${downWords}.`,
      };
    case 'host-crash':
      return {
        seconds: round3(down),
        explanation: `A master without power sends nothing; the backup takes over when its down timer expires: ${downWords}.`,
      };
    case 'network-loss':
      return {
        seconds: round3(down),
        explanation: `The backup stops hearing adverts and takes over when its down timer expires: ${downWords}. The isolated master keeps the VIP until the network is back.`,
      };
    case 'reboot':
      return {
        seconds: round3(down),
        explanation:
          `A clean shutdown stops keepalived, which sends a priority-0 advert (${skewWords}); ` +
          `if the host goes away before that, the backup waits for ${downWords}. The bound is the latter.`,
      };
    case 'tomcat-stop':
    case 'tomcat-crash': {
      const what = scenario === 'tomcat-stop' ? 'A stopped Tomcat' : 'A killed Tomcat';
      if (p.trackProcess) {
        return {
          seconds: round3(skew),
          explanation: `${what} is seen at once by track_process (kernel process events); then the ${skewWords}.`,
        };
      }
      if (p.watchdogMs !== undefined) {
        const w = p.watchdogMs / 1000;
        return {
          seconds: round3(2 * w + skew),
          explanation: `${what} is seen by the watchdog within 2 x its interval ${w} s (it feeds track_file); then the ${skewWords}.`,
        };
      }
      return {
        seconds: round3(p.checkInterval * p.fall + skew),
        explanation: `${what} is seen by the vrrp_script after interval ${p.checkInterval} s x fall ${p.fall}; then the ${skewWords}.`,
      };
    }
    case 'tomcat-hang': {
      if (p.watchdogMs !== undefined) {
        const w = p.watchdogMs / 1000;
        const wt = (p.watchdogTimeoutMs ?? p.watchdogMs) / 1000;
        const assumed = p.watchdogTimeoutMs === undefined ? ' (assumed one interval)' : '';
        return {
          seconds: round3(p.fall * (wt + w) + skew),
          explanation:
            `A hung Tomcat still has its process, so only HTTP checks see it: the watchdog needs fall ${p.fall} x (its request timeout ` +
            `${wt} s${assumed} + its interval ${w} s); then the ${skewWords}.`,
        };
      }
      return {
        seconds: round3(p.checkInterval * p.fall + timeout + skew),
        explanation:
          `A hung Tomcat still has its process, so only the HTTP check sees it: interval ${p.checkInterval} s x fall ${p.fall} ` +
          `plus the check's ${timeoutWords}; then the ${skewWords}.`,
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
  const entries: { t: number; label: string }[] = [];
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

  if (tl.notRun) reasons.push(`not carried out: ${tl.notRun}`);
  if (tl.error) reasons.push(`the scenario did not run cleanly: ${tl.error}`);
  if (inject === null && !tl.notRun) reasons.push("no 'inject' marker was recorded: the failure was never injected, nothing could be measured");

  for (const m of markers) entries.push({ t: m.t, label: m.label === 'inject' ? `inject: ${tl.scenario} on ${tl.master}` : m.label });
  for (const e of events) entries.push({ t: e.t, label: `${e.host} ${e.kind === 'add' ? 'added' : 'removed'} ${tl.vip}` });

  // VIP move
  let vipMoveSeconds: number | null = null;
  let newHolder: string | null = null;
  if (inject !== null) {
    const move = events.find((e) => e.kind === 'add' && e.host !== tl.master && e.t >= inject - CLOCK_TOLERANCE_MS);
    if (move) {
      vipMoveSeconds = seconds(Math.max(0, move.t - inject));
      newHolder = move.host;
    } else {
      reasons.push(`the VIP ${tl.vip} never moved: no other host added it after the failure was injected on ${tl.master}`);
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
      if (m.to === tl.master) movesBack++;
      else movesAway++;
      entries.push({ t: m.t, label: `VIP now on ${m.to} (move ${m.to === tl.master ? 'back' : 'away'} ${m.to === tl.master ? movesBack : movesAway})` });
    }
    if (movesAway > 1) {
      reasons.push(`the VIP moved away from ${tl.master} ${movesAway} times (once is right): it flapped; the timeline shows each move`);
    }
    if (!tl.params.nopreempt && movesAway >= 1 && movesBack > 1) {
      reasons.push(`the VIP moved back to ${tl.master} ${movesBack} times (once is right): it flapped; the timeline shows each move`);
    }
    if (tl.params.nopreempt && movesBack > 0) {
      reasons.push(`with nopreempt the VIP should have stayed where it went, but it moved back to ${tl.master} ${movesBack} time(s)`);
    }
  }

  // Outage and requests in [inject, restore]
  // The window is [inject, restore): a request sent at restore belongs to the failback window.
  const windowEnd = restore ?? recordingEnd + 1;
  const runs = failureRuns(probes);
  let outageSeconds: number | null = null;
  let failedRequests = 0;
  let totalRequests = 0;
  if (inject !== null) {
    const inWindow = probes.filter((p) => p.t >= inject && p.t < windowEnd);
    totalRequests = inWindow.length;
    failedRequests = inWindow.filter((p) => !p.ok).length;
    const w = windowOutage(probes, runs, inject, windowEnd, true);
    if (w.longestMs === null) {
      reasons.push('no probe requests were recorded between inject and restore: what clients saw is unknown');
    } else {
      outageSeconds = seconds(w.longestMs);
      if (w.longestMs > maxOutageMs) {
        reasons.push(`clients saw an outage of ${fmt(outageSeconds)}, more than the ${fmt(thresholds.maxOutageSeconds)} allowed`);
      }
    }
    w.runs.forEach((r, i) => {
      entries.push({ t: r.start, label: `probe: ${i === 0 ? 'first failure' : 'failures again'}${r.firstError ? ` (${r.firstError})` : ''}` });
      if (r.recovered) {
        entries.push({
          t: r.end,
          label: `probe: first success after outage${r.recoveredBy ? ` (${r.recoveredBy})` : ''}: ${fmt((r.end - r.start) / 1000)} without service, ${r.failed} failed`,
        });
      } else {
        reasons.push(`clients got no successful answer again from ${rel(r.start, origin)} s to the end of the recording`);
        entries.push({ t: r.end, label: 'probe: no success until the end of the recording' });
      }
    });
  }

  // Which node answered: changes of the answering host
  let lastHost: string | undefined;
  for (const p of probes) {
    const h = cleanHost(p.host);
    if (!p.ok || !h) continue;
    if (lastHost !== undefined && h !== lastHost) entries.push({ t: p.t, label: `probe: now answered by ${h}` });
    lastHost = h;
  }

  // Failback
  let failbackSeconds: number | null = null;
  let failbackOutageSeconds: number | null = null;
  if (restore !== null) {
    const fbEnd = failbackSettled ?? recordingEnd + 1;
    const fw = windowOutage(probes, runs, restore, fbEnd, false);
    if (fw.longestMs !== null) {
      failbackOutageSeconds = seconds(fw.longestMs);
      if (fw.longestMs > maxOutageMs) {
        reasons.push(`clients saw an outage of ${fmt(failbackOutageSeconds)} during failback, more than the ${fmt(thresholds.maxOutageSeconds)} allowed`);
      }
      for (const r of fw.runs) {
        entries.push({ t: r.start, label: `probe: failures during failback${r.firstError ? ` (${r.firstError})` : ''}` });
        if (r.recovered) entries.push({ t: r.end, label: `probe: success again${r.recoveredBy ? ` (${r.recoveredBy})` : ''}` });
        else reasons.push(`clients got no successful answer again after failback from ${rel(r.start, origin)} s to the end of the recording`);
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
          entries.push({ t: early.t, label: `${tl.master} took the VIP back before the restore (the failure healed by itself)` });
        }
      }
      const finalHolders = holdersAt(tl.master, events, Number.POSITIVE_INFINITY);
      if (!finalHolders.has(tl.master)) {
        const now = [...finalHolders].sort().join(' and ') || 'no host';
        reasons.push(`with preemption the VIP should have gone back to ${tl.master} after restore, but at the end ${now} held it`);
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
        entries.push({
          t: Math.max(o.start, inject),
          label: `${tl.master} is cut off and still holds ${tl.vip} (expected; not counted as split brain)`,
        });
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
      entries.push({ t: piece.start, label: `split brain: ${o.hosts.join(' and ')} ${o.hosts.length === 2 ? 'both' : 'all'} hold ${tl.vip}` });
      entries.push({
        t: piece.end,
        label: o.end === null && piece.end === end ? `split brain still on at the end of the recording (${fmt(length / 1000)})` : `split brain over (${fmt(length / 1000)})`,
      });
    }
  }
  const splitBrain = splitBrainMs > 0;
  const splitBrainSeconds = seconds(splitBrainMs);
  if (splitBrain) {
    reasons.push(
      `split brain: ${[...splitHosts].sort().join(' and ')} held ${tl.vip} at the same time for ${fmt(splitBrainSeconds)} in all ` +
        `(overlaps up to ${fmt(grace / 1000)} are a normal hand-over)`,
    );
  }

  const bound = theoreticalBound(tl.scenario, tl.params);

  const timeline = entries
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map((e) => ({ t: round3((e.t - origin) / 1000), label: e.label }));

  // Without the master's session part of the recording is missing: no verdict from half a picture.
  if (tl.sessionLost) {
    reasons.splice(0, reasons.length, `the SSH session to ${tl.master} was lost while the failure was in place: the recording is incomplete, no verdict`);
    if (tl.error) reasons.push(...tl.error.split('; ').filter((e) => !e.startsWith('the SSH session')));
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
  };
  if (tl.error || tl.notRun) result.error = [tl.notRun, tl.error].filter(Boolean).join('; ');
  return result;
}

function rel(t: number, origin: number): string {
  const s = round3((t - origin) / 1000);
  return `${s >= 0 ? '+' : ''}${s.toFixed(3)}`;
}
