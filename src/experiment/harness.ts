// One experiment on a cluster: the client probe (src/experiment/probe.ts), the VIP watch on every host
// (src/experiment/watch.ts), markers the driver sets, and every wait through src/poll.ts so that each one has a
// timeout and stops on the run's AbortSignal. failover-test, switchover and maintenance drive one each; so can
// any other step that changes who holds the VIP and wants to know what clients saw (deploy's verify):
//
//   const x = await startExperiment({ hosts, vip, probe: probeOptionsFor(cluster, {...}), signal });
//   ...change something...; x.mark('activate');
//   const moved = await x.until(() => x.events.some(...), { timeout, step });
//   const recording = await x.stop();   // then the pure analysers of src/failover/analyse/ on it
import type { Cluster } from '../inventory/model.js';
import { poll, sleep } from '../poll.js';
import type { RemoteHost } from '../remote/host.js';
import { startProbe, startRemoteProbe, type Probe, type ProbeOptions } from './probe.js';
import type { AddressEvent, Marker, Recording } from './types.js';
import { startWatch, type Watch } from './watch.js';

export interface ExperimentHost {
  remote: RemoteHost;
  /** ms to subtract from the host's clock to get ours (src/experiment/clock.ts) */
  offsetMs: number;
}

export interface ExperimentOptions {
  hosts: ExperimentHost[];
  /** the VIP's address, without prefix */
  vip: string;
  probe: ProbeOptions;
  /** run the probe on this host instead of here (`--probe-from`) */
  probeFrom?: ExperimentHost;
  /** Answered requests before the driver changes anything (default 300 ms). */
  baselineMs?: number;
  /** Cuts every wait short (Ctrl-C, SIGTERM, SIGHUP). */
  signal?: AbortSignal;
  /** Starts the client probe (tests pass one that sends nothing). */
  startProbe?: (opts: ProbeOptions) => Probe;
}

export interface Experiment {
  /** The VIP's address events so far (the driver may add one the kernels cannot report, e.g. a power cut). */
  readonly events: AddressEvent[];
  readonly markers: Marker[];
  /** Hosts whose watch ended by itself (the SSH session was lost). */
  readonly ended: ReadonlySet<string>;
  /** Sets a marker, at `t` (epoch ms, our clock) or now. */
  mark(label: string, t?: number): void;
  /** Asks `condition` every `step` ms until it holds (true), `timeout` ms pass or the run is aborted (false). */
  until(condition: () => boolean | Promise<boolean>, wait: { timeout: number; step: number }): Promise<boolean>;
  /** A pause the run's signal cuts short. */
  pause(ms: number): Promise<void>;
  /** Watches a host again (it came back from a reboot with a new session). */
  watchAgain(host: ExperimentHost): Promise<void>;
  /** Stops probe and watch; what was recorded, sorted by time. Safe to call twice. */
  stop(): Promise<Recording>;
}

/** The client probe a cluster's experiments use: HTTP GET to the VIP on Tomcat's port over fresh connections. */
export function probeOptionsFor(cluster: Cluster, o: { intervalMs: number; timeoutMs: number; path?: string }): ProbeOptions {
  const vip = cluster.vips[0]!.address;
  return {
    url: `http://${vip}:${cluster.tomcat.port}${o.path ?? cluster.tomcat.healthPath}`,
    intervalMs: o.intervalMs,
    timeoutMs: o.timeoutMs,
    maxInFlight: Math.ceil(o.timeoutMs / o.intervalMs) + 5,
    hostNames: cluster.hosts.map((h) => h.name),
    expectedStatus: cluster.tomcat.expectedStatus,
  };
}

/** Starts watching every host, then the probe, then waits out the baseline. */
export async function startExperiment(opts: ExperimentOptions): Promise<Experiment> {
  const { signal } = opts;
  const markers: Marker[] = [];
  const watch: Watch = await startWatch(opts.hosts, opts.vip);
  let probe: Probe;
  try {
    probe = opts.probeFrom
      ? await startRemoteProbe(opts.probeFrom.remote, opts.probe, opts.probeFrom.offsetMs)
      : (opts.startProbe ?? startProbe)(opts.probe);
  } catch (e) {
    await watch.stop().catch(() => undefined);
    throw e;
  }
  let stopped: Promise<Recording> | undefined;
  const experiment: Experiment = {
    events: watch.events,
    markers,
    ended: watch.ended,
    mark: (label, t = Date.now()) => void markers.push({ t, label }),
    until: async (condition, wait) =>
      (await poll(async () => ((await condition()) ? true : undefined), { ...wait, signal })) ?? false,
    pause: (ms) => sleep(ms, signal),
    watchAgain: (h) => watch.add(h.remote, h.offsetMs),
    stop: () =>
      (stopped ??= (async () => {
        const probes = await probe.stop();
        await watch.stop().catch(() => undefined);
        const byTime = <T extends { t: number }>(list: T[]) => [...list].sort((a, b) => a.t - b.t);
        return { probes: byTime(probes), events: byTime(watch.events), markers: byTime(markers) };
      })()),
  };
  await experiment.pause(opts.baselineMs ?? 300);
  return experiment;
}
