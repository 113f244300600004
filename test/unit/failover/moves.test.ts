// Moves are a figure: the VIP changing hands more than once each way fails the scenario, and the flaps the
// issue tracker saw on real labs (tomcat-stop, network-loss) are here as data.
import { describe, expect, it } from 'vitest';
import { holderMoves, measureScenario } from '../../../src/failover/measure.js';
import { settleWindowMs, parsePowerOffStamp } from '../../../src/failover/runner.js';
import { ev, mk, probeRun, T0, timeline, V3_FAST } from '../../fixtures/timelines.js';

const thresholds = { maxOutageSeconds: 2 };
const answeredBy = (h: string) => () => ({ host: h });

describe('holderMoves', () => {
  it('counts each change of the sole holder; a stretch with two or none is no change', () => {
    const events = [ev(100, 'node2', 'add'), ev(105, 'node1', 'del'), ev(2000, 'node1', 'add'), ev(2004, 'node2', 'del')];
    expect(holderMoves('node1', events, T0).map((m) => [m.from, m.to])).toEqual([
      ['node1', 'node2'],
      ['node2', 'node1'],
    ]);
    // the VIP gone and back on the same host is no move
    expect(holderMoves('node1', [ev(100, 'node1', 'del'), ev(900, 'node1', 'add')], T0)).toEqual([]);
  });

  it('hides the cut-off master during a partition, so the backup taking over is a move', () => {
    const events = [ev(300, 'node2', 'add'), ev(4100, 'node2', 'del')];
    const moves = holderMoves('node1', events, T0, { from: T0, to: T0 + 4000 });
    expect(moves.map((m) => [m.t - T0, m.to])).toEqual([
      [300, 'node2'],
      [4100, 'node1'],
    ]);
  });
});

