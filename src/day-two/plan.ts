// Switchover and maintenance as data: which track file on which host gets which value, in which order.
// PURE (no I/O): run.ts applies a plan and measures it. How and why it works: docs/day-two.md.
import { ExitCode, HasetupError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Cluster } from '../inventory/model.js';
import { FAULT_VALUE } from '../cluster/day-two-paths.js';
import { joinList } from '../i18n/text.js';

/** What the plan needs to know about one host, read from it just before. */
export interface HostState {
  host: string;
  reachable: boolean;
  keepalivedActive: boolean;
  tomcatOk: boolean;
  holdsVip: boolean;
  /** The deployed config has the switchover/maintenance track files. */
  configured: boolean;
  standby: number;
  maintenance: boolean;
}

export interface TrackWrite {
  host: string;
  file: 'standby' | 'maintenance';
  value: number;
}

export interface SwitchoverPlan {
  from: string;
  to: string;
  /** Whether the VIP is to move (false: the target holds it already; the writes only make it durable). */
  move: boolean;
  /** Written in this order; the last one starts the move. */
  writes: TrackWrite[];
  /** Written once the target holds the VIP. */
  after: TrackWrite[];
  /** Puts every file back as it was, should the VIP not move. */
  undo: TrackWrite[];
  notes: string[];
}

export interface MaintenancePlan {
  host: string;
  on: boolean;
  /** Set when the host holds the VIP: hand it over first (as a switchover), then go into maintenance. */
  handover?: SwitchoverPlan;
  writes: TrackWrite[];
  /** The host expected to hold the VIP afterwards (undefined: no change expected). */
  expectHolder?: string;
  notes: string[];
}

export class RefusedError extends HasetupError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.failure, hint });
  }
}

/** Why a host cannot take the VIP, or undefined when it can. */
export function unfit(s: HostState): string | undefined {
  const m = t().dayTwo;
  if (!s.reachable) return m.unfitUnreachable;
  if (!s.keepalivedActive) return m.unfitKeepalivedStopped;
  if (s.maintenance) return m.unfitInMaintenance;
  if (!s.tomcatOk) return m.unfitTomcatDown;
  return undefined;
}

/** The standby values that make `target` the highest priority: every host at or above it goes just below. */
export function standbyValues(cluster: Cluster, target: string): Map<string, number> {
  const base = cluster.hosts.find((h) => h.name === target)!.priority;
  return new Map(cluster.hosts.map((h) => [h.name, h.name !== target && h.priority >= base ? -(h.priority - base + 1) : 0]));
}

function checkCommon(cluster: Cluster, states: HostState[]): { holder: HostState; byName: Map<string, HostState> } {
  const m = t().dayTwo;
  const byName = new Map(states.map((s) => [s.host, s]));
  const notConfigured = states.filter((s) => s.reachable && !s.configured).map((s) => s.host);
  if (notConfigured.length > 0) {
    throw new RefusedError(m.trackFilesNotDeployed({ hosts: joinList(notConfigured) }), m.deployAddsTrackFilesHint);
  }
  const holders = states.filter((s) => s.holdsVip);
  if (holders.length !== 1) {
    throw new RefusedError(
      holders.length === 0
        ? m.noHostHoldsVip({ cluster: cluster.name })
        : m.splitBrainHolders({ cluster: cluster.name, hosts: holders.map((h) => h.host).join(m.holdersJoiner) }),
      m.fixClusterFirstHint,
    );
  }
  const holder = holders[0]!;
  if (!holder.reachable) throw new RefusedError(m.holderUnreachable({ host: holder.host }));
  return { holder, byName };
}

function writesFor(values: Map<string, number>, states: Map<string, HostState>, except?: string): TrackWrite[] {
  return [...values].filter(([h, v]) => h !== except && states.get(h)?.standby !== v).map(([host, value]) => ({ host, file: 'standby' as const, value }));
}

/**
 * Moves the VIP to `to` (default: the highest-priority host fit to take it), or with `reset` puts every
 * priority back as the inventory says.
 */
