// What clients saw during a planned move, from probe samples and address events (as data).
import { describe, expect, it } from 'vitest';
import { measureMove } from '../../../src/day-two/measure.js';
import { parseDayTwo } from '../../../src/cluster/day-two-state.js';
import { trackWriteCommand } from '../../../src/day-two/run.js';
import type { AddressEvent, ProbeSample } from '../../../src/failover/types.js';

const ok = (t: number, host: string): ProbeSample => ({ t, ms: 3, ok: true, host });
const bad = (t: number): ProbeSample => ({ t, ms: 500, ok: false, error: 'ECONNREFUSED' });
const ev = (t: number, host: string, kind: 'add' | 'del'): AddressEvent => ({ t, host, kind, address: '198.18.1.100/24' });

describe('measureMove', () => {
  it('a clean hand-over: no failure, move time from the start write, handover after the arrival', () => {
    const probes = [ok(1000, 'node1'), ok(1010, 'node1'), ok(1360, 'node2'), ok(1370, 'node2')];
    const r = measureMove('node1', 'node2', 1000, probes, [ev(1350, 'node2', 'add'), ev(1353, 'node1', 'del')]);
    expect(r).toEqual({
      from: 'node1',
      to: 'node2',
      moved: true,
      moveSeconds: 0.35,
      failedRequests: 0,
      totalRequests: 4,
      outageSeconds: 0,
      handoverSeconds: 0.003,
      answeredBy: ['node1', 'node2'],
    });
  });
  it('failures: the longest run from first failure to next success', () => {
    const probes = [ok(0, 'node1'), bad(10), bad(20), ok(30, 'node2'), bad(40), ok(100, 'node2')];
    const r = measureMove('node1', 'node2', 0, probes, [ev(25, 'node2', 'add'), ev(15, 'node1', 'del')]);
    expect(r.failedRequests).toBe(3);
    expect(r.outageSeconds).toBe(0.06);
    expect(r.handoverSeconds).toBe(-0.01);
  });
  it('no arrival on the target: not moved', () => {
    const r = measureMove('node1', 'node2', 0, [ok(0, 'node1')], []);
    expect(r.moved).toBe(false);
    expect(r.moveSeconds).toBeNull();
  });
});

describe('parseDayTwo', () => {
  it('reads the track files and the failure log', () => {
    expect(parseDayTwo(['configured=1', 'standby=-51', 'maintenance=-254', 'failures=2', 'last=2026-11-28T15:00:00Z webhook BACKUP -> MASTER: curl exit 7'])).toEqual({
      configured: true,
      standby: -51,
      maintenance: true,
      alertFailures: 2,
      lastAlertFailure: '2026-11-28T15:00:00Z webhook BACKUP -> MASTER: curl exit 7',
    });
  });
  it('missing or garbled files are the neutral value', () => {
    expect(parseDayTwo(['configured=0', 'standby=', 'maintenance=x', 'failures=', 'last='])).toEqual({
      configured: false,
      standby: 0,
      maintenance: false,
      alertFailures: 0,
      lastAlertFailure: undefined,
    });
  });
});

describe('trackWriteCommand', () => {
  it('writes atomically (a rename keepalived sees), prints the host time, refreshes metrics', () => {
    expect(trackWriteCommand('web', { host: 'node1', file: 'standby', value: -51 }).text).toBe(
      "printf '%s\\n' -51 > /var/lib/hasetup/web/standby.track.hasetup-tmp && mv -f -- /var/lib/hasetup/web/standby.track.hasetup-tmp /var/lib/hasetup/web/standby.track && date +%s.%N; " +
        'rc=$?; [ -x /usr/libexec/hasetup/metrics_web.sh ] && /usr/libexec/hasetup/metrics_web.sh >/dev/null 2>&1; exit $rc',
    );
  });
});

describe('hand-over hold', () => {
  it('ignores incoming VRRP in a table of its own, with a timer that lifts it; release removes both', async () => {
    const { holdCommand, releaseCommand } = await import('../../../src/day-two/handover.js');
    const hold = holdCommand('web-1', 25).text;
    expect(hold).toContain('table inet hasetup_handover_web_1 {\n  chain input { type filter hook input priority -300; ip protocol vrrp drop; }\n}');
    expect(hold).toContain('systemd-run --quiet --unit=hasetup-handover-web-1 --on-active=25s nft delete table inet hasetup_handover_web_1');
    expect(hold).toMatch(/command -v nft .*echo no-nft/);
    expect(releaseCommand('web-1').text).toBe('nft delete table inet hasetup_handover_web_1 2>/dev/null; systemctl stop hasetup-handover-web-1.timer 2>/dev/null; true');
    // valid shell
    const { execFileSync } = await import('node:child_process');
    expect(() => execFileSync('sh', ['-n', '-c', hold])).not.toThrow();
  });
});
