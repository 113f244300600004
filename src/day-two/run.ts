// Applies switchover and maintenance plans to the hosts and measures the move with failover-test's own
// harness (src/experiment/harness.ts): the client probe, the VIP watch and waits that stop on Ctrl-C.
import { observeCluster, holdsVip, type ClusterView } from '../cluster/observe.js';
import { HasetupError } from '../errors.js';
import { measureClockOffset } from '../experiment/clock.js';
import { probeOptionsFor, startExperiment, type Experiment } from '../experiment/harness.js';
import { t } from '../i18n/index.js';
import { poll } from '../poll.js';
import type { Cluster } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';
import { holdCommand, releaseCommand } from './handover.js';
import { measureMove, type MoveResult } from './measure.js';
import { maintenanceTrackPath, metricsScriptPath, standbyTrackPath } from '../cluster/day-two-paths.js';
import type { HostState, SwitchoverPlan, TrackWrite } from './plan.js';

export function hostStates(view: ClusterView, cluster: Cluster): HostState[] {
  const vip = cluster.vips[0]!.address;
  return view.hosts.map((h) => ({
    host: h.host,
    reachable: h.reachable,
    keepalivedActive: h.keepalivedActive,
    tomcatOk: h.tomcatHttp === String(cluster.tomcat.expectedStatus),
    holdsVip: holdsVip(h, vip),
    configured: h.dayTwo?.configured ?? false,
    standby: h.dayTwo?.standby ?? 0,
    maintenance: h.dayTwo?.maintenance ?? false,
  }));
}

/** The one remote command of day two: a track file written atomically (keepalived sees the rename), metrics refreshed. */
export function trackWriteCommand(cluster: string, w: TrackWrite): ShellCommand {
  const path = w.file === 'standby' ? standbyTrackPath(cluster) : maintenanceTrackPath(cluster);
  const metrics = metricsScriptPath(cluster);
  return joinCommands(
    [
      cmd`printf '%s\\n' ${w.value} > ${`${path}.hasetup-tmp`} && mv -f -- ${`${path}.hasetup-tmp`} ${path} && date +%s.%N;`,
      cmd`rc=$?; [ -x ${metrics} ] && ${metrics} >/dev/null 2>&1; exit $rc`,
    ],
    ' ',
  );
}

/** Writes one track file; returns when it was written, on the host's clock (epoch ms). */
export async function applyWrite(remotes: Map<string, RemoteHost>, cluster: string, w: TrackWrite): Promise<number> {
  const r = await remotes.get(w.host)!.run(trackWriteCommand(cluster, w), { timeoutMs: 15_000 });
  if (r.code !== 0) {
    throw new HasetupError(t().dayTwo.trackFileWriteFailed({ host: w.host, file: w.file, code: String(r.code), stderr: r.stderr.trim().slice(-300) }));
  }
  return Number(r.stdout.trim().split('\n')[0]!.replace(',', '.')) * 1000;
}

/** How long the old holder keeps the VIP after the new one has it (src/day-two/handover.ts). */
export const HOLD_AFTER_MOVE_MS = 300;

export interface MoveOptions {
  moveTimeoutSeconds: number;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  /** Extra writes once the VIP moved (maintenance: go into FAULT, put the standby value back). */
  afterMove?: TrackWrite[];
  /** Ctrl-C: stop waiting, lift the hold at once (the old holder must not keep the VIP beside the new one). */
  signal?: AbortSignal;
}

/** One planned move in progress: the hosts, the experiment recording it, and whether the old holder holds the VIP. */
interface Move {
  cluster: Cluster;
  plan: SwitchoverPlan;
  opts: MoveOptions;
  reporter: Reporter;
  byName: Map<string, RemoteHost>;
  offsets: Map<string, number>;
  experiment: Experiment;
  /** when the move started (the last write, on the host's clock moved onto ours) */
  start: number;
  held: boolean;
}

/**
 * Runs a switchover plan while probing and watching: the writes, a wait for the VIP on the target, the
 * plan's `after` writes. When the VIP does not move in time, the writes are undone (the holder keeps it).
 */
