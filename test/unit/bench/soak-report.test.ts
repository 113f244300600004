// The soak benchmark counts needless failovers from the VIP's address events: any holder change while nothing failed.
import { describe, expect, it } from 'vitest';
import { holderChanges, summarisePreset, type PresetRecord, type VipEvent } from '../../../bench/soak-report.js';

const ev = (t: number, host: string, kind: 'add' | 'del'): VipEvent => ({ t, host, kind });

function preset(events: VipEvent[], over: Partial<PresetRecord> = {}): PresetRecord {
  return {
    preset: 'fast',
    lab: 'bskf',
    timing: { vrrpVersion: 3, advertInt: 0.1, checkInterval: 1, fall: 2, rise: 2 },
    initialHolder: 'node1',
    stress: { command: ['stress-ng'], startedAt: 0, endedAt: 60_000, exitCode: 0, output: '' },
    watchedFrom: -1000,
    watchedTo: 75_000,
    events,
    monitorsLost: [],
    transitions: [],
    final: { holders: ['node1'], states: { node1: 'MASTER', node2: 'BACKUP' } },
    loadAverage: { before: [1], after: [2] },
    ...over,
  };
}

describe('holderChanges', () => {
  it('counts the VIP appearing on a host that did not hold it, away from the master and back', () => {
    const events = [ev(5000, 'node2', 'add'), ev(5010, 'node1', 'del'), ev(9000, 'node1', 'add'), ev(9003, 'node2', 'del')];
    expect(holderChanges(events, 'node1').map((c) => [c.host, c.away])).toEqual([
      ['node2', true],
      ['node1', false],
    ]);
  });

  it('a backup taking the VIP while the master keeps it is a needless failover too; a re-add on the holder is none', () => {
    expect(holderChanges([ev(100, 'node2', 'add')], 'node1')).toHaveLength(1);
    expect(holderChanges([ev(100, 'node1', 'del'), ev(200, 'node1', 'add')], 'node1')).toEqual([]);
    expect(holderChanges([ev(200, 'node1', 'add'), ev(100, 'node1', 'del')], 'node1')).toEqual([]); // sorted by time first
  });
});

describe('summarisePreset', () => {
  it('gives the counts of a watched soak, and no figure when the soak never ran', () => {
    const s = summarisePreset(preset([ev(5000, 'node2', 'add'), ev(5010, 'node1', 'del'), ev(9000, 'node1', 'add')], { transitions: [{ host: 'node1', t: 5, state: 'BACKUP' }] }));
    expect([s.needless, s.changes, s.stateChanges, s.soakSeconds]).toEqual([1, 2, 1, 60]);
    const none = summarisePreset(preset([], { stress: undefined, watchedTo: 0, setupError: 'deploy failed' }));
    expect(none.needless).toBeNull();
    expect(none.problems).toEqual(['deploy failed']);
  });

  it('says when a monitor was lost or the VIP is not on exactly one host at the end', () => {
    const s = summarisePreset(preset([], { monitorsLost: ['node2'], final: { holders: ['node1', 'node2'], states: {} } }));
    expect(s.problems.join('\n')).toMatch(/monitor ended early on node2[\s\S]*held by node1, node2/);
  });
});
