// Switchover and maintenance as data: which track file on which host gets which value, in which order.
// PURE (no I/O): run.ts applies a plan and measures it. How and why it works: docs/day-two.md.
import { ExitCode, HasetupError, UsageError } from '../errors.js';
import type { Cluster } from '../inventory/model.js';
import { FAULT_VALUE } from './paths.js';

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
  if (!s.reachable) return 'not reachable';
  if (!s.keepalivedActive) return 'keepalived is not running';
  if (s.maintenance) return 'in maintenance';
  if (!s.tomcatOk) return 'Tomcat does not answer its health check';
  return undefined;
}

/** The standby values that make `target` the highest priority: every host at or above it goes just below. */
export function standbyValues(cluster: Cluster, target: string): Map<string, number> {
  const base = cluster.hosts.find((h) => h.name === target)!.priority;
  return new Map(cluster.hosts.map((h) => [h.name, h.name !== target && h.priority >= base ? -(h.priority - base + 1) : 0]));
}

function checkCommon(cluster: Cluster, states: HostState[]): { holder: HostState; byName: Map<string, HostState> } {
  const byName = new Map(states.map((s) => [s.host, s]));
  const notConfigured = states.filter((s) => s.reachable && !s.configured).map((s) => s.host);
  if (notConfigured.length > 0) {
    throw new RefusedError(
      `${notConfigured.join(', ')}: the deployed keepalived config has no switchover/maintenance track files`,
      `run hasetup deploy with this version first (it adds them without restarting anything)`,
    );
  }
  const holders = states.filter((s) => s.holdsVip);
  if (holders.length !== 1) {
    throw new RefusedError(
      holders.length === 0 ? `cluster ${cluster.name}: no host holds the VIP` : `cluster ${cluster.name}: ${holders.map((h) => h.host).join(' and ')} hold the VIP (split brain)`,
      'hasetup status shows the cluster; fix it before moving the VIP on purpose',
    );
  }
  const holder = holders[0]!;
  if (!holder.reachable) throw new RefusedError(`${holder.host} holds the VIP but is not reachable`);
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
  if (req.to !== undefined && !cluster.hosts.some((h) => h.name === req.to)) {
    throw new UsageError(`--to ${req.to}: cluster ${cluster.name} has no such host (it has ${cluster.hosts.map((h) => h.name).join(', ')})`);
  }
  const { holder, byName } = checkCommon(cluster, states);
  const ranked = [...cluster.hosts].sort((a, b) => b.priority - a.priority);
  let target: string;
  if (req.reset) {
    const best = ranked.find((h) => !unfit(byName.get(h.name)!));
    if (!best) throw new RefusedError(`cluster ${cluster.name}: no host is fit to hold the VIP`);
    target = best.name;
  } else if (req.to !== undefined) {
    target = req.to;
  } else {
    const best = ranked.find((h) => h.name !== holder.host && !unfit(byName.get(h.name)!));
    if (!best) {
      const why = ranked.filter((h) => h.name !== holder.host).map((h) => `${h.name}: ${unfit(byName.get(h.name)!)}`);
      throw new RefusedError(`cluster ${cluster.name}: no other host can take the VIP (${why.join('; ')})`, 'nothing was changed');
    }
    target = best.name;
  }
  const why = unfit(byName.get(target)!);
  if (why && target !== holder.host) throw new RefusedError(`${target} cannot take the VIP: ${why}`, 'nothing was changed; hasetup status shows the cluster');

  const values = req.reset ? new Map(cluster.hosts.map((h) => [h.name, 0])) : standbyValues(cluster, target);
  const move = target !== holder.host;
  const notes: string[] = [];
  // Hosts other than the holder first, so no third host wins the election the holder's write starts.
  const writes = writesFor(values, byName, holder.host);
  const holderValue = values.get(holder.host)!;
  const after: TrackWrite[] = [];
  if (!move) {
    if (holder.standby !== holderValue) writes.push({ host: holder.host, file: 'standby', value: holderValue });
    notes.push(`${target} holds the VIP already`);
  } else if (cluster.vrrp.preempt) {
    // The holder, now below the target, keeps the VIP until the target (preempting) claims it. (Moving back to
    // a host that was lowered, that host's own write starts the move and the holder has nothing to write.)
    if (holder.standby !== holderValue) writes.push({ host: holder.host, file: 'standby', value: holderValue });
  } else {
    // nopreempt: no backup claims the VIP from a master of lower priority, so the holder steps down (FAULT
    // for a moment: it drops the VIP and sends a priority-0 advert), then takes its lowered value.
    writes.push({ host: holder.host, file: 'standby', value: FAULT_VALUE });
    after.push({ host: holder.host, file: 'standby', value: holderValue });
    notes.push('preempt is off: the holder steps down (FAULT) and the target takes over after its skew time: expect a short outage');
  }
  const undo = [...writes].reverse().map((w) => ({ host: w.host, file: w.file, value: byName.get(w.host)!.standby }));
  return { from: holder.host, to: target, move, writes, after, undo, notes };
}

export function planMaintenance(cluster: Cluster, states: HostState[], host: string, on: boolean): MaintenancePlan {
  if (!cluster.hosts.some((h) => h.name === host)) {
    throw new UsageError(`cluster ${cluster.name} has no host ${host} (it has ${cluster.hosts.map((h) => h.name).join(', ')})`);
  }
  const self = states.find((s) => s.host === host)!;
  if (!self.reachable) throw new RefusedError(`${host} is not reachable: its maintenance state is on its disk`);
  if (!self.configured) {
    throw new RefusedError(`${host}: the deployed keepalived config has no maintenance track file`, 'run hasetup deploy with this version first');
  }
  const notes: string[] = [];
  if (!on) {
    if (!self.maintenance) notes.push(`${host} is not in maintenance`);
    // With preemption the host takes the VIP back when it has the highest priority (a graceful move).
    const byName = new Map(states.map((s) => [s.host, s]));
    const ranked = [...cluster.hosts].sort((a, b) => b.priority + (byName.get(b.name)?.standby ?? 0) - (a.priority + (byName.get(a.name)?.standby ?? 0)));
    const best = ranked.find((h) => h.name === host || !unfit(byName.get(h.name)!));
    const expectHolder = cluster.vrrp.preempt && best?.name === host && self.tomcatOk && self.keepalivedActive ? host : undefined;
    return { host, on, writes: self.maintenance ? [{ host, file: 'maintenance', value: 0 }] : [], expectHolder, notes };
  }
  if (self.maintenance) notes.push(`${host} is in maintenance already`);
  const writes: TrackWrite[] = self.maintenance ? [] : [{ host, file: 'maintenance', value: FAULT_VALUE }];
  if (!self.holdsVip || self.maintenance) return { host, on, writes, notes };
  if (!cluster.vrrp.preempt) {
    // No graceful hand-over without preemption: FAULT drops the VIP and the best backup takes it.
    notes.push('preempt is off: the host steps down (FAULT) and a backup takes over after its skew time: expect a short outage');
    return { host, on, writes, notes };
  }
  const handover = planSwitchover(cluster, states, {});
  // The lowered priority is only for the hand-over: once in maintenance (FAULT) the host's own value goes
  // back, so `maintenance off` returns it to the priority the inventory gives it.
  const restore = { host, file: 'standby' as const, value: self.standby };
  return { host, on, handover, writes: [...writes, restore], expectHolder: handover.to, notes };
}
