// Issue 21, M3: a failsafe must never stay armed with nothing left to undo. A signal between arm and inject, an
// arm that timed out and a disarm that failed, each run through runFailoverTest against scripted fake hosts
// (src/remote/fake.ts), with a local HTTP server standing in for the VIP (127.0.0.1: no traffic leaves this
// machine). Before the fix the first two left the timer armed (no disarm was ever sent) and the third reported
// the scenario restored.
import { localVipCluster } from './local-vip.js';
import { describe, expect, it } from 'vitest';
import { runFailoverTest, type FailoverOptions } from '../../../src/failover/runner.js';
import { recordingReporter } from '../../../src/progress.js';
import { RecordingHost, result } from '../../support/fake-host.js';
import type { ShellCommand } from '../../../src/remote/command.js';
import type { RunResult, StreamHandle } from '../../../src/remote/host.js';

const cluster = localVipCluster();

/** A fake host whose streams (the VIP watch) last until stopped, as an SSH session does. */
class LiveHost extends RecordingHost {
  override async stream(command: ShellCommand, onLine: (line: string) => void): Promise<StreamHandle> {
    const inner = await super.stream(command, onLine);
    let end: (r: RunResult) => void = () => {};
    const done = new Promise<RunResult>((r) => (end = r));
    return { done, stop: async () => void end(await inner.done) };
  }
}

const now = () => (Date.now() / 1000).toFixed(6);
const observed = (holds: boolean) =>
  result(0, `@@addr\neth0 198.18.1.1/24\n${holds ? 'eth0 127.0.0.1/8\n' : ''}@@keepalived\nActiveState=active\nMainPID=7\n@@http\n200\n@@end\n`);

/** node1 holds the VIP; node2's watch reports the VIP arriving a moment after the start (the move). */
function hosts(armResult: () => RunResult, disarmResult: RunResult = result(0)): { node1: LiveHost; node2: LiveHost } {
  const at = (Date.now() / 1000 + 0.6).toFixed(6);
  const node1 = new LiveHost('node1', '198.18.1.11');
  node1
    .on("EPOCHREALTIME' 2>/dev/null", () => result(0, `${now()}\n`))
    .on('@@addr', observed(true))
    .onInput('@@addr', observed(true))
    .on('ip -o monitor address', result(0, 'hasetup-watch-ready\n'))
    .on('systemd-run', armResult)
    .on('systemctl stop hasetup-failsafe-web-keepalived-stop.timer', disarmResult)
    .on('echo $EPOCHREALTIME; systemctl stop keepalived', () => result(0, `${now()}\n`));
  const node2 = new LiveHost('node2', '198.18.1.12')
    .on("EPOCHREALTIME' 2>/dev/null", () => result(0, `${now()}\n`))
    .on('@@addr', observed(false))
    .onInput('@@addr', observed(false))
    .on('ip -o monitor address', result(0, `hasetup-watch-ready\n${at} 2: eth0    inet 127.0.0.1/8 scope global secondary eth0\n`));
  return { node1, node2 };
}

const options = (): FailoverOptions => ({
  scenarios: ['keepalived-stop'],
  maxOutageSeconds: 2,
  holdSeconds: 0,
  networkLossSeconds: 1,
  moveTimeoutSeconds: 2,
  settleTimeoutSeconds: 1,
  probeIntervalMs: 20,
  probeTimeoutMs: 500,
  tomcatService: 'tomcat10',
  version: 'test',
});

const sent = (h: RecordingHost, what: RegExp) => h.commands.filter((c) => what.test(c)).length;
const ARM = /systemd-run/;
const DISARM = /^systemctl stop hasetup-failsafe-web-keepalived-stop\.timer(?!.*systemd-run)/;
const INJECT = /echo \$EPOCHREALTIME; systemctl stop keepalived/;

describe('the failsafe is never left armed with nothing injected (issue 21, M3)', () => {
  it('a signal between arm and inject: nothing is injected, the failsafe is disarmed, the run ends interrupted', async () => {
    const stop = new AbortController();
    const { node1, node2 } = hosts(() => {
      stop.abort(); // Ctrl-C arrives while the arm command runs
      return result(0);
    });
    await expect(runFailoverTest(cluster(), [node1, node2], options(), recordingReporter(), stop.signal)).rejects.toThrow(/interrupted/);
    expect(sent(node1, ARM)).toBe(1);
    expect(sent(node1, INJECT)).toBe(0);
    expect(sent(node1, DISARM)).toBe(1);
  }, 20_000);

  it('an arm that timed out (it may have started the timer): ERROR, nothing injected, the failsafe disarmed', async () => {
    const { node1, node2 } = hosts(() => result(-1, '', 'command timed out after 30000 ms'));
    const report = await runFailoverTest(cluster(), [node1, node2], options(), recordingReporter(), new AbortController().signal);
    expect(report.scenarios[0]).toMatchObject({ status: 'error' });
    expect(report.scenarios[0]!.error).toContain('could not arm the failsafe timer');
    expect(sent(node1, INJECT)).toBe(0);
    expect(sent(node1, DISARM)).toBe(1);
    expect(report.restoreFailures).toEqual([]);
  }, 20_000);

  it('a disarm that fails after a good restore: the scenario is an ERROR and the run lists it, not "restored"', async () => {
    const { node1, node2 } = hosts(() => result(0), result(1));
    const report = await runFailoverTest(cluster(), [node1, node2], options(), recordingReporter(), new AbortController().signal);
    expect(sent(node1, INJECT)).toBe(1);
    expect(sent(node1, /^systemctl start keepalived$/)).toBe(1);
    expect(sent(node1, DISARM)).toBe(1);
    expect(report.scenarios[0]).toMatchObject({ status: 'error', passed: false });
    expect(report.scenarios[0]!.error).toContain('could not disarm the failsafe');
    expect(report.restoreFailures).toHaveLength(1);
    expect(report.restoreFailures![0]).toMatchObject({ host: 'node1', scenario: 'keepalived-stop' });
    expect(report.passed).toBe(false);
  }, 20_000);

  it('the disarm command checks that the timer is gone (exits non-zero while it is active)', async () => {
    const { scenarioSpec } = await import('../../../src/failover/scenarios.js');
    const spec = scenarioSpec('keepalived-stop', {
      cluster: 'lab', tomcatService: 'tomcat10', vip: '198.18.1.100', vipCidr: '198.18.1.100/24', iface: 'eth0', tomcatPort: 8080, sshPort: 22, networkLossSeconds: 4, failsafeSeconds: 81,
    });
    expect(spec.disarm!.text).toMatch(/; ! systemctl is-active --quiet hasetup-failsafe-lab-keepalived-stop\.timer$/);
  });
});
