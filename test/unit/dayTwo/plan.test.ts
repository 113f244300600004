// Switchover and maintenance plans as data: which track file on which host gets which value, and when a
// move is refused (changing nothing).
import { describe, expect, it } from 'vitest';
import { planMaintenance, planSwitchover, RefusedError, standbyValues } from '../../../src/day-two/plan.js';
import { ExitCode, UsageError } from '../../../src/errors.js';
import { cluster, state } from '../../fixtures/day-two.js';



const healthy = (holder = 'node1', n = 2) => Array.from({ length: n }, (_, i) => state(`node${i + 1}`, { holdsVip: `node${i + 1}` === holder }));

describe('standbyValues', () => {
  it('lowers every host at or above the target just below it, and no other', () => {
    // node1 150, node2 100, node3 99
    expect(Object.fromEntries(standbyValues(cluster({}, 3), 'node3'))).toEqual({ node1: -52, node2: -2, node3: 0 });
    expect(Object.fromEntries(standbyValues(cluster({}, 3), 'node2'))).toEqual({ node1: -51, node2: 0, node3: 0 });
    expect(Object.fromEntries(standbyValues(cluster({}, 3), 'node1'))).toEqual({ node1: 0, node2: 0, node3: 0 });
  });
});

describe('planSwitchover with preemption', () => {
  it('by default moves to the highest-priority backup: one write on the holder, undone if the VIP does not move', () => {
    const p = planSwitchover(cluster(), healthy(), {});
    expect(p).toMatchObject({ from: 'node1', to: 'node2', move: true, after: [] });
    expect(p.writes).toEqual([{ host: 'node1', file: 'standby', value: -51 }]);
    expect(p.undo).toEqual([{ host: 'node1', file: 'standby', value: 0 }]);
  });

  it('to a lower backup of three: the one above it first, the holder last', () => {
    const p = planSwitchover(cluster({}, 3), healthy('node1', 3), { to: 'node3' });
    expect(p.writes).toEqual([
      { host: 'node2', file: 'standby', value: -2 },
      { host: 'node1', file: 'standby', value: -52 },
    ]);
    expect(p.undo).toEqual([
      { host: 'node1', file: 'standby', value: 0 },
      { host: 'node2', file: 'standby', value: 0 },
    ]);
  });

  it('--to the original master after a switchover puts its priority back: that write starts the move', () => {
    const states = [state('node1', { standby: -51 }), state('node2', { holdsVip: true })];
    const p = planSwitchover(cluster(), states, { to: 'node1' });
    expect(p).toMatchObject({ from: 'node2', to: 'node1', move: true });
    expect(p.writes).toEqual([{ host: 'node1', file: 'standby', value: 0 }]);
    expect(planSwitchover(cluster(), states, { reset: true }).writes).toEqual(p.writes);
  });

  it('the default target skips a backup in maintenance or with Tomcat down', () => {
    const states = [state('node1', { holdsVip: true }), state('node2', { maintenance: true }), state('node3', {})];
    expect(planSwitchover(cluster({}, 3), states, {}).to).toBe('node3');
  });

  it('target holds the VIP already: no move, only what makes it stay', () => {
    const p = planSwitchover(cluster(), [state('node1', {}), state('node2', { holdsVip: true })], { to: 'node2' });
    expect(p.move).toBe(false);
    expect(p.writes).toEqual([{ host: 'node1', file: 'standby', value: -51 }]);
  });
});

