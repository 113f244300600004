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
// Each figure comes from a small pure analyser in src/failover/analyse/ (VIP move, moves, outage, failback, split
// brain); this file puts their findings together. Every sentence is made once as a Said (src/failover/types.ts)
// and rendered in English for the result's text fields (the JSON report); the human renderers call the Said
// again in the reader's language.
import { en } from '../i18n/en/index.js';
import type { Catalog } from '../i18n/index.js';
import { masterDownSeconds, skewSeconds } from '../vrrp-timing.js';
import { fmt, recorded, round3, type Findings, type Recorded } from './analyse/common.js';
import { analyseFailback } from './analyse/failback.js';
import { analyseMoves } from './analyse/moves.js';
import { analyseOutage, answeringHosts, failureRuns, windowOutage, type FailureRun } from './analyse/outage.js';
import { analyseSplitBrain } from './analyse/split-brain.js';
import { analyseVipMove } from './analyse/vip-move.js';
import type { Said, ScenarioName, ScenarioRecording, ScenarioResult, ScenarioTimeline, TimingParams } from './types.js';

export { CLOCK_TOLERANCE_MS, SPLIT_BRAIN_GRACE_MS, sameAddress } from './analyse/common.js';
export { holderMoves, type HolderMove } from './analyse/moves.js';

export interface Thresholds {
  maxOutageSeconds: number;
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

/** What the runner said went wrong (why it did not run; the troubles while it ran), in any language. */
function runnerWords(tl: ScenarioTimeline) {
  const notRun = (c: Catalog) => (tl.notRunSaid ? tl.notRunSaid(c) : (tl.notRun ?? ''));
  const parts: Said[] = tl.errorSaid?.length ? tl.errorSaid : tl.error ? tl.error.split('; ').map((e) => () => e) : [];
  const error = (c: Catalog) => parts.map((f) => f(c)).join(c.failover.reasonSeparator);
  return { notRun, parts, error };
}

/** Reasons that come before any figure: it did not run, it did not run cleanly, nothing was injected. */
function runnerFindings(r: Recorded): Findings {
  const { tl } = r;
  const w = runnerWords(tl);
  const reasons: Said[] = [];
  if (tl.notRun) reasons.push((c) => c.failover.reason.notCarriedOut({ why: w.notRun(c) }));
  if (tl.error) reasons.push((c) => c.failover.reason.didNotRunCleanly({ error: w.error(c) }));
  if (r.inject === null && !tl.notRun) reasons.push((c) => c.failover.reason.noInjectMarker);
  const entries = [
    ...r.markers.map((m) => ({ t: m.t, said: markerSaid(m.label, tl) })),
    ...r.events.map((e) => ({
      t: e.t,
      said: (c: Catalog) => (e.kind === 'add' ? c.failover.timeline.vipAdded : c.failover.timeline.vipRemoved)({ host: e.host, vip: tl.vip }),
    })),
  ];
  return { reasons, entries };
}

/**
 * Without the master's session part of the recording is missing: no verdict from half a picture. The runner's
 * other troubles (a restore that failed) stay; its own note of the lost session does not (measure says it).
 */
function sessionLostReasons(tl: ScenarioTimeline): Said[] {
  const own = (c: Catalog) => c.failover.trouble.sessionLostDuringFailure({ host: tl.master });
  const parts = runnerWords(tl).parts.filter((part) => part(en) !== own(en));
  return [(c) => c.failover.reason.sessionLost({ master: tl.master }), ...parts];
}

export function measureScenario(tl: ScenarioTimeline, thresholds: Thresholds): ScenarioResult {
  const r = recorded(tl, thresholds.maxOutageSeconds);
  const runs = failureRuns(r.probes);
  const vipMove = analyseVipMove(r);
  const moves = analyseMoves(r);
  const outage = analyseOutage(r, runs);
  const failback = analyseFailback(r, runs, moves.moves);
  const splitBrain = analyseSplitBrain(r);
  const findings = [runnerFindings(r), vipMove, moves, outage, answeringHosts(r), failback, splitBrain];
  const reasons = tl.sessionLost ? sessionLostReasons(tl) : findings.flatMap((f) => f.reasons);
  const entries = findings.flatMap((f) => f.entries);
  const bound = theoreticalBound(tl.scenario, tl.params);
  const sorted = entries.map((e, i) => ({ ...e, i })).sort((a, b) => a.t - b.t || a.i - b.i);
  const status: ScenarioResult['status'] = tl.notRun || tl.sessionLost || tl.failsafeLeftArmed ? 'error' : reasons.length === 0 ? 'pass' : 'fail';
  const result: ScenarioResult = {
    name: tl.scenario,
    status,
    passed: status === 'pass',
    reasons: reasons.map((f) => f(en)),
    movesAway: moves.movesAway,
    movesBack: moves.movesBack,
    vipMoveSeconds: vipMove.vipMoveSeconds,
    newHolder: vipMove.newHolder,
    outageSeconds: outage.outageSeconds,
    failedRequests: outage.failedRequests,
    totalRequests: outage.totalRequests,
    failbackSeconds: failback.failbackSeconds,
    failbackOutageSeconds: failback.failbackOutageSeconds,
    splitBrain: splitBrain.splitBrain,
    splitBrainSeconds: splitBrain.splitBrainSeconds,
    boundSeconds: bound.seconds,
    boundExplanation: bound.explanation,
    params: tl.params,
    timeline: sorted.map((e) => ({ t: round3((e.t - r.origin) / 1000), label: e.said(en) })),
    said: { reasons, bound: bound.said, timeline: sorted.map((e) => e.said) },
    recording: recordingOf(r, runs),
  };
  if (tl.error || tl.notRun) {
    const w = runnerWords(tl);
    const said = (c: Catalog) => [w.notRun(c), tl.error ? w.error(c) : ''].filter(Boolean).join(c.failover.reasonSeparator);
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

/** The raw recording behind the figures, for the HTML report's charts (src/report/html/): the outage runs of both windows. */
function recordingOf(r: Recorded, runs: FailureRun[]): ScenarioRecording {
  const outages: ScenarioRecording['outages'] = [];
  if (r.inject !== null) {
    const w = windowOutage(r.probes, runs, r.inject, r.restore ?? r.recordingEnd + 1, true);
    outages.push(...w.runs.map((x) => ({ fromMs: x.start, toMs: x.end, failback: false })));
  }
  if (r.restore !== null) {
    const w = windowOutage(r.probes, runs, r.restore, r.failbackSettled ?? r.recordingEnd + 1, false);
    outages.push(...w.runs.map((x) => ({ fromMs: x.start, toMs: x.end, failback: true })));
  }
  const { tl } = r;
  return { originMs: r.origin, master: tl.master, backups: tl.backups, probes: r.probes, events: r.events, markers: r.markers, outages };
}
