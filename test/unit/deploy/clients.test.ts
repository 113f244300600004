// What deploy says clients saw while it changed a running cluster (src/deploy/clients.ts), from recordings.
import { describe, expect, it } from 'vitest';
import { analyseDeployRecording } from '../../../src/deploy/clients.js';
import { deployResultLines } from '../../../src/deploy/result-view.js';
import type { AddressEvent, ProbeSample, Recording } from '../../../src/experiment/types.js';

const VIP = '198.18.1.100';
const ok = (t: number, host = 'node1'): ProbeSample => ({ t, ms: 2, ok: true, host });
const bad = (t: number): ProbeSample => ({ t, ms: 3, ok: false, error: 'ECONNRESET' });
const ev = (t: number, host: string, kind: 'add' | 'del'): AddressEvent => ({ t, host, kind, address: `${VIP}/24` });
const rec = (probes: ProbeSample[], events: AddressEvent[] = []): Recording => ({ probes, events, markers: [] });
const plain = { bold: (s: string) => s, green: (s: string) => s, red: (s: string) => `RED(${s})` };

describe('what clients saw during a deploy', () => {
  it('a reload that kept the VIP: every request answered, one holder throughout', () => {
    const c = analyseDeployRecording(VIP, 'node1', rec([ok(0), ok(20), ok(40)]));
    expect(c).toEqual({ vip: VIP, measured: true, requests: 3, failed: 0, holders: ['node1'], twoHoldersSeconds: 0 });
  });

  it('the issue-20 VRID change: none, then node2, then both, then node1 again - every change of the sole holder and the overlap', () => {
    const events = [ev(100, 'node1', 'del'), ev(400, 'node2', 'add'), ev(700, 'node1', 'add'), ev(1150, 'node2', 'del')];
    const c = analyseDeployRecording(VIP, 'node1', rec([ok(0), bad(150), bad(300), ok(450, 'node2'), ok(1200)], events));
    expect(c.holders).toEqual(['node1', 'node2', 'node1']);
    expect(c.twoHoldersSeconds).toBe(0.45);
    expect([c.failed, c.requests]).toEqual([2, 5]);
  });

  it('a second VIP added on the backup first: both held the VIP for 0.23 s, then the master alone', () => {
    const c = analyseDeployRecording(VIP, 'node1', rec([ok(0), ok(500)], [ev(100, 'node2', 'add'), ev(330, 'node2', 'del')]));
    expect(c.holders).toEqual(['node1']);
    expect(c.twoHoldersSeconds).toBe(0.23);
  });

  it('an overlap still open at the end counts until the last thing recorded', () => {
    expect(analyseDeployRecording(VIP, 'node1', rec([ok(0), ok(900)], [ev(200, 'node2', 'add')])).twoHoldersSeconds).toBe(0.702);
  });

  it('no request answered from here: not measured, whatever failed', () => {
    expect(analyseDeployRecording(VIP, 'node1', rec([bad(0), bad(20)])).measured).toBe(false);
  });

  it('the result line: plain when nothing was felt, red with the path and the overlap when something was', () => {
    const base = { cluster: 'web', dryRun: false, ok: true, hosts: [], vipHolders: {}, problems: [] };
    const quiet = deployResultLines({ ...base, clients: analyseDeployRecording(VIP, 'node1', rec([ok(0), ok(20)])) }, { paint: plain });
    expect(quiet).toContain('clients during the change: 0 of 2 requests to the VIP failed; the VIP stayed on node1');
    const felt = analyseDeployRecording(VIP, 'node1', rec([ok(0), bad(150)], [ev(100, 'node1', 'del'), ev(400, 'node2', 'add'), ev(700, 'node1', 'add'), ev(1150, 'node2', 'del')]));
    expect(deployResultLines({ ...base, clients: felt }, { paint: plain })).toContain(
      'RED(clients during the change: 1 of 2 requests to the VIP failed; the VIP moved node1 → node2 → node1; two hosts held it at once for 0.450 s)',
    );
    const unreachable = deployResultLines({ ...base, clients: analyseDeployRecording(VIP, 'node1', rec([bad(0)])) }, { paint: plain });
    expect(unreachable).toContain(`clients during the change: not measured (no request to ${VIP} was answered from this machine)`);
  });
});
