// Failback (preemption): from 'restore' to the VIP's 'add' on the master, or to the move back (the master the
// sole holder again) when it never lost it (network-loss), whichever comes first; 0 when the master took the
// VIP back before the restore (the failure healed by itself). With nopreempt: null. With preemption the VIP
// must be on the master at the end of the recording. The failback outage is the longest run of failures in
// [restore, failback-settled). Pure.
import type { Catalog } from '../../i18n/index.js';
import type { AddressEvent } from '../types.js';
import { CLOCK_TOLERANCE_MS, fmt, noFindings, rel, seconds, type Findings, type Recorded } from './common.js';
import type { HolderMove } from './moves.js';
import { detailSuffix, errorSuffix, windowOutage, type FailureRun } from './outage.js';

export interface Failback extends Findings {
  failbackSeconds: number | null;
  failbackOutageSeconds: number | null;
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

/** The failback window's runs of failures. */
function failbackOutage(r: Recorded, runs: FailureRun[], restore: number, out: Failback): void {
  const fw = windowOutage(r.probes, runs, restore, r.failbackSettled ?? r.recordingEnd + 1, false);
  if (fw.longestMs === null) return;
  out.failbackOutageSeconds = seconds(fw.longestMs);
  const outage = fmt(out.failbackOutageSeconds);
  const allowed = fmt(r.maxOutageMs / 1000);
  if (fw.longestMs > r.maxOutageMs) out.reasons.push((c) => c.failover.reason.failbackOutageTooLong({ outage, allowed }));
  for (const run of fw.runs) {
    const first = errorSuffix(run.firstError);
    out.entries.push({ t: run.start, said: (c) => c.failover.timeline.probeFailbackFailures({ suffix: first(c) }) });
    const by = detailSuffix(run.recoveredBy);
    const from = rel(run.start, r.origin);
    if (run.recovered) out.entries.push({ t: run.end, said: (c) => c.failover.timeline.probeSuccessAgain({ suffix: by(c) }) });
    else out.reasons.push((c) => c.failover.reason.neverAnsweredAfterFailback({ from }));
  }
}

/** With preemption: when the VIP went back, and that it is on the master at the end. */
function moveBack(r: Recorded, moves: HolderMove[], restore: number, out: Failback): void {
  const { tl, events, inject } = r;
  // The move back is when the master is the VIP's sole holder again: after network-loss it never lost
  // the VIP, the backup just gives it up.
  const back = moves.find((m) => m.to === tl.master && m.t >= restore - CLOCK_TOLERANCE_MS);
  const added = events.find((e) => e.kind === 'add' && e.host === tl.master && e.t >= restore - CLOCK_TOLERANCE_MS);
  const at = added && back ? Math.min(added.t, back.t) : (added ?? back)?.t;
  if (at !== undefined) out.failbackSeconds = seconds(Math.max(0, at - restore));
  else if (inject !== null) {
    // The master took the VIP back before we restored anything: the failure healed by itself (systemd
    // restarting a crashed Tomcat, say). Failback then cost nothing after restore.
    const early = moves.find((m) => m.to === tl.master && m.t > inject && m.t < restore);
    if (early) {
      out.failbackSeconds = 0;
      out.entries.push({ t: early.t, said: (c) => c.failover.timeline.healedBeforeRestore({ master: tl.master }) });
    }
  }
  const finalHolders = holdersAt(tl.master, events, Number.POSITIVE_INFINITY);
  if (!finalHolders.has(tl.master)) {
    const now = [...finalHolders].sort();
    const holders = (c: Catalog) => (now.length ? now.join(c.failover.hostsAnd) : c.failover.reason.noHost);
    out.reasons.push((c) => c.failover.reason.notBackOnMaster({ master: tl.master, holders: holders(c) }));
  }
}

export function analyseFailback(r: Recorded, runs: FailureRun[], moves: HolderMove[]): Failback {
  const out: Failback = { ...noFindings(), failbackSeconds: null, failbackOutageSeconds: null };
  if (r.restore === null) return out;
  failbackOutage(r, runs, r.restore, out);
  if (!r.tl.params.nopreempt) moveBack(r, moves, r.restore, out);
  return out;
}
