// runMove against scripted fake hosts: which commands reach which host in which order (hold, writes,
// release; undo when the VIP does not move), with a real local HTTP server standing in for the VIP.
import { localVipCluster } from '../failover/local-vip.js';
import { describe, expect, it } from 'vitest';
import { abortOnSignals } from '../../../src/commands/signals.js';
import { planSwitchover, type HostState } from '../../../src/day-two/plan.js';
import { runMove } from '../../../src/day-two/run.js';
import { recordingReporter } from '../../../src/progress.js';
import { RecordingHost, result } from '../../support/fake-host.js';

const cluster = localVipCluster();

const now = () => (Date.now() / 1000).toFixed(6);
const states: HostState[] = ['node1', 'node2'].map((host) => ({
  host,
  reachable: true,
  keepalivedActive: true,
  tomcatOk: true,
  holdsVip: host === 'node1',
  configured: true,
  standby: 0,
  maintenance: false,
}));

/** A host: clock, watch (ready, then optionally the VIP arriving 1 s from now, after the write), hold, writes. */
function host(name: string, vip: 'arrives' | 'leaves' | 'stays'): RecordingHost {
  const at = (Date.now() / 1000 + 1).toFixed(6);
  const line = vip === 'arrives' ? `${at} 2: eth0    inet 127.0.0.1/8 scope global secondary eth0\n` : vip === 'leaves' ? `${at} Deleted 2: eth0    inet 127.0.0.1/8 scope global secondary eth0\n` : '';
  return new RecordingHost(name, name)
    .on('EPOCHREALTIME\' 2>/dev/null', () => result(0, `${now()}\n`))
    .on('ip -o monitor address', () =>
      result(0, `hasetup-watch-ready\n${line}`),
    )
    .on('nft -f -', result(0, 'held\n'))
    .on('.track.hasetup-tmp', () => result(0, `${now()}\n`));
}

const writes = (h: RecordingHost) => h.commands.filter((c) => c.includes('hasetup-tmp') || c.includes('nft ')).map((c) => (c.includes('nft -f') ? 'hold' : c.includes('nft delete') ? 'release' : /printf '%s\\n' (\S+) > (\S+)\.hasetup-tmp/.exec(c)!.slice(1).join(' ')));

describe('runMove', () => {
  it('holds the VIP on the old holder, writes, waits for the VIP on the target, releases; clients all answered', async () => {
    const node1 = host('node1', 'leaves');
    const node2 = host('node2', 'arrives');
    const plan = planSwitchover(cluster(), states, {});
    const r = await runMove(cluster(), [node1, node2], plan, { moveTimeoutSeconds: 5, probeIntervalMs: 10, probeTimeoutMs: 500 }, recordingReporter());
    expect(writes(node1)).toEqual(['hold', '-51 /var/lib/hasetup/web/standby.track', 'release']);
    expect(writes(node2)).toEqual([]);
    expect(r).toMatchObject({ from: 'node1', to: 'node2', moved: true, failedRequests: 0 });
    expect(r.totalRequests).toBeGreaterThan(10);
    expect(r.moveSeconds).toBeGreaterThan(0);
  }, 20_000);

  it('when the VIP never reaches the target: releases and puts the track file back', async () => {
    const node1 = host('node1', 'stays');
    const node2 = host('node2', 'stays');
    const plan = planSwitchover(cluster(), states, {});
    const rep = recordingReporter();
    const r = await runMove(cluster(), [node1, node2], plan, { moveTimeoutSeconds: 0.3, probeIntervalMs: 10, probeTimeoutMs: 500 }, rep);
    expect(r.moved).toBe(false);
    expect(writes(node1)).toEqual(['hold', '-51 /var/lib/hasetup/web/standby.track', 'release', '0 /var/lib/hasetup/web/standby.track']);
    expect(rep.lines.join('\n')).toMatch(/did not reach node2 within 0.3 s: putting the track files back/);
  }, 20_000);

  it('Ctrl-C while waiting: the hold is lifted at once, the written track file stays', async () => {
    const node1 = host('node1', 'stays');
    const node2 = host('node2', 'stays');
    const aborter = new AbortController();
    setTimeout(() => aborter.abort(), 600);
    const r = await runMove(cluster(), [node1, node2], planSwitchover(cluster(), states, {}), { moveTimeoutSeconds: 15, probeIntervalMs: 10, probeTimeoutMs: 500, signal: aborter.signal }, recordingReporter());
    expect(r.moved).toBe(false);
    expect(writes(node1)).toEqual(['hold', '-51 /var/lib/hasetup/web/standby.track', 'release']);
  }, 20_000);

  it('a hang-up (SIGHUP, the session to this machine went away) while waiting: the same as Ctrl-C', async () => {
    const node1 = host('node1', 'stays');
    const node2 = host('node2', 'stays');
    const rep = recordingReporter();
    // As switchover and maintenance do it (src/commands/signals.ts); the signal is real, sent to this process.
    const stop = abortOnSignals(rep, 'interrupted: lifting the hand-over hold, then stopping');
    const hangUp = setTimeout(() => process.kill(process.pid, 'SIGHUP'), 600);
    try {
      const r = await runMove(cluster(), [node1, node2], planSwitchover(cluster(), states, {}), { moveTimeoutSeconds: 15, probeIntervalMs: 10, probeTimeoutMs: 500, signal: stop.signal }, rep);
      expect(r.moved).toBe(false);
    } finally {
      clearTimeout(hangUp);
      stop.dispose();
    }
    expect(stop.signal.aborted).toBe(true);
    expect(writes(node1)).toEqual(['hold', '-51 /var/lib/hasetup/web/standby.track', 'release']);
    expect(rep.lines.filter((l) => l.startsWith('warn:'))).toEqual([
      'warn: interrupted: lifting the hand-over hold, then stopping',
      'warn: interrupted: the hold was lifted; the track files stay as written (hasetup status shows where the VIP is)',
    ]);
  }, 20_000);
});
