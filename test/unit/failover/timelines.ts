// Recorded timelines as data. Probes are every 10 ms; `probeRun` writes them compactly.
import type { AddressEvent, Marker, ProbeSample, ScenarioName, ScenarioTimeline, TimingParams } from '../../../src/failover/types.js';

export const T0 = 1_750_000_000_000;
export const VIP = '198.18.1.100';

export const V3_FAST: TimingParams = {
  vrrpVersion: 3,
  advertInt: 0.1,
  checkInterval: 1,
  fall: 2,
  rise: 2,
  trackProcess: false,
  watchdogMs: 200,
  priorityMaster: 150,
  priorityBackup: 100,
};

export const V2_DEFAULT: TimingParams = {
  vrrpVersion: 2,
  advertInt: 1,
  checkInterval: 1,
  fall: 2,
  rise: 2,
  trackProcess: false,
  priorityMaster: 150,
  priorityBackup: 100,
};

/**
 * Probes sent every 10 ms from T0+fromMs to T0+toMs (exclusive), relative to T0. `at` says what each
 * request saw: a host name (success) or an error (failure).
 */
export function probeRun(fromMs: number, toMs: number, at: (rel: number) => { host: string } | { error: string; ms?: number }): ProbeSample[] {
  const out: ProbeSample[] = [];
  for (let rel = fromMs; rel < toMs; rel += 10) {
    const r = at(rel);
    if ('host' in r) out.push({ t: T0 + rel, ms: 3, ok: true, host: r.host });
    else out.push({ t: T0 + rel, ms: r.ms ?? 1, ok: false, error: r.error });
  }
  return out;
}

export const ev = (rel: number, host: string, kind: 'add' | 'del', address = `${VIP}/24`): AddressEvent => ({ t: T0 + rel, host, kind, address });
export const mk = (rel: number, label: string): Marker => ({ t: T0 + rel, label });

export function timeline(scenario: ScenarioName, params: TimingParams, probes: ProbeSample[], events: AddressEvent[], markers: Marker[]): ScenarioTimeline {
  return { scenario, master: 'node1', backups: ['node2'], vip: VIP, params, probes, events, markers };
}

/**
 * keepalived stopped on node1 at T0: node1 drops the VIP at +65 ms, node2 adds it at +70 ms; requests sent
 * from +20 to +70 are refused, +80 is answered by node2 (outage 60 ms). Restore at +2000: node1 takes the
 * VIP back at +2405 (node2 drops it 5 ms later: a normal hand-over), requests from +2400 to +2410 fail.
 */
export function cleanKeepalivedStop(params: TimingParams = V3_FAST): ScenarioTimeline {
  const preempt = !params.nopreempt;
  const probes = probeRun(-500, 3000, (rel) => {
    if (rel < 20) return { host: 'node1' };
    if (rel <= 70) return { error: 'ECONNREFUSED' };
    if (!preempt || rel < 2400) return { host: 'node2' };
    if (rel <= 2410) return { error: 'ECONNREFUSED' };
    return { host: 'node1' };
  });
  const events = [ev(65, 'node1', 'del'), ev(70, 'node2', 'add')];
  if (preempt) events.push(ev(2405, 'node1', 'add'), ev(2410, 'node2', 'del'));
  return timeline('keepalived-stop', params, probes, events, [mk(0, 'inject'), mk(500, 'settled'), mk(2000, 'restore'), mk(3000, 'failback-settled')]);
}

/** keepalived SIGKILLed on node1: it keeps the VIP; node2 adds it at +330 ms; restore removes it from node1 at +2330. */
export function masterCrashSplitBrain(): ScenarioTimeline {
  const probes = probeRun(-200, 3000, (rel) => {
    if (rel < 0) return { host: 'node1' };
    if (rel < 340) return { error: 'timeout', ms: 50 };
    return { host: 'node2' };
  });
  // Out of order on purpose: the runner merges streams from several hosts.
  const events = [ev(2330, 'node1', 'del'), ev(330, 'node2', 'add'), ev(2700, 'node1', 'add'), ev(2705, 'node2', 'del')];
  return timeline('keepalived-kill', V3_FAST, probes, events, [mk(2300, 'restore'), mk(0, 'inject'), mk(3000, 'failback-settled')]);
}

/** Tomcat stopped on node1, but nothing moves the VIP: clients get refused until restore at +5000. */
export function neverMoves(): ScenarioTimeline {
  const probes = probeRun(-200, 6000, (rel) => {
    if (rel < 50) return { host: 'node1' };
    if (rel < 5200) return { error: 'HTTP 503' };
    return { host: 'node1' };
  });
  return timeline('tomcat-stop', V2_DEFAULT, probes, [], [mk(0, 'inject'), mk(5000, 'restore'), mk(6000, 'failback-settled')]);
}

/**
 * Tomcat hung (SIGSTOP) on node1: requests time out (100 ms); the watchdog moves the VIP at +525 ms.
 * Restore (SIGCONT) at +1000; the VIP goes back to node1 at +1400 without a failed request.
 */
export function tomcatHang(): ScenarioTimeline {
  const probes = probeRun(-100, 2000, (rel) => {
    if (rel < 0) return { host: 'node1' };
    if (rel < 540) return { error: 'timeout after 100 ms', ms: 100 };
    return { host: rel < 1400 ? 'node2' : 'node1' };
  });
  const events = [ev(520, 'node1', 'del'), ev(525, 'node2', 'add'), ev(1400, 'node1', 'add'), ev(1405, 'node2', 'del')];
  return timeline('tomcat-hang', V3_FAST, probes, events, [mk(0, 'inject'), mk(1000, 'restore')]);
}

/** Tomcat killed with track_process: the VIP moves in 10 ms and no request fails. */
export function noFailures(): ScenarioTimeline {
  const probes = probeRun(-100, 1000, (rel) => ({ host: rel < 15 ? 'node1' : 'node2' }));
  const events = [ev(8, 'node1', 'del'), ev(10, 'node2', 'add')];
  return timeline('tomcat-crash', { ...V3_FAST, trackProcess: true, nopreempt: true }, probes, events, [mk(0, 'inject'), mk(800, 'restore')]);
}

/** node1's network is cut at T0: it keeps the VIP while node2 takes it at +370 ms; restored at +3000. */
export function networkLoss(node1DropsAtRel: number): ScenarioTimeline {
  const probes = probeRun(-100, 5000, (rel) => {
    if (rel < 0) return { host: 'node1' };
    if (rel < 380) return { error: 'timeout', ms: 50 };
    return { host: 'node2' };
  });
  const events = [ev(370, 'node2', 'add'), ev(node1DropsAtRel, 'node1', 'del')];
  return timeline('network-loss', { ...V3_FAST, nopreempt: true }, probes, events, [mk(0, 'inject'), mk(3000, 'restore')]);
}
