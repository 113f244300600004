// Applies switchover and maintenance plans to the hosts and measures the move with failover-test's own
// instruments: the client probe (src/failover/probe.ts) and the VIP watch (src/failover/watch.ts).
import { observeCluster, holdsVip, type ClusterView } from '../cluster/observe.js';
import { HasetupError } from '../errors.js';
import { measureClockOffset } from '../failover/clock.js';
import { t } from '../i18n/index.js';
import { startProbe, type Probe } from '../failover/probe.js';
import { startWatch, type Watch } from '../failover/watch.js';
import type { Cluster } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';
import { holdCommand, releaseCommand } from './handover.js';
import { measureMove, type MoveResult } from './measure.js';
import { maintenanceTrackPath, metricsScriptPath, standbyTrackPath } from './paths.js';
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

/** How long the old holder keeps the VIP after the new one has it (src/dayTwo/handover.ts). */
export const HOLD_AFTER_MOVE_MS = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end && !signal?.aborted) {
    if (cond()) return true;
    await sleep(20);
  }
  return cond();
}

export interface MoveOptions {
  moveTimeoutSeconds: number;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  /** Extra writes once the VIP moved (maintenance: go into FAULT, put the standby value back). */
  afterMove?: TrackWrite[];
  /** Ctrl-C: stop waiting, lift the hold at once (the old holder must not keep the VIP beside the new one). */
  signal?: AbortSignal;
}

/**
 * Runs a switchover plan while probing and watching: the writes, a wait for the VIP on the target, the
 * plan's `after` writes. When the VIP does not move in time, the writes are undone (the holder keeps it).
 */
export async function runMove(cluster: Cluster, remotes: RemoteHost[], plan: SwitchoverPlan, opts: MoveOptions, reporter: Reporter): Promise<MoveResult> {
  const m = t().dayTwo;
  const byName = new Map(remotes.map((r) => [r.name, r]));
  const vip = cluster.vips[0]!;
  const offsets = new Map<string, number>();
  for (const r of remotes) offsets.set(r.name, (await measureClockOffset(r)).offsetMs);
  let watch: Watch | undefined;
  let probe: Probe | undefined;
  let start = Date.now();
  let samples: Awaited<ReturnType<Probe['stop']>>;
  const holder = byName.get(plan.from)!;
  let held = false;
  try {
    watch = await startWatch(remotes.map((remote) => ({ remote, offsetMs: offsets.get(remote.name) ?? 0 })), vip.address);
    probe = startProbe({
      url: `http://${vip.address}:${cluster.tomcat.port}${cluster.tomcat.healthPath}`,
      intervalMs: opts.probeIntervalMs,
      timeoutMs: opts.probeTimeoutMs,
      maxInFlight: Math.ceil(opts.probeTimeoutMs / opts.probeIntervalMs) + 5,
      hostNames: cluster.hosts.map((h) => h.name),
      expectedStatus: cluster.tomcat.expectedStatus,
    });
    await sleep(300); // a baseline of answered requests
    if (cluster.vrrp.preempt) {
      // Lifted by a timer on the host shortly after the longest wait, should hasetup be gone by then.
      const h = await holder.run(holdCommand(cluster.name, opts.moveTimeoutSeconds + 3), { timeoutMs: 15_000 });
      held = h.code === 0 && h.stdout.includes('held');
      if (!held) {
        const reason = h.stdout.includes('no-nft') ? m.noNftOnHost : h.stderr.trim() || m.holdCommandExit({ code: String(h.code) });
        reporter.warn(m.cannotHoldVip({ host: plan.from, reason }));
      }
    }
    for (const w of plan.writes) {
      reporter.info(m.trackFileWritten({ host: w.host, file: w.file, value: String(w.value) }));
      const at = await applyWrite(byName, cluster.name, w);
      // The last write starts the move: the move time counts from it, on the host's clock moved onto ours.
      if (Number.isFinite(at)) start = at - (offsets.get(w.host) ?? 0);
    }
    const events = watch.events;
    const moved = await waitFor(() => events.some((e) => e.kind === 'add' && e.host === plan.to), opts.moveTimeoutSeconds * 1000, opts.signal);
    if (held) {
      // Clients follow the new holder's gratuitous ARP at once; what the old one still has in flight takes
      // milliseconds. Then it may hear the new holder and step down.
      if (moved && !opts.signal?.aborted) await sleep(HOLD_AFTER_MOVE_MS);
      await holder.run(releaseCommand(cluster.name), { timeoutMs: 15_000 });
      held = false;
    }
    if (!moved && opts.signal?.aborted) {
      // Interrupted before the VIP moved: the writes stay (the move goes on by itself, as planned) and the hold
      // is lifted; either way one host ends up holding the VIP.
      reporter.warn(m.interruptedHoldLifted);
    } else if (!moved) {
      reporter.warn(m.vipDidNotReachTarget({ host: plan.to, seconds: `${opts.moveTimeoutSeconds} s` }));
      for (const w of plan.undo) await applyWrite(byName, cluster.name, w);
    } else {
      for (const w of [...plan.after, ...(opts.afterMove ?? [])]) {
        reporter.info(m.trackFileWritten({ host: w.host, file: w.file, value: String(w.value) }));
        await applyWrite(byName, cluster.name, w);
      }
      // A second to see the old holder drop the VIP and any failure the hand-over causes.
      await waitFor(() => events.some((e) => e.kind === 'del' && e.host === plan.from), 3000, opts.signal);
      if (!opts.signal?.aborted) await sleep(1000);
    }
  } finally {
    if (held) await holder.run(releaseCommand(cluster.name), { timeoutMs: 15_000 }).catch(() => undefined);
    samples = probe ? await probe.stop() : [];
    await watch?.stop().catch(() => undefined);
  }
  // The recording goes along for `switchover --html` (src/report/html/).
  return { ...measureMove(plan.from, plan.to, start, samples, watch.events), recording: { startMs: start, probes: samples, events: watch.events } };
}

/** Waits until `host` holds the VIP alone (true) or the timeout passes (false). */
export async function waitForHolder(cluster: Cluster, remotes: RemoteHost[], host: string, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await observeCluster(remotes, cluster);
    const holders = v.holders[cluster.vips[0]!.address] ?? [];
    if (holders.length === 1 && holders[0] === host) return true;
    await sleep(250);
  }
  return false;
}