describe('a flap fails the scenario', () => {
  it('tomcat-stop: away at +0.131, back at +0.439 while Tomcat drained, away again at +0.656: FAIL with 2 moves away', () => {
    const events = [
      ev(131, 'node2', 'add'),
      ev(135, 'node1', 'del'),
      ev(439, 'node1', 'add'),
      ev(441, 'node2', 'del'),
      ev(656, 'node2', 'add'),
      ev(660, 'node1', 'del'),
      ev(4500, 'node1', 'add'),
      ev(4503, 'node2', 'del'),
    ];
    const probes = probeRun(-300, 6000, (rel) => (rel < 120 ? { host: 'node1' } : rel < 140 ? { error: 'ECONNRESET' } : rel < 440 ? { host: 'node2' } : rel < 650 ? { host: 'node1' } : rel < 670 ? { error: 'ECONNRESET' } : rel < 4500 ? { host: 'node2' } : { host: 'node1' }));
    const r = measureScenario(timeline('tomcat-stop', V3_FAST, probes, events, [mk(0, 'inject'), mk(4000, 'restore'), mk(5800, 'failback-settled')]), thresholds);
    expect(r.status).toBe('fail');
    expect([r.movesAway, r.movesBack]).toEqual([2, 2]);
    expect(r.reasons).toContain('the VIP moved away from node1 2 times (once is right): it flapped; the timeline shows each move');
    expect(r.timeline.map((e) => e.label)).toContain('VIP now on node2 (move away 2)');
  });

  it('network-loss: the late Tomcat check after restore moved the VIP away again: FAIL, not a pass', () => {
    // restore at +2.379, node2 removed the VIP at +2.469, node1 removed it at +2.685, node2 added it at +2.741
    const events = [ev(300, 'node2', 'add'), ev(2469, 'node2', 'del'), ev(2685, 'node1', 'del'), ev(2741, 'node2', 'add')];
    const probes = probeRun(-300, 2900, (rel) => (rel < 300 ? { error: 'ETIMEDOUT' } : { host: 'node2' }));
    const r = measureScenario(timeline('network-loss', V3_FAST, probes, events, [mk(0, 'inject'), mk(2379, 'restore'), mk(2867, 'failback-settled')]), thresholds);
    expect([r.movesAway, r.movesBack]).toEqual([2, 1]);
    expect(r.status).toBe('fail');
  });

  it('network-loss done right: one move away, one back, the cut-off master is not split brain', () => {
    const events = [ev(330, 'node2', 'add'), ev(4020, 'node2', 'del')];
    const probes = probeRun(-300, 6000, (rel) => (rel < 0 ? { host: 'node1' } : rel < 330 ? { error: 'ETIMEDOUT' } : rel < 4020 ? { host: 'node2' } : { host: 'node1' }));
    const r = measureScenario(timeline('network-loss', V3_FAST, probes, events, [mk(0, 'inject'), mk(4000, 'restore'), mk(5500, 'failback-settled')]), thresholds);
    expect(r.reasons).toEqual([]);
    expect([r.status, r.movesAway, r.movesBack, r.splitBrain]).toEqual(['pass', 1, 1, false]);
  });

  it('a crash that systemd heals before the restore: one move away, one back (early): PASS', () => {
    const events = [ev(100, 'node2', 'add'), ev(104, 'node1', 'del'), ev(3000, 'node1', 'add'), ev(3003, 'node2', 'del')];
    const probes = probeRun(-300, 6000, (rel) => (rel < 0 ? { host: 'node1' } : rel < 100 ? { error: 'ECONNREFUSED' } : rel < 3000 ? { host: 'node2' } : { host: 'node1' }));
    const r = measureScenario(timeline('tomcat-crash', V3_FAST, probes, events, [mk(0, 'inject'), mk(4000, 'restore'), mk(5500, 'failback-settled')]), thresholds);
    expect([r.status, r.movesAway, r.movesBack, r.failbackSeconds]).toEqual(['pass', 1, 1, 0]);
  });

  it('with nopreempt a move back is wrong', () => {
    const events = [ev(100, 'node2', 'add'), ev(104, 'node1', 'del'), ev(4300, 'node1', 'add'), ev(4303, 'node2', 'del')];
    const probes = probeRun(-300, 6000, answeredBy('node2'));
    const r = measureScenario(timeline('keepalived-stop', { ...V3_FAST, nopreempt: true }, probes, events, [mk(0, 'inject'), mk(4000, 'restore')]), thresholds);
    expect(r.status).toBe('fail');
    expect(r.reasons.join()).toMatch(/with nopreempt the VIP should have stayed/);
  });

  it('a scenario that could not be carried out is an ERROR, not a pass and not a fail', () => {
    const tl = timeline('tomcat-stop', V3_FAST, [], [], []);
    tl.notRun = 'could not arm the failsafe timer on node1 (exit 1: no systemd); nothing was injected';
    const r = measureScenario(tl, thresholds);
    expect([r.status, r.passed]).toEqual(['error', false]);
    expect(r.reasons).toEqual(['not carried out: could not arm the failsafe timer on node1 (exit 1: no systemd); nothing was injected']);
  });
});

describe('runner helpers', () => {
  it('settles only after 3 adverts and one check interval without change', () => {
    expect(settleWindowMs({ advertInt: 0.1, checkInterval: 1 })).toBe(1300);
    expect(settleWindowMs({ advertInt: 1, checkInterval: 2 })).toBe(5000);
  });

  it('reads the instant a power command cut the power, when it says so', () => {
    expect(parsePowerOffStamp('power-off-at: 1764145801.123456\nnode1: power off\n')).toBe(1764145801123.456);
    expect(parsePowerOffStamp('Chassis Power Control: Down/Off\n')).toBeUndefined();
  });
});

describe('a lost session', () => {
  it('gives no verdict from half a recording: ERROR, with the restore failure if there was one', () => {
    const tl = timeline('tomcat-stop', V3_FAST, probeRun(-300, 2000, () => ({ host: 'node2' })), [ev(130, 'node2', 'add')], [mk(0, 'inject'), mk(1500, 'restore')]);
    tl.sessionLost = true;
    tl.error = 'the SSH session to node1 was lost while the failure was in place; restore failed on node1: exit 5';
    const r = measureScenario(tl, thresholds);
    expect(r.status).toBe('error');
    expect(r.reasons).toEqual([
      'the SSH session to node1 was lost while the failure was in place: the recording is incomplete, no verdict',
      'restore failed on node1: exit 5',
    ]);
  });
});
