// What clients saw while a deploy changed a running cluster: a change is measured like a failover (issue 20).
// The experiment harness (src/experiment/) probes the VIP from this machine - an HTTP GET over a fresh
// connection every 20 ms - and watches the VIP's address on every host, from before the activation to the end
// of verify. The result: failed requests, the changes of the VIP's sole holder, and the longest moment two
// hosts held it at once (which clients' ARP caches see as a split brain, however short).
import { measureClockOffset } from '../experiment/clock.js';
import { probeOptionsFor, startExperiment, type Experiment } from '../experiment/harness.js';
import { holderMoves } from '../experiment/holders.js';
import type { Recording } from '../experiment/types.js';
import type { Cluster } from '../inventory/model.js';
import type { RemoteHost } from '../remote/host.js';

export interface DeployClients {
  vip: string;
  /** false: no request was answered at all (the VIP cannot be reached from this machine): nothing to say */
  measured: boolean;
  requests: number;
  failed: number;
  /** the VIP's sole holder, in order, starting with the one before the change */
  holders: string[];
  /** the longest stretch with two or more holders, in seconds (0: never) */
  twoHoldersSeconds: number;
}

const DEPLOY_PROBE_INTERVAL_MS = 20;
const DEPLOY_PROBE_TIMEOUT_MS = 500;

/** The recording's story, from the holder before the change on. Pure. */
export function analyseDeployRecording(vip: string, holderBefore: string, r: Recording): DeployClients {
  const requests = r.probes.length;
  const failed = r.probes.filter((p) => !p.ok).length;
  const holders = [holderBefore, ...holderMoves(holderBefore, r.events, 0).map((m) => m.to)];
  // Two or more at once: the longest such stretch (the moves above skip them).
  const held = new Set([holderBefore]);
  let twoSince: number | undefined;
  let longest = 0;
  for (const e of r.events) {
    if (e.kind === 'add') held.add(e.host);
    else held.delete(e.host);
    if (held.size >= 2) twoSince ??= e.t;
    else if (twoSince !== undefined) {
      longest = Math.max(longest, e.t - twoSince);
      twoSince = undefined;
    }
  }
  const end = Math.max(0, ...r.probes.map((p) => p.t + p.ms), ...r.events.map((e) => e.t));
  if (twoSince !== undefined) longest = Math.max(longest, end - twoSince);
  return { vip, measured: r.probes.some((p) => p.ok), requests, failed, holders, twoHoldersSeconds: Math.round(longest) / 1000 };
}

export interface DeployProbe {
  /** Stops probing and watching; what clients saw. */
  finish(): Promise<DeployClients>;
}

/**
 * Starts the probe and the watch when there is something to measure: the first VIP held by exactly one host
 * (a first deploy has no holder yet). Never fails the deploy: undefined when it cannot start.
 */
export async function startDeployProbe(cluster: Cluster, remotes: RemoteHost[], holdersBefore: Record<string, string[]>, signal?: AbortSignal): Promise<DeployProbe | undefined> {
  const vip = cluster.vips[0]?.address;
  const before = vip === undefined ? [] : (holdersBefore[vip] ?? []);
  if (vip === undefined || before.length !== 1) return undefined;
  let experiment: Experiment;
  try {
    const offsets = await Promise.all(remotes.map((r) => measureClockOffset(r)));
    experiment = await startExperiment({
      hosts: remotes.map((remote, i) => ({ remote, offsetMs: offsets[i]!.offsetMs })),
      vip,
      probe: probeOptionsFor(cluster, { intervalMs: DEPLOY_PROBE_INTERVAL_MS, timeoutMs: DEPLOY_PROBE_TIMEOUT_MS }),
      baselineMs: 100,
      signal,
    });
  } catch {
    return undefined;
  }
  experiment.mark('activate');
  return {
    finish: async () => analyseDeployRecording(vip, before[0]!, await experiment.stop()),
  };
}
