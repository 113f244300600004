import { describe, expect, it } from 'vitest';
import { measureScenario, theoreticalBound } from '../../../src/failover/measure.js';
import { masterDownSeconds, skewSeconds } from '../../../src/vrrp-timing.js';
import type { ScenarioTimeline } from '../../../src/failover/types.js';
import {
  T0,
  V2_DEFAULT,
  V3_FAST,
  cleanKeepalivedStop,
  ev,
  masterCrashSplitBrain,
  mk,
  networkLoss,
  neverMoves,
  noFailures,
  probeRun,
  tomcatHang,
} from '../../fixtures/timelines.js';

const thresholds = { maxOutageSeconds: 1 };

describe('measureScenario', () => {
  it('measures a clean keepalived stop: 0.07 s move, 60 ms outage, failback with a normal hand-over', () => {
    const r = measureScenario(cleanKeepalivedStop(), thresholds);
    expect(r).toMatchObject({
      name: 'keepalived-stop',
      status: 'pass',
      passed: true,
      reasons: [],
      vipMoveSeconds: 0.07,
      movesAway: 1,
      movesBack: 1,
      newHolder: 'node2',
      outageSeconds: 0.06,
      failedRequests: 6,
      totalRequests: 200,
      failbackSeconds: 0.405,
      failbackOutageSeconds: 0.02,
      splitBrain: false,
      splitBrainSeconds: 0,
      boundSeconds: 0.061,
    });
    expect(r.error).toBeUndefined();
    expect(r.boundExplanation).toMatch(/priority-0 advert/);
    expect(r.timeline.slice(0, 7)).toEqual([
      { t: 0, label: 'inject: keepalived-stop on node1' },
      { t: 0.02, label: 'probe: first failure (ECONNREFUSED)' },
      { t: 0.065, label: 'node1 removed 198.18.1.100' },
      { t: 0.07, label: 'node2 added 198.18.1.100' },
      { t: 0.07, label: 'VIP now on node2 (move away 1)' },
      { t: 0.08, label: 'probe: first success after outage (node2): 0.060 s without service, 6 failed' },
      { t: 0.08, label: 'probe: now answered by node2' },
    ]);
    const labels = r.timeline.map((e) => e.label);
    expect(labels).toContain('restore');
    expect(labels).toContain('node1 added 198.18.1.100');
    expect(labels.some((l) => l.startsWith('split brain'))).toBe(false);
    const times = r.timeline.map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('reports split brain when the old master keeps the VIP after a crash', () => {
    const r = measureScenario(masterCrashSplitBrain(), thresholds);
    expect(r.vipMoveSeconds).toBe(0.33);
    expect(r.newHolder).toBe('node2');
    expect(r.outageSeconds).toBe(0.34);
    expect(r.failedRequests).toBe(34);
    expect(r.totalRequests).toBe(230);
    expect(r.splitBrain).toBe(true);
    expect(r.splitBrainSeconds).toBe(2);
    expect(r.failbackSeconds).toBe(0.4);
    expect(r.passed).toBe(false);
    expect(r.reasons).toHaveLength(1);
    expect(r.reasons[0]).toMatch(/^split brain: node1 and node2 held 198\.18\.1\.100 at the same time for 2\.000 s/);
    expect(r.boundSeconds).toBe(0.361);
    expect(r.timeline).toContainEqual({ t: 0.33, label: 'split brain: node1 and node2 both hold 198.18.1.100' });
    expect(r.timeline).toContainEqual({ t: 2.33, label: 'split brain over (2.000 s)' });
  });

  it('counts a split brain still going on at the end of the recording until then', () => {
    const tl = masterCrashSplitBrain();
    tl.events = tl.events.filter((e) => e.t < T0 + 1000);
    const r = measureScenario(tl, thresholds);
    expect(r.splitBrain).toBe(true);
    expect(r.splitBrainSeconds).toBe(2.67); // +0.330 to the end of the recording (the marker at +3.000)
    expect(r.timeline.some((e) => e.label.startsWith('split brain still on at the end'))).toBe(true);
  });

  it('fails when the VIP never moves, with the outage until clients got answers again', () => {
    const r = measureScenario(neverMoves(), thresholds);
    expect(r.vipMoveSeconds).toBeNull();
    expect(r.newHolder).toBeNull();
    expect(r.outageSeconds).toBe(5.15);
    expect(r.failedRequests).toBe(495);
    expect(r.totalRequests).toBe(500);
    expect(r.failbackSeconds).toBeNull();
    expect(r.failbackOutageSeconds).toBe(0); // the run in progress at restore belongs to the inject outage
    expect(r.splitBrain).toBe(false);
    expect(r.passed).toBe(false);
    expect(r.reasons).toEqual([
      'the VIP 198.18.1.100 never moved: no other host added it after the failure was injected on node1',
      'clients saw an outage of 5.150 s, more than the 1.000 s allowed',
    ]);
    expect(r.boundSeconds).toBe(2.609);
    expect(r.boundExplanation).toMatch(/interval 1 s x fall 2/);
  });

  it('measures a hung Tomcat moved by the watchdog', () => {
    const r = measureScenario(tomcatHang(), thresholds);
    expect(r).toMatchObject({
      passed: true,
      vipMoveSeconds: 0.525,
      newHolder: 'node2',
      outageSeconds: 0.54,
      failedRequests: 54,
      totalRequests: 100,
      failbackSeconds: 0.4,
      failbackOutageSeconds: 0,
      splitBrain: false,
      boundSeconds: 0.861,
    });
    expect(r.timeline).toContainEqual({ t: 0, label: 'probe: first failure (timeout after 100 ms)' });
    expect(r.boundExplanation).toMatch(/watchdog/);
  });

  it('with nopreempt the VIP staying on the backup is correct: no failback', () => {
    const r = measureScenario(cleanKeepalivedStop({ ...V3_FAST, nopreempt: true }), thresholds);
    expect(r.passed).toBe(true);
    expect(r.failbackSeconds).toBeNull();
    expect(r.failbackOutageSeconds).toBe(0);
    expect(r.reasons).toEqual([]);
  });

  it('with preemption the VIP must go back to the master after restore', () => {
    const tl = cleanKeepalivedStop({ ...V3_FAST, nopreempt: true });
    tl.params = V3_FAST;
    const r = measureScenario(tl, thresholds);
    expect(r.passed).toBe(false);
    expect(r.failbackSeconds).toBeNull();
    expect(r.reasons).toEqual(['with preemption the VIP should have gone back to node1 after restore, but at the end node2 held it']);
  });

  it('gives an outage of 0 when no probe failed', () => {
    const r = measureScenario(noFailures(), thresholds);
    expect(r).toMatchObject({ passed: true, outageSeconds: 0, failedRequests: 0, totalRequests: 80, vipMoveSeconds: 0.01, failbackSeconds: null });
    expect(r.boundSeconds).toBe(0.061);
    expect(r.boundExplanation).toMatch(/track_process/);
    expect(r.timeline.some((e) => e.label.startsWith('probe: first failure'))).toBe(false);
  });

  it('does not count the isolated master of a network loss as split brain, but does after restore', () => {
    const ok = measureScenario(networkLoss(3050), thresholds);
    expect(ok.splitBrain).toBe(false);
    expect(ok.passed).toBe(true);
    expect(ok.vipMoveSeconds).toBe(0.37);
    expect(ok.boundSeconds).toBe(0.361);
    expect(ok.timeline).toContainEqual({ t: 0.37, label: 'node1 is cut off and still holds 198.18.1.100 (expected; not counted as split brain)' });

    const bad = measureScenario(networkLoss(3500), thresholds);
    expect(bad.splitBrain).toBe(true);
    expect(bad.splitBrainSeconds).toBe(0.5);
    expect(bad.passed).toBe(false);
  });

  it('fails honestly when the scenario reports an error', () => {
    const tl: ScenarioTimeline = { ...cleanKeepalivedStop(), error: 'restore failed: keepalived did not start on node1' };
    const r = measureScenario(tl, thresholds);
    expect(r.passed).toBe(false);
    expect(r.error).toBe('restore failed: keepalived did not start on node1');
    expect(r.reasons).toEqual(['the scenario did not run cleanly: restore failed: keepalived did not start on node1']);
  });

  it('fails without an inject marker or without probes', () => {
    const tl = cleanKeepalivedStop();
    const noInject = measureScenario({ ...tl, markers: tl.markers.filter((m) => m.label !== 'inject') }, thresholds);
    expect(noInject.passed).toBe(false);
    expect(noInject.vipMoveSeconds).toBeNull();
    expect(noInject.reasons[0]).toMatch(/no 'inject' marker/);

    const noProbes = measureScenario({ ...tl, probes: [] }, thresholds);
    expect(noProbes.passed).toBe(false);
    expect(noProbes.outageSeconds).toBeNull();
    expect(noProbes.totalRequests).toBe(0);
    expect(noProbes.reasons).toEqual(['no probe requests were recorded between inject and restore: what clients saw is unknown']);
  });

  it('fails when clients never get an answer again', () => {
    const tl = cleanKeepalivedStop();
    tl.probes = probeRun(-100, 1000, (rel) => (rel < 20 ? { host: 'node1' } : { error: 'ECONNREFUSED' }));
    tl.markers = [mk(0, 'inject')];
    tl.events = [ev(70, 'node2', 'add'), ev(65, 'node1', 'del')];
    const r = measureScenario(tl, { maxOutageSeconds: 5 });
    expect(r.outageSeconds).toBe(0.971); // first failure sent at +20, last failure answered at +991
    expect(r.passed).toBe(false);
    expect(r.reasons).toEqual(['clients got no successful answer again from +0.020 s to the end of the recording']);
  });

  it('accepts a move timestamped just before inject (clock offset error) as 0 s, and ignores other addresses', () => {
    const tl = cleanKeepalivedStop();
    tl.events = [ev(-5, 'node2', 'add', '198.18.1.100'), ev(0, 'node1', 'del'), ev(1, 'node2', 'add', '198.18.1.7/24')];
    tl.markers = [mk(0, 'inject')];
    const r = measureScenario(tl, thresholds);
    expect(r.vipMoveSeconds).toBe(0);
    expect(r.newHolder).toBe('node2');
    expect(r.timeline.some((e) => e.label.includes('198.18.1.7'))).toBe(false);
  });
});

describe('theoretical bounds', () => {
  it('follows the VRRP timers', () => {
    expect(skewSeconds(V2_DEFAULT)).toBeCloseTo(0.609375);
    expect(skewSeconds(V3_FAST)).toBeCloseTo(0.0609375);
    expect(masterDownSeconds(V2_DEFAULT)).toBeCloseTo(3.609375);
    expect(masterDownSeconds({ ...V2_DEFAULT, vrrpVersion: 3 })).toBeCloseTo(3.609375);
    expect(theoreticalBound('keepalived-stop', V2_DEFAULT).seconds).toBe(0.609);
    expect(theoreticalBound('keepalived-kill', V2_DEFAULT).seconds).toBe(3.609);
    expect(theoreticalBound('network-loss', V3_FAST).seconds).toBe(0.361);
    expect(theoreticalBound('reboot', V3_FAST).seconds).toBe(0.361);
  });

  it('bounds Tomcat failures by the way they are detected', () => {
    expect(theoreticalBound('tomcat-crash', { ...V2_DEFAULT, trackProcess: true }).seconds).toBe(0.609);
    expect(theoreticalBound('tomcat-stop', { ...V3_FAST }).seconds).toBe(0.461); // watchdog 200 ms: 2 x 0.2 + skew
    expect(theoreticalBound('tomcat-stop', V2_DEFAULT).seconds).toBe(2.609);
    expect(theoreticalBound('tomcat-hang', V2_DEFAULT).seconds).toBe(3.609); // 1 x 2 + timeout 1 + skew
    expect(theoreticalBound('tomcat-hang', { ...V2_DEFAULT, checkTimeout: 2, trackProcess: true }).seconds).toBe(4.609);
    expect(theoreticalBound('tomcat-hang', V2_DEFAULT).explanation).toMatch(/assumed/);
  });
});

describe('failback after a failure that healed by itself', () => {
  it('is 0 s when the master took the VIP back before the restore', () => {
    const t0 = 1_800_000_000_000;
    const result = measureScenario(
      {
        scenario: 'tomcat-crash',
        master: 'node1',
        backups: ['node2'],
        vip: '198.18.1.100',
        probes: Array.from({ length: 300 }, (_, i) => ({ t: t0 - 500 + i * 10, ms: 2, ok: true, host: 'node1' })),
        events: [
          { t: t0 + 100, host: 'node1', kind: 'del', address: '198.18.1.100/24' },
          { t: t0 + 110, host: 'node2', kind: 'add', address: '198.18.1.100/24' },
          { t: t0 + 1500, host: 'node2', kind: 'del', address: '198.18.1.100/24' },
          { t: t0 + 1510, host: 'node1', kind: 'add', address: '198.18.1.100/24' },
        ],
        markers: [
          { t: t0, label: 'inject' },
          { t: t0 + 2000, label: 'restore' },
          { t: t0 + 2400, label: 'failback-settled' },
        ],
        params: { vrrpVersion: 3, advertInt: 0.1, checkInterval: 1, fall: 2, rise: 2, trackProcess: false, watchdogMs: 100, priorityMaster: 150, priorityBackup: 100 },
      },
      { maxOutageSeconds: 2 },
    );
    expect(result.failbackSeconds).toBe(0);
    expect(result.passed).toBe(true);
    expect(result.timeline.some((e) => e.label.includes('healed by itself'))).toBe(true);
  });
});