export async function runMove(cluster: Cluster, remotes: RemoteHost[], plan: SwitchoverPlan, opts: MoveOptions, reporter: Reporter): Promise<MoveResult> {
  const byName = new Map(remotes.map((r) => [r.name, r]));
  const offsets = new Map<string, number>();
  for (const r of remotes) offsets.set(r.name, (await measureClockOffset(r)).offsetMs);
  const experiment = await startExperiment({
    hosts: remotes.map((remote) => ({ remote, offsetMs: offsets.get(remote.name) ?? 0 })),
    vip: cluster.vips[0]!.address,
    probe: probeOptionsFor(cluster, { intervalMs: opts.probeIntervalMs, timeoutMs: opts.probeTimeoutMs }),
    signal: opts.signal,
  });
  const move: Move = { cluster, plan, opts, reporter, byName, offsets, experiment, start: Date.now(), held: false };
  try {
    await holdVip(move);
    await writeAll(move);
    const moved = await experiment.until(() => experiment.events.some((e) => e.kind === 'add' && e.host === plan.to), {
      timeout: opts.moveTimeoutSeconds * 1000,
      step: 20,
    });
    await releaseVip(move, moved);
    await finishMove(move, moved);
  } finally {
    if (move.held) await byName.get(plan.from)!.run(releaseCommand(cluster.name), { timeoutMs: 15_000 }).catch(() => undefined);
  }
  const recording = await experiment.stop();
  // The recording goes along for `switchover --html` (src/report/html/).
  return {
    ...measureMove(plan.from, plan.to, move.start, recording.probes, recording.events),
    recording: { startMs: move.start, probes: recording.probes, events: recording.events },
  };
}

/** With preemption the old holder ignores VRRP until the VIP is on the target (src/day-two/handover.ts). */
async function holdVip(move: Move): Promise<void> {
  const { cluster, plan, opts } = move;
  if (!cluster.vrrp.preempt) return;
  const m = t().dayTwo;
  // Lifted by a timer on the host shortly after the longest wait, should hasetup be gone by then.
  const h = await move.byName.get(plan.from)!.run(holdCommand(cluster.name, opts.moveTimeoutSeconds + 3), { timeoutMs: 15_000 });
  move.held = h.code === 0 && h.stdout.includes('held');
  if (!move.held) {
    const reason = h.stdout.includes('no-nft') ? m.noNftOnHost : h.stderr.trim() || m.holdCommandExit({ code: String(h.code) });
    move.reporter.warn(m.cannotHoldVip({ host: plan.from, reason }));
  }
}

/** The plan's writes; the last one starts the move. */
async function writeAll(move: Move): Promise<void> {
  for (const w of move.plan.writes) {
    move.reporter.info(t().dayTwo.trackFileWritten({ host: w.host, file: w.file, value: String(w.value) }));
    const at = await applyWrite(move.byName, move.cluster.name, w);
    if (Number.isFinite(at)) move.start = at - (move.offsets.get(w.host) ?? 0);
  }
}

async function releaseVip(move: Move, moved: boolean): Promise<void> {
  if (!move.held) return;
  // Clients follow the new holder's gratuitous ARP at once; what the old one still has in flight takes
  // milliseconds. Then it may hear the new holder and step down.
  if (moved) await move.experiment.pause(HOLD_AFTER_MOVE_MS);
  await move.byName.get(move.plan.from)!.run(releaseCommand(move.cluster.name), { timeoutMs: 15_000 });
  move.held = false;
}

/** After the wait: the `after` writes once it moved, the undo when it did not, nothing more when interrupted. */
async function finishMove(move: Move, moved: boolean): Promise<void> {
  const { plan, opts, reporter, experiment } = move;
  const m = t().dayTwo;
  if (!moved && opts.signal?.aborted) {
    // Interrupted before the VIP moved: the writes stay (the move goes on by itself, as planned) and the hold
    // is lifted; either way one host ends up holding the VIP.
    reporter.warn(m.interruptedHoldLifted);
  } else if (!moved) {
    reporter.warn(m.vipDidNotReachTarget({ host: plan.to, seconds: `${opts.moveTimeoutSeconds} s` }));
    for (const w of plan.undo) await applyWrite(move.byName, move.cluster.name, w);
  } else {
    for (const w of [...plan.after, ...(opts.afterMove ?? [])]) {
      reporter.info(m.trackFileWritten({ host: w.host, file: w.file, value: String(w.value) }));
      await applyWrite(move.byName, move.cluster.name, w);
    }
    // A second to see the old holder drop the VIP and any failure the hand-over causes.
    await experiment.until(() => experiment.events.some((e) => e.kind === 'del' && e.host === plan.from), { timeout: 3000, step: 20 });
    await experiment.pause(1000);
  }
}

/** Waits until `host` holds the VIP alone (true) or the timeout passes (false). */
export async function waitForHolder(cluster: Cluster, remotes: RemoteHost[], host: string, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const alone = async () => {
    const holders = (await observeCluster(remotes, cluster)).holders[cluster.vips[0]!.address] ?? [];
    return holders.length === 1 && holders[0] === host ? true : undefined;
  };
  return (await poll(alone, { timeout: timeoutMs, step: 250, signal })) ?? false;
}