export function planSwitchover(cluster: Cluster, states: HostState[], req: { to?: string; reset?: boolean }): SwitchoverPlan {
  const m = t().dayTwo;
  if (req.to !== undefined && !cluster.hosts.some((h) => h.name === req.to)) {
    throw new UsageError(m.unknownTargetHost({ to: req.to, cluster: cluster.name, hosts: joinList(cluster.hosts.map((h) => h.name)) }));
  }
  const { holder, byName } = checkCommon(cluster, states);
  const ranked = [...cluster.hosts].sort((a, b) => b.priority - a.priority);
  let target: string;
  if (req.reset) {
    const best = ranked.find((h) => !unfit(byName.get(h.name)!));
    if (!best) throw new RefusedError(m.noHostFitForVip({ cluster: cluster.name }));
    target = best.name;
  } else if (req.to !== undefined) {
    target = req.to;
  } else {
    const best = ranked.find((h) => h.name !== holder.host && !unfit(byName.get(h.name)!));
    if (!best) {
      const why = ranked.filter((h) => h.name !== holder.host).map((h) => m.hostUnfitBecause({ host: h.name, reason: unfit(byName.get(h.name)!)! }));
      throw new RefusedError(m.noOtherHostCanTake({ cluster: cluster.name, reasons: why.join(m.reasonsJoiner) }), m.nothingChangedHint);
    }
    target = best.name;
  }
  const why = unfit(byName.get(target)!);
  if (why && target !== holder.host) throw new RefusedError(m.targetCannotTakeVip({ host: target, reason: why }), m.nothingChangedSeeStatusHint);

  const values = req.reset ? new Map(cluster.hosts.map((h) => [h.name, 0])) : standbyValues(cluster, target);
  const move = target !== holder.host;
  const notes: string[] = [];
  // Hosts other than the holder first, so no third host wins the election the holder's write starts.
  const writes = writesFor(values, byName, holder.host);
  const holderValue = values.get(holder.host)!;
  const after: TrackWrite[] = [];
  if (!move) {
    if (holder.standby !== holderValue) writes.push({ host: holder.host, file: 'standby', value: holderValue });
    notes.push(m.targetHoldsVipAlready({ host: target }));
  } else if (cluster.vrrp.preempt) {
    // The holder, now below the target, keeps the VIP until the target (preempting) claims it. (Moving back to
    // a host that was lowered, that host's own write starts the move and the holder has nothing to write.)
    if (holder.standby !== holderValue) writes.push({ host: holder.host, file: 'standby', value: holderValue });
  } else {
    // nopreempt: no backup claims the VIP from a master of lower priority, so the holder steps down (FAULT
    // for a moment: it drops the VIP and sends a priority-0 advert), then takes its lowered value.
    writes.push({ host: holder.host, file: 'standby', value: FAULT_VALUE });
    after.push({ host: holder.host, file: 'standby', value: holderValue });
    notes.push(m.preemptOffHolderStepsDown);
  }
  const undo = [...writes].reverse().map((w) => ({ host: w.host, file: w.file, value: byName.get(w.host)!.standby }));
  return { from: holder.host, to: target, move, writes, after, undo, notes };
}

export function planMaintenance(cluster: Cluster, states: HostState[], host: string, on: boolean): MaintenancePlan {
  const m = t().dayTwo;
  if (!cluster.hosts.some((h) => h.name === host)) {
    throw new UsageError(m.unknownMaintenanceHost({ host, cluster: cluster.name, hosts: joinList(cluster.hosts.map((h) => h.name)) }));
  }
  const self = states.find((s) => s.host === host)!;
  if (!self.reachable) throw new RefusedError(m.maintenanceHostUnreachable({ host }));
  if (!self.configured) throw new RefusedError(m.maintenanceTrackNotDeployed({ host }), m.deployThisVersionHint);
  const notes: string[] = [];
  if (!on) {
    if (!self.maintenance) notes.push(m.hostNotInMaintenance({ host }));
    // With preemption the host takes the VIP back when it has the highest priority (a graceful move).
    const byName = new Map(states.map((s) => [s.host, s]));
    const ranked = [...cluster.hosts].sort((a, b) => b.priority + (byName.get(b.name)?.standby ?? 0) - (a.priority + (byName.get(a.name)?.standby ?? 0)));
    const best = ranked.find((h) => h.name === host || !unfit(byName.get(h.name)!));
    const expectHolder = cluster.vrrp.preempt && best?.name === host && self.tomcatOk && self.keepalivedActive ? host : undefined;
    return { host, on, writes: self.maintenance ? [{ host, file: 'maintenance', value: 0 }] : [], expectHolder, notes };
  }
  if (self.maintenance) notes.push(m.hostInMaintenanceAlready({ host }));
  const writes: TrackWrite[] = self.maintenance ? [] : [{ host, file: 'maintenance', value: FAULT_VALUE }];
  if (!self.holdsVip || self.maintenance) return { host, on, writes, notes };
  if (!cluster.vrrp.preempt) {
    // No graceful hand-over without preemption: FAULT drops the VIP and the best backup takes it, so there
    // must be one that can (otherwise the VIP would be on no host at all).
    const byName = new Map(states.map((s) => [s.host, s]));
    const others = [...cluster.hosts].filter((h) => h.name !== host).sort((a, b) => b.priority - a.priority);
    const best = others.find((h) => !unfit(byName.get(h.name)!));
    if (!best) {
      const why = others.map((h) => m.hostUnfitBecause({ host: h.name, reason: unfit(byName.get(h.name)!)! }));
      throw new RefusedError(m.noOtherHostCanTake({ cluster: cluster.name, reasons: why.join(m.reasonsJoiner) }), m.nothingChangedHint);
    }
    notes.push(m.preemptOffHostStepsDown);
    return { host, on, writes, expectHolder: best.name, notes };
  }
  const handover = planSwitchover(cluster, states, {});
  // The lowered priority is only for the hand-over: once in maintenance (FAULT) the host's own value goes
  // back, so `maintenance off` returns it to the priority the inventory gives it.
  const restore = { host, file: 'standby' as const, value: self.standby };
  return { host, on, handover, writes: [...writes, restore], expectHolder: handover.to, notes };
}
