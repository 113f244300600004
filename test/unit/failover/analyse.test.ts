// Each analyser of src/failover/analyse/ on its own, with recorded timelines as data (test/unit/failover/timelines.ts):
// what it measures, which reasons it gives, and nothing it should not.
import { describe, expect, it } from 'vitest';
import { recorded } from '../../../src/failover/analyse/common.js';
import { analyseFailback } from '../../../src/failover/analyse/failback.js';
import { analyseMoves } from '../../../src/failover/analyse/moves.js';
import { analyseOutage, failureRuns } from '../../../src/failover/analyse/outage.js';
import { analyseSplitBrain } from '../../../src/failover/analyse/split-brain.js';
import { analyseVipMove } from '../../../src/failover/analyse/vip-move.js';
import { en } from '../../../src/i18n/en/index.js';
import type { Said } from '../../../src/failover/types.js';
import { V3_FAST, cleanKeepalivedStop, ev, masterCrashSplitBrain, mk, neverMoves, networkLoss, noFailures, probeRun, timeline, tomcatHang } from '../../fixtures/timelines.js';

const words = (reasons: Said[]) => reasons.map((f) => f(en));
const rec = (tl: Parameters<typeof recorded>[0], max = 1) => recorded(tl, max);

describe('analyseVipMove', () => {
  it('from inject to the first add on another host', () => {
    expect(analyseVipMove(rec(cleanKeepalivedStop()))).toMatchObject({ vipMoveSeconds: 0.07, newHolder: 'node2', reasons: [] });
  });
  it('a move never seen is a reason, and no figure', () => {
    const r = analyseVipMove(rec(neverMoves()));
    expect(r.vipMoveSeconds).toBeNull();
    expect(words(r.reasons)).toEqual([en.failover.reason.vipNeverMoved({ vip: '198.18.1.100', master: 'node1' })]);
  });
  it('an add up to 50 ms before inject (clock error) is a move of 0 s; earlier ones are not', () => {
    const early = (at: number) => timeline('keepalived-stop', V3_FAST, [], [ev(at, 'node2', 'add')], [mk(0, 'inject')]);
    expect(analyseVipMove(rec(early(-40))).vipMoveSeconds).toBe(0);
    expect(analyseVipMove(rec(early(-60))).vipMoveSeconds).toBeNull();
  });
});

describe('analyseMoves', () => {
  it('one away and one back with preemption', () => {
    const r = analyseMoves(rec(cleanKeepalivedStop()));
    expect([r.movesAway, r.movesBack, r.reasons.length]).toEqual([1, 1, 0]);
    expect(r.entries.map((e) => e.said(en))).toHaveLength(2);
  });
  it('a second move away is a flap', () => {
    const events = [ev(10, 'node2', 'add'), ev(15, 'node1', 'del'), ev(300, 'node1', 'add'), ev(305, 'node2', 'del'), ev(600, 'node2', 'add'), ev(605, 'node1', 'del')];
    const r = analyseMoves(rec(timeline('tomcat-stop', V3_FAST, [], events, [mk(0, 'inject'), mk(2000, 'restore')])));
    expect(r.movesAway).toBe(2);
    expect(words(r.reasons)).toEqual([en.failover.reason.flappedAway({ master: 'node1', count: 2 })]);
  });
  it('with nopreempt a move back is wrong', () => {
    const tl = cleanKeepalivedStop({ ...V3_FAST, nopreempt: true });
    tl.events.push(ev(2405, 'node1', 'add'), ev(2410, 'node2', 'del'));
    expect(words(analyseMoves(rec(tl)).reasons)).toEqual([en.failover.reason.movedBackDespiteNopreempt({ master: 'node1', count: 1 })]);
  });
});

describe('analyseOutage', () => {
  it('the longest run of failures in [inject, restore), from the first failure to the next success', () => {
    const r = rec(cleanKeepalivedStop());
    const o = analyseOutage(r, failureRuns(r.probes));
    expect(o).toMatchObject({ outageSeconds: 0.06, failedRequests: 6, reasons: [] });
    expect(o.totalRequests).toBe(200);
  });
  it('over the threshold is a reason; never answered again is another', () => {
    const r = rec(neverMoves(), 2);
    const o = analyseOutage(r, failureRuns(r.probes));
    expect(o.outageSeconds).toBe(5.15);
    expect(words(o.reasons)).toEqual([en.failover.reason.outageTooLong({ outage: '5.150 s', allowed: '2.000 s' })]);
    const lost = rec(timeline('tomcat-stop', V3_FAST, probeRun(-50, 500, (t) => (t < 0 ? { host: 'node1' } : { error: 'HTTP 503' })), [], [mk(0, 'inject')]));
    expect(words(analyseOutage(lost, failureRuns(lost.probes)).reasons)).toEqual([en.failover.reason.neverAnsweredAgain({ from: '+0.000' })]);
  });
  it('no failure: 0; no probe: null and a reason', () => {
    const r = rec(noFailures());
    expect(analyseOutage(r, failureRuns(r.probes)).outageSeconds).toBe(0);
    const none = rec(timeline('tomcat-stop', V3_FAST, [], [], [mk(0, 'inject')]));
    const o = analyseOutage(none, []);
    expect(o.outageSeconds).toBeNull();
    expect(words(o.reasons)).toEqual([en.failover.reason.noProbes]);
  });
});

describe('analyseFailback', () => {
  it('from restore to the master holding the VIP again, and the failures in that window', () => {
    const r = rec(cleanKeepalivedStop());
    const f = analyseFailback(r, failureRuns(r.probes), analyseMoves(r).moves);
    expect(f).toMatchObject({ failbackSeconds: 0.405, failbackOutageSeconds: 0.02, reasons: [] });
  });
  it('with nopreempt there is no failback figure', () => {
    const r = rec(noFailures());
    expect(analyseFailback(r, failureRuns(r.probes), analyseMoves(r).moves).failbackSeconds).toBeNull();
  });
  it('with preemption the VIP must end on the master', () => {
    const tl = tomcatHang();
    tl.events = tl.events.slice(0, 2); // it never went back
    const r = rec(tl);
    expect(words(analyseFailback(r, failureRuns(r.probes), analyseMoves(r).moves).reasons)).toEqual([
      en.failover.reason.notBackOnMaster({ master: 'node1', holders: 'node2' }),
    ]);
  });
});

describe('analyseSplitBrain', () => {
  it('the old master keeping the VIP beside the new holder counts whole', () => {
    const s = analyseSplitBrain(rec(masterCrashSplitBrain()));
    expect(s).toMatchObject({ splitBrain: true, splitBrainSeconds: 2 });
    expect(s.reasons).toHaveLength(1);
  });
  it('a normal hand-over (under 200 ms of overlap) is not split brain', () => {
    expect(analyseSplitBrain(rec(cleanKeepalivedStop()))).toMatchObject({ splitBrain: false, splitBrainSeconds: 0, reasons: [] });
  });
  it('network-loss: the isolated master holding the VIP until restore is by design; after restore it counts', () => {
    expect(analyseSplitBrain(rec(networkLoss(3050))).splitBrain).toBe(false);
    expect(analyseSplitBrain(rec(networkLoss(3500)))).toMatchObject({ splitBrain: true, splitBrainSeconds: 0.5 });
  });
});