describe('planSwitchover refuses, changing nothing', () => {
  const refused = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(RefusedError);
      expect((e as RefusedError).exitCode).toBe(ExitCode.failure);
      return (e as Error).message;
    }
    throw new Error('not refused');
  };
  it.each([
    ['Tomcat does not answer', { tomcatOk: false }, /Tomcat does not answer/],
    ['keepalived stopped', { keepalivedActive: false }, /keepalived is not running/],
    ['in maintenance', { maintenance: true }, /in maintenance/],
    ['unreachable', { reachable: false }, /not reachable/],
  ])('when the target is unhealthy: %s', (_, over, re) => {
    expect(refused(() => planSwitchover(cluster(), [state('node1', { holdsVip: true }), state('node2', over)], { to: 'node2' }))).toMatch(re);
  });
  it('without a single holder', () => {
    expect(refused(() => planSwitchover(cluster(), [state('node1'), state('node2')], {}))).toMatch(/no host holds the VIP/);
    expect(refused(() => planSwitchover(cluster(), [state('node1', { holdsVip: true }), state('node2', { holdsVip: true })], {}))).toMatch(/split brain/);
  });
  it('when a host runs a config without the track files (deploy first)', () => {
    expect(refused(() => planSwitchover(cluster(), [state('node1', { holdsVip: true }), state('node2', { configured: false })], {}))).toMatch(/node2: the deployed keepalived config/);
  });
  it('an unknown --to host is bad input (exit 2)', () => {
    expect(() => planSwitchover(cluster(), healthy(), { to: 'node9' })).toThrow(UsageError);
  });
});

describe('planSwitchover with preempt off', () => {
  it('the holder steps down through FAULT, then takes its lowered value', () => {
    const p = planSwitchover(cluster({ vrrp: { preempt: false }, hosts: [{ name: 'node1', address: '198.18.1.11' }, { name: 'node2', address: '198.18.1.12' }] }), healthy(), {});
    expect(p.writes).toEqual([{ host: 'node1', file: 'standby', value: -254 }]);
    expect(p.after).toEqual([{ host: 'node1', file: 'standby', value: -51 }]);
    expect(p.notes.join()).toMatch(/short outage/);
  });
});

describe('planMaintenance', () => {
  it('on the holder: hand over first, then FAULT, then its own priority back', () => {
    const p = planMaintenance(cluster(), healthy(), 'node1', true);
    expect(p.handover).toMatchObject({ from: 'node1', to: 'node2', writes: [{ host: 'node1', file: 'standby', value: -51 }] });
    expect(p.writes).toEqual([
      { host: 'node1', file: 'maintenance', value: -254 },
      { host: 'node1', file: 'standby', value: 0 },
    ]);
    expect(p.expectHolder).toBe('node2');
  });
  it('on a backup: one write, no move', () => {
    const p = planMaintenance(cluster(), healthy(), 'node2', true);
    expect(p.handover).toBeUndefined();
    expect(p.writes).toEqual([{ host: 'node2', file: 'maintenance', value: -254 }]);
  });
  it('on the holder with no other host fit: refused', () => {
    expect(() => planMaintenance(cluster(), [state('node1', { holdsVip: true }), state('node2', { tomcatOk: false })], 'node1', true)).toThrow(/no other host can take the VIP/);
  });
  it('off: the master takes the VIP back (preemption); a backup does not', () => {
    const states = [state('node1', { maintenance: true }), state('node2', { holdsVip: true })];
    expect(planMaintenance(cluster(), states, 'node1', false)).toMatchObject({ writes: [{ host: 'node1', file: 'maintenance', value: 0 }], expectHolder: 'node1' });
    const b = [state('node1', { holdsVip: true }), state('node2', { maintenance: true })];
    expect(planMaintenance(cluster(), b, 'node2', false).expectHolder).toBeUndefined();
  });
  it('off after a switchover away: the lowered host does not take the VIP back', () => {
    const states = [state('node1', { maintenance: true, standby: -51 }), state('node2', { holdsVip: true })];
    expect(planMaintenance(cluster(), states, 'node1', false).expectHolder).toBeUndefined();
  });
  it('an unknown host is bad input', () => {
    expect(() => planMaintenance(cluster(), healthy(), 'nodeX', true)).toThrow(UsageError);
  });

  it('preempt: false on the VIP holder: refused (nothing written) when no other host can take the VIP (issue 21, Low)', () => {
    const nopreempt = cluster({ vrrp: { preempt: false } });
    expect(() => planMaintenance(nopreempt, [state('node1', { holdsVip: true }), state('node2', { tomcatOk: false })], 'node1', true)).toThrow(/no other host can take the VIP/);
    expect(planMaintenance(nopreempt, healthy(), 'node1', true)).toMatchObject({ writes: [{ host: 'node1', file: 'maintenance' }], expectHolder: 'node2' });
  });
});
