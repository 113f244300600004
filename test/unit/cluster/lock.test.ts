// The lock per cluster (src/cluster/lock.ts) against scripted hosts (src/remote/fake.ts): the order hosts are
// locked in, what the holding command does, the refusal that names the holder and gives back what was taken,
// --wait, and Ctrl-C while waiting.
import { describe, expect, it } from 'vitest';
import { describeHolder, lockCluster, lockScript, type LockHolder } from '../../../src/cluster/lock.js';
import { ExitCode, HasetupError } from '../../../src/errors.js';
import { recordingReporter } from '../../../src/progress.js';
import { RecordingHost, result } from '../../support/fake-host.js';
import type { ShellCommand } from '../../../src/remote/command.js';
import type { RunResult, StreamHandle } from '../../../src/remote/host.js';
import { labCluster } from '../../fixtures/lab-cluster.js';

const cluster = labCluster();
const HOLDER: LockHolder = { command: 'deploy', cluster: 'web', adminHost: 'admin1', user: 'alice', pid: 4242, since: '2026-12-07T21:30:00.000Z' };
const OTHER: LockHolder = { ...HOLDER, command: 'failover-test', user: 'bob', adminHost: 'admin2', pid: 7 };

const LOCKED = result(0, '@@locked\n');
const held = (file = '/var/lib/hasetup/web/lock', holder: LockHolder | string = OTHER) =>
  result(75, `@@held ${file}\n@@holder\n${typeof holder === 'string' ? holder : JSON.stringify(holder)}\n`);

/** A recording host whose lock command answers from a list (the last answer repeats) and that counts stop(). */
class LockHost extends RecordingHost {
  stops = 0;
  tries = 0;
  constructor(name: string, address: string, answers: RunResult[], private readonly log: string[]) {
    super(name, address);
    this.on('flock', () => answers[Math.min(this.tries++, answers.length - 1)]!);
  }
  override async stream(command: ShellCommand, onLine: (line: string) => void): Promise<StreamHandle> {
    this.log.push(this.name);
    const h = await super.stream(command, onLine);
    return { done: h.done, stop: () => Promise.resolve(void this.stops++) };
  }
}

function hosts(a: RunResult[], b: RunResult[] = [LOCKED]) {
  const log: string[] = [];
  // ha2's address sorts first: it is locked first, whatever the inventory's order.
  return { log, ha1: new LockHost('ha1', '198.18.0.12', a, log), ha2: new LockHost('ha2', '198.18.0.11', b, log) };
}

const request = (over: Partial<Parameters<typeof lockCluster>[2]> = {}) => ({
  command: 'deploy',
  shared: true,
  waitSeconds: 0,
  reporter: recordingReporter(),
  holder: HOLDER,
  retryMs: 1,
  ...over,
});

describe('lockScript', () => {
  it('takes the cluster lock and (shared) the host lock without waiting, writes the holder into both, and sleeps holding them', () => {
    const s = lockScript('web', true, HOLDER).text;
    expect(s).toContain("mkdir -p -- /var/lib/hasetup/web");
    expect(s).toContain("exec 8>>/var/lib/hasetup/web/lock || exit 1; flock -n 8 || held /var/lib/hasetup/web/lock");
    expect(s).toContain("exec 9>>/var/lib/hasetup/host.lock || exit 1; flock -n 9 || held /var/lib/hasetup/host.lock");
    expect(s.indexOf('flock -n 9')).toBeGreaterThan(s.indexOf('flock -n 8')); // one order on every host
    expect(s).toContain(`printf '%s\\n' '${JSON.stringify(HOLDER)}' > /var/lib/hasetup/web/lock`);
    expect(s.indexOf('@@locked')).toBeGreaterThan(s.lastIndexOf('printf'));
    expect(s.trimEnd().split('\n').at(-1)).toBe('exec sleep 2147483647');
    expect(s).toMatch(/exit 75; \}/);
  });

  it('without shared: the cluster lock only', () => {
    const s = lockScript('web', false, HOLDER).text;
    expect(s).toContain('flock -n 8');
    expect(s).not.toContain('host.lock');
  });

  it('a holder value with quotes stays one word', () => {
    const s = lockScript('web', false, { ...HOLDER, user: "o'hara; rm -rf /" }).text;
    expect(s).toContain(`'{"command":"deploy","cluster":"web","adminHost":"admin1","user":"o'\\''hara; rm -rf /",`);
  });
});

