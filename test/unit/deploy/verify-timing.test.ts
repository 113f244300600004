// When deploy's verify may end: two good looks one gap apart, and never before the backups it started have
// passed their Master_Down interval (a backup that cannot hear the master takes the VIP only then).
import { describe, expect, it } from 'vitest';
import { lookGapMs, quietUntil } from '../../../src/deploy/verify.js';
import { labCluster } from '../../fixtures/lab-cluster.js';

const cluster = labCluster;

describe('verify timing', () => {
  it('waits out the lowest started priority: Master_Down = 3 x advert_int + skew, plus 0.1 s for the start', () => {
    // fast: VRRPv3, advert_int 0.1 s; priority 90 waits 0.3 + (256 - 90) / 256 x 0.1 = 0.3648 s
    expect(quietUntil(cluster({ timing: 'fast' }), { at: 1_000_000, priorities: [100, 90] })).toBeCloseTo(1_000_000 + 364.84 + 100, 1);
    // standard: VRRPv3, advert_int 1 s; priority 100 waits 3 + 156 / 256 = 3.609 s
    expect(quietUntil(cluster({ timing: 'standard' }), { at: 0, priorities: [100] })).toBeCloseTo(3609.4 + 100, 1);
    // conservative: VRRPv2, whose skew is in seconds whatever the advert interval
    expect(quietUntil(cluster({ timing: 'conservative' }), { at: 0, priorities: [100] })).toBeCloseTo(3609.4 + 100, 1);
    expect(quietUntil(cluster({ timing: 'conservative', vrrp: { version: 2, advert_int: 2 } }), { at: 0, priorities: [200] })).toBeCloseTo(6218.75 + 100, 1);
  });

  it('no started backup (a reload, or nothing activated): nothing to wait for', () => {
    expect(quietUntil(cluster(), undefined)).toBeUndefined();
    expect(quietUntil(cluster(), { at: 5, priorities: [] })).toBeUndefined();
  });

  it('two good looks one advert interval apart, between 0.1 s and 0.3 s', () => {
    expect(lookGapMs(cluster({ timing: 'fast' }))).toBe(100);
    expect(lookGapMs(cluster({ timing: 'fast', vrrp: { advert_int: 0.2 } }))).toBe(200);
    expect(lookGapMs(cluster({ timing: 'standard' }))).toBe(300);
    expect(lookGapMs(cluster({ timing: 'fast', vrrp: { advert_int: 0.05 } }))).toBe(100);
  });
});