describe('lockCluster', () => {
  it('locks every host in address order, one channel each, and release() ends them', async () => {
    const { log, ha1, ha2 } = hosts([LOCKED]);
    const lock = await lockCluster(cluster, [ha1, ha2], request());
    expect(log).toEqual(['ha2', 'ha1']);
    expect([ha1.calls[0]!.kind, ha2.calls[0]!.kind]).toEqual(['stream', 'stream']);
    await lock.release();
    expect([ha1.stops, ha2.stops]).toEqual([1, 1]);
  });

  it('held on the second host: refused with exit 1, naming the holder, and the first host given back', async () => {
    const { ha1, ha2 } = hosts([held()]);
    const err = await lockCluster(cluster, [ha1, ha2], request()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HasetupError);
    const e = err as HasetupError;
    expect(e.exitCode).toBe(ExitCode.failure);
    expect(e.message).toBe(
      'cluster web is locked by another run: failover-test of cluster web, run by bob on admin2 (pid 7) since 2026-12-07T21:30:00.000Z ' +
        '(/var/lib/hasetup/web/lock on ha1); nothing was changed',
    );
    expect(e.hint).toContain('--wait SECONDS');
    expect(ha2.stops).toBe(1);
    expect(ha1.tries).toBe(1); // no second try without --wait
  });

  it("the host lock held by another cluster's run: named with its file", async () => {
    const { ha1, ha2 } = hosts([LOCKED], [held('/var/lib/hasetup/host.lock', { ...OTHER, cluster: 'shop' })]);
    const e = (await lockCluster(cluster, [ha1, ha2], request()).catch((x: unknown) => x)) as HasetupError;
    expect(e.message).toContain('failover-test of cluster shop, run by bob on admin2');
    expect(e.message).toContain('(/var/lib/hasetup/host.lock on ha2)');
    expect(ha1.tries).toBe(0); // ha2 comes first: ha1 was never asked
  });

  it('--wait: tries again until the holder is gone, saying whom it waits for', async () => {
    const { ha1, ha2 } = hosts([held(), held(), LOCKED]);
    const reporter = recordingReporter();
    const lock = await lockCluster(cluster, [ha1, ha2], request({ waitSeconds: 5, reporter }));
    expect(ha1.tries).toBe(3);
    expect(reporter.lines[0]).toBe('info: ha1: locked by failover-test of cluster web, run by bob on admin2 (pid 7) since 2026-12-07T21:30:00.000Z; waiting up to 5 s');
    expect(ha2.stops).toBe(0); // still held while waiting, and after
    await lock.release();
    expect([ha1.stops, ha2.stops]).toEqual([1, 1]);
  });

  it('--wait runs out: refused, still naming the holder', async () => {
    const { ha1, ha2 } = hosts([held()]);
    const e = (await lockCluster(cluster, [ha1, ha2], request({ waitSeconds: 0.05 })).catch((x: unknown) => x)) as HasetupError;
    expect(e.message).toMatch(/^cluster web is still locked after waiting 0\.05 s: failover-test of cluster web, run by bob/);
    expect(ha1.tries).toBeGreaterThan(1);
    expect(ha2.stops).toBe(1);
  });

  it('Ctrl-C while waiting: exit 130, nothing changed, everything given back', async () => {
    const { ha1, ha2 } = hosts([held()]);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    const e = (await lockCluster(cluster, [ha1, ha2], request({ waitSeconds: 60, signal: abort.signal })).catch((x: unknown) => x)) as HasetupError;
    expect(e.exitCode).toBe(ExitCode.interrupted);
    expect(e.message).toBe('interrupted while waiting for the lock of cluster web; nothing was changed');
    expect(ha2.stops).toBe(1);
  });

  it('a host where the lock cannot be taken (no flock): refused with the host and the output', async () => {
    const { ha1, ha2 } = hosts([result(127, '', 'sh: 1: flock: not found')]);
    const e = (await lockCluster(cluster, [ha1, ha2], request()).catch((x: unknown) => x)) as HasetupError;
    expect(e.message).toBe('ha1: could not take the lock of cluster web; nothing was changed: exit 127: sh: 1: flock: not found');
    expect(ha2.stops).toBe(1);
  });

  it('a holder that ends while the connection stays up is reported as a lost lock; a closed connection is not', async () => {
    const { ha1, ha2 } = hosts([LOCKED]);
    const reporter = recordingReporter();
    await lockCluster(cluster, [ha1, ha2], request({ reporter }));
    await new Promise((r) => setImmediate(r));
    // The scripted host's holder ends at once (exit 0), as one killed on the host would.
    expect(reporter.lines).toContain('warn: ha1: the lock of cluster web was lost (its holder on the host ended); another run may start');
    const closing = hosts([result(255, '@@locked\n')]);
    const quiet = recordingReporter();
    await lockCluster(cluster, [closing.ha1, closing.ha2], request({ reporter: quiet }));
    await new Promise((r) => setImmediate(r));
    expect(quiet.lines.filter((l) => l.includes('lost'))).toEqual(['warn: ha2: the lock of cluster web was lost (its holder on the host ended); another run may start']);
  });
});

describe('describeHolder', () => {
  it('a lock file that is not ours is shown without control characters', () => {
    expect(describeHolder('garbage\u001b[31m red')).toBe('a holder that wrote: garbage [31m red');
    expect(describeHolder('')).toBe('a run that has not written its name yet');
    expect(describeHolder(JSON.stringify({ ...HOLDER, user: 'ev\u0007il' }))).toContain('run by ev?il on admin1');
  });
});
