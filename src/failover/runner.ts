// Runs failover scenarios on a deployed cluster: precheck -> watch + probe -> inject -> wait for the VIP on
// a backup -> hold -> restore -> wait until healthy -> measure. Whatever happens (an error, Ctrl-C, a lost
// session), an injected failure is restored; the host-side failsafe timer covers the case where we cannot.
import { readFileSync } from 'node:fs';
import { HasetupError, InterruptedError } from '../errors.js';
import { en } from '../i18n/en/index.js';
import { t, type Catalog } from '../i18n/index.js';
import { observeCluster, clusterProblems, parseTransitions, type ClusterView } from '../cluster/observe.js';
import { dayTwoProblems } from './precheck.js';
import { spawnDetached } from '../exec.js';
import { KEEPALIVED_CONF, clusterConfPath, transitionsLog } from '../hostpaths.js';
import type { Cluster, Host } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd } from '../remote/command.js';
import { measureClockOffset } from './clock.js';
import { measureScenario } from './measure.js';
import { configPriority, parseEffectiveConfig, type EffectiveConfig } from './params.js';
import { startProbe, startRemoteProbe, type Probe, type ProbeOptions } from './probe.js';
import { scenarioSpec, type ScenarioContext } from './scenarios.js';
import type { FailoverReport, Marker, RestoreFailure, Said, ScenarioName, ScenarioResult, ScenarioTimeline } from './types.js';
import { addTrouble, setNotRun } from './trouble.js';
import { runPower } from './power.js';
import { startWatch, type Watch } from './watch.js';

export interface FailoverOptions {
  scenarios: ScenarioName[];
  maxOutageSeconds: number;
  holdSeconds: number;
  networkLossSeconds: number;
  moveTimeoutSeconds: number;
  settleTimeoutSeconds: number;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  probePath?: string;
  /** run the client probe on this host of the cluster instead of here */
  probeFrom?: string;
  tomcatService: string;
  version: string;
  /** A new connection to a host (the reboot scenario needs one once the master is back); retried until it works. */
  reconnect?: (host: string) => Promise<RemoteHost>;
  rebootTimeoutSeconds?: number;
  /** After this long the master undoes an inject by itself (if hasetup could not); default: every wait + 60 s. */
  failsafeSeconds?: number;
}

/** Shared by every scenario of one run: what went wrong on the way back, for the report and the exit code. */
interface RunState {
  restoreFailures: RestoreFailure[];
}

function interrupted(state: RunState): Error {
  const m = t().failover.stop;
  if (state.restoreFailures.length === 0) return new InterruptedError(m.interruptedAllRestored);
  const list = state.restoreFailures
    .map((f) => m.interruptedRestoreItem({ host: f.host, scenario: f.scenario, detail: f.said ? f.said(t()) : f.detail }))
    .join('\n');
  return new HasetupError(m.interruptedRestoreFailed({ list }), { hint: m.interruptedRestoreFailedHint });
}

export class PrecheckError extends HasetupError {
  constructor(problems: string[]) {
    super(t().failover.stop.precheckFailed({ problems: problems.map((p) => `  - ${p}`).join('\n') }), {
      hint: t().failover.stop.precheckHint,
    });
  }
}

/** The last lines a command printed, for a message (host output: the same in every language). */
function outputOf(r: { stdout: string; stderr: string }): string {
  return (r.stderr || r.stdout).trim().slice(-300);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(cond: () => Promise<boolean> | boolean, timeoutMs: number, signal: AbortSignal, stepMs = 50): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (signal.aborted) return false;
    if (await cond()) return true;
    await sleep(stepMs);
  }
  return cond();
}

function holderOf(view: ClusterView, vip: string): string | undefined {
  const h = view.holders[vip] ?? [];
  return h.length === 1 ? h[0] : undefined;
}

export async function readEffectiveConfig(master: RemoteHost, others: RemoteHost[], cluster: Cluster): Promise<EffectiveConfig> {
  // This cluster's instance only (a host may serve several); a hand-written keepalived.conf otherwise.
  const own = clusterConfPath(cluster.name);
  const read = cmd`if [ -s ${own} ]; then cat ${own}; else cat ${KEEPALIVED_CONF} 2>/dev/null; fi`;
  const [m, ...o] = await Promise.all([master, ...others].map((h) => h.run(read)));
  const backupPriorities = o.map((r) => configPriority(r.stdout) ?? 0);
  return parseEffectiveConfig(
    m!.stdout,
    { master: configPriority(m!.stdout) ?? 0, backup: Math.max(0, ...backupPriorities) },
    cluster.tomcat.watchdog ? { intervalMs: cluster.tomcat.watchdogIntervalMs, timeoutMs: cluster.tomcat.watchdogTimeoutMs } : undefined,
  );
}

export async function runFailoverTest(
  cluster: Cluster,
  remotes: RemoteHost[],
  opts: FailoverOptions,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<FailoverReport> {
  const vip = cluster.vips[0]!;
  const byName = new Map(remotes.map((r) => [r.name, r]));
  // After a reboot the master has a new connection: the caller's list (which it closes at the end) too.
  const replaceRemote = (r: RemoteHost) => {
    byName.set(r.name, r);
    const i = remotes.findIndex((x) => x.name === r.name);
    if (i >= 0) remotes[i] = r;
  };
  const startedAt = new Date().toISOString();
  const first = await observeCluster(remotes, cluster);
  const firstHolder = holderOf(first, vip.address);
  const intended = firstHolder ? cluster.hosts.find((h) => h.name === firstHolder) : undefined;
  const initialProblems = [...clusterProblems(first, cluster, intended ?? cluster.hosts[0]!), ...dayTwoProblems(first)];
  if (initialProblems.length || !intended) {
    throw new PrecheckError(initialProblems.length ? initialProblems : [t().failover.stop.noSingleVipHolder]);
  }
  // With preemption the VIP returns to the highest priority; that host is "the master" of every scenario.
  const preemptMaster: Host = intended;

  reporter.step(t().failover.progress.measuringClockOffsets);
  const offsets = new Map<string, number>();
  for (const r of remotes) offsets.set(r.name, (await measureClockOffset(r)).offsetMs);

  const results: ScenarioResult[] = [];
  const state: RunState = { restoreFailures: [] };
  for (const name of opts.scenarios) {
    if (signal.aborted) throw interrupted(state);
    const view = await observeCluster(remotes, cluster);
    const holder = holderOf(view, vip.address);
    const masterHost = holder ? cluster.hosts.find((h) => h.name === holder) : undefined;
    const problems = [...clusterProblems(view, cluster, masterHost ?? preemptMaster), ...dayTwoProblems(view)];
    if (problems.length || !masterHost) {
      const tl = emptyTimeline(name, holder ?? '?', cluster);
      setNotRun(tl, (c) => c.failover.trouble.notHealthyBefore({ problems: problems.join('\n') }));
      results.push(measureScenario(tl, { maxOutageSeconds: opts.maxOutageSeconds }));
      reporter.warn(t().failover.progress.scenarioNotHealthy({ scenario: name, problems: problems.join(t().failover.reasonSeparator) }));
      continue;
    }
    reporter.step(t().failover.progress.scenarioOnHost({ scenario: name, host: masterHost.name }));
    const tl = await runScenario(replaceRemote, name, cluster, masterHost, preemptMaster, byName, offsets, view, opts, reporter, signal, state);
    const result = measureScenario(tl, { maxOutageSeconds: opts.maxOutageSeconds });
    results.push(result);
    const c = t();
    const reasons = result.said ? result.said.reasons.map((f) => f(c)) : result.reasons;
    reporter.info(
      c.failover.progress.scenarioMeasured({
        scenario: name,
        verdict: verdictWord(c, result.status),
        vipMove: fmt(result.vipMoveSeconds),
        away: result.movesAway,
        back: result.movesBack,
        outage: fmt(result.outageSeconds),
      }) + (reasons.length ? c.failover.progress.scenarioReasonsSuffix({ reasons: reasons.join(c.failover.reasonSeparator) }) : ''),
    );
    if (tl.sessionLost) {
      // The same way as Ctrl-C: the failure is undone (through a new session), and no further scenario runs.
      const lost = { host: masterHost.name, scenario: name };
      reporter.warn(state.restoreFailures.length ? c.failover.progress.sessionLostRestoreFailed(lost) : c.failover.progress.sessionLostRestored(lost));
      break;
    }
    if (signal.aborted) throw interrupted(state);
  }
  return {
    cluster: cluster.name,
    vip: vip.address,
    startedAt,
    finishedAt: new Date().toISOString(),
    passed: results.length > 0 && results.every((r) => r.passed) && state.restoreFailures.length === 0,
    maxOutageSeconds: opts.maxOutageSeconds,
    scenarios: results,
    restoreFailures: state.restoreFailures,
    hasetupVersion: opts.version,
  };
}

function fmt(s: number | null): string {
  return s === null ? '-' : `${s.toFixed(3)} s`;
}

/** PASS/FAIL/ERROR for people, as the report writes them. */
function verdictWord(c: Catalog, status: ScenarioResult['status']): string {
  return status === 'pass' ? c.report.verdictPass : status === 'error' ? c.report.verdictError : c.report.verdictFail;
}

function emptyTimeline(name: ScenarioName, master: string, cluster: Cluster): ScenarioTimeline {
  return {
    scenario: name,
    master,
    backups: cluster.hosts.filter((h) => h.name !== master).map((h) => h.name),
    vip: cluster.vips[0]!.address,
    probes: [],
    events: [],
    markers: [],
    params: {
      vrrpVersion: cluster.vrrp.version,
      advertInt: cluster.vrrp.advertInt,
      checkInterval: cluster.tomcat.checkInterval,
      fall: cluster.tomcat.fall,
      rise: cluster.tomcat.rise,
      trackProcess: false,
      priorityMaster: 0,
      priorityBackup: 0,
    },
  };
}


/** The instant a power command says it cut the power (`power-off-at: EPOCH`), or undefined. */
export function parsePowerOffStamp(stdout: string): number | undefined {
  const m = /^power-off-at:\s*(\d+(?:\.\d+)?)\s*$/m.exec(stdout);
  return m ? Number(m[1]) * 1000 : undefined;
}

/**
 * How long the cluster must look the same before the failback counts as settled: three adverts (a backup's
 * down timer) plus one HTTP check interval (a check that fails once more would move the VIP again).
 */
export function settleWindowMs(p: { advertInt: number; checkInterval: number }): number {
  return Math.round((3 * p.advertInt + p.checkInterval) * 1000);
}

/** Everything that must stay the same for the cluster to count as settled. */
function viewSignature(v: ClusterView): string {
  return JSON.stringify([v.holders, v.hosts.map((h) => [h.host, h.reachable, h.keepalivedActive, h.state, h.tomcatHttp])]);
}

/** Kills a local failsafe we started, only while it is still that sleeping shell (PIDs get reused). */
function disarmLocalFailsafe(pid: number | undefined): void {
  if (!pid) return;
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmd.includes('hasetup-power-failsafe')) process.kill(pid, 'SIGTERM');
  } catch {
    /* gone or not ours */
  }
}

async function runScenario(
  replaceRemote: (r: RemoteHost) => void,
  name: ScenarioName,
  cluster: Cluster,
  master: Host,
  preemptMaster: Host,
  byName: Map<string, RemoteHost>,
  offsets: Map<string, number>,
  view: ClusterView,
  opts: FailoverOptions,
  reporter: Reporter,
  signal: AbortSignal,
  state: RunState,
): Promise<ScenarioTimeline> {
  const vip = cluster.vips[0]!;
  let masterRemote = byName.get(master.name)!;
  const others = [...byName.values()].filter((r) => r.name !== master.name);
  const effective = await readEffectiveConfig(masterRemote, others, cluster);
  const iface = view.hosts.find((h) => h.host === master.name)?.addresses.find((a) => a.cidr.split('/')[0] === vip.address)?.iface ?? 'eth0';
  const failsafeSeconds = Math.ceil(opts.failsafeSeconds ?? opts.moveTimeoutSeconds + opts.holdSeconds + opts.networkLossSeconds + 60);
  const ctx: ScenarioContext = {
    tomcatService: opts.tomcatService,
    vip: vip.address,
    vipCidr: `${vip.address}/${vip.prefix}`,
    iface,
    tomcatPort: cluster.tomcat.port,
    sshPort: master.ssh.port,
    networkLossSeconds: opts.networkLossSeconds,
    failsafeSeconds,
  };
  const spec = scenarioSpec(name, ctx);
  const markers: Marker[] = [];
  const tl: ScenarioTimeline = {
    scenario: name,
    master: master.name,
    backups: others.map((r) => r.name),
    vip: vip.address,
    probes: [],
    events: [],
    markers,
    params: effective.params,
  };
  const addError = (said: Said) => addTrouble(tl, said);
  const power = master.power;
  const goesAway = name === 'reboot' || name === 'host-crash'; // no session can follow the master meanwhile
  let watch: Watch | undefined;
  let probe: Probe | undefined;
  let injected = false;
  let restored = false;
  let localFailsafe: number | undefined;

  const failRestore = (command: string, detail: Said) => {
    state.restoreFailures.push({ host: master.name, scenario: name, command, detail: detail(en), said: detail });
    addError((c) => c.failover.trouble.restoreFailedOn({ host: master.name, detail: detail(c) }));
    reporter.warn(t().failover.progress.restoreFailed({ scenario: name, host: master.name, detail: detail(t()) }));
  };

  // The master came back (reboot, power on): connect anew, watch it again, and take what it did while no
  // session could see it from its own transitions log (keepalived's notify script writes it).
  const awaitReturningMaster = async (what: 'reboot' | 'power cut') => {
    // A bug, not a user's mistake (the command always passes reconnect): not translated (docs/i18n.md).
    if (!opts.reconnect) throw new HasetupError(`the ${name} scenario needs a way to reconnect to the master`);
    const end = Date.now() + (opts.rebootTimeoutSeconds ?? 300) * 1000;
    let fresh: RemoteHost | undefined;
    while (!fresh && Date.now() < end && !signal.aborted) {
      await sleep(1000);
      fresh = await opts.reconnect(master.name).catch(() => undefined);
    }
    if (!fresh) {
      const lost = { host: master.name, timeout: opts.rebootTimeoutSeconds ?? 300 };
      addError((c) => (what === 'reboot' ? c.failover.trouble.noSshAfterReboot(lost) : c.failover.trouble.noSshAfterPowerCut(lost)));
      return;
    }
    await masterRemote.close().catch(() => undefined);
    masterRemote = fresh;
    replaceRemote(fresh);
    const offset = (await measureClockOffset(fresh)).offsetMs;
    offsets.set(master.name, offset);
    const inject = markers.find((m) => m.label === 'inject')?.t ?? 0;
    const log = await fresh.run(cmd`cat ${transitionsLog(cluster.name)} 2>/dev/null`);
    const seen = watch?.events ?? [];
    for (const tr of parseTransitions(log.stdout)) {
      const t = tr.t * 1000 - offset;
      if (t <= inject) continue;
      const kind = tr.state === 'MASTER' ? 'add' : 'del';
      // Events the stream saw itself win; the log fills in only changes that happened while no session
      // was open (a 'del' when the VIP was already gone is no change).
      const before = seen.filter((e) => e.host === master.name && e.t <= t).sort((x, y) => x.t - y.t).at(-1);
      const seenNear = seen.some((e) => e.host === master.name && e.kind === kind && Math.abs(e.t - t) < 1000);
      if (!seenNear && before?.kind !== kind) seen.push({ t, host: master.name, kind, address: `${vip.address}/${vip.prefix}` });
    }
    await watch?.add(fresh, offset);
  };

  const restore = async () => {
    if (!injected || restored) return;
    restored = true;
    if (name === 'reboot') {
      markers.push({ t: Date.now(), label: 'restore' });
      return awaitReturningMaster('reboot');
    }
    if (name === 'host-crash') {
      markers.push({ t: Date.now(), label: 'restore' });
      // Not the run's signal: after a Ctrl-C the host must still get its power back (the command's own timeout bounds it).
      const on = await runPower(power!, 'on');
      if (on.code !== 0 || on.unconfirmed !== undefined) {
        const failed = { code: on.code, output: on.unconfirmed === undefined ? outputOf(on) : t().failover.powerStatusDisagrees({ want: 'on', status: on.unconfirmed }) };
        failRestore(power!.on.join(' '), (c) => c.failover.trouble.powerOnFailed(failed));
        return;
      }
      disarmLocalFailsafe(localFailsafe);
      return awaitReturningMaster('power cut');
    }
    markers.push({ t: Date.now(), label: 'restore' });
    const restoreCmd = spec.restore!;
    let r = await masterRemote.run(restoreCmd, { timeoutMs: 120_000 });
    // The session was lost (not the command): the same restore through a new one.
    if (r.code === 255 && /connection to .* was (lost|closed)/.test(r.stderr) && opts.reconnect) {
      const fresh = await opts.reconnect(master.name).catch(() => undefined);
      if (fresh) {
        await masterRemote.close().catch(() => undefined);
        masterRemote = fresh;
        replaceRemote(fresh);
        r = await fresh.run(restoreCmd, { timeoutMs: 120_000 });
      }
    }
    if (r.code !== 0) {
      const failed = { command: restoreCmd.text, code: r.code, output: outputOf(r), failsafe: failsafeSeconds };
      failRestore(restoreCmd.text, (c) => c.failover.trouble.restoreCommandFailed(failed));
      return;
    }
    if (spec.disarm) await masterRemote.run(spec.disarm);
  };

  try {
    const events = (watch = await startWatch(
      [...byName.values()].map((remote) => ({ remote, offsetMs: offsets.get(remote.name) ?? 0 })),
      vip.address,
    )).events;
    const probeOptions: ProbeOptions = {
      url: `http://${vip.address}:${cluster.tomcat.port}${opts.probePath ?? cluster.tomcat.healthPath}`,
      intervalMs: opts.probeIntervalMs,
      timeoutMs: opts.probeTimeoutMs,
      maxInFlight: Math.ceil(opts.probeTimeoutMs / opts.probeIntervalMs) + 5,
      hostNames: cluster.hosts.map((h) => h.name),
      expectedStatus: cluster.tomcat.expectedStatus,
    };
    const prober = opts.probeFrom ? byName.get(opts.probeFrom) : undefined;
    probe = prober ? await startRemoteProbe(prober, probeOptions, offsets.get(prober.name) ?? 0) : startProbe(probeOptions);
    await sleep(300); // a baseline of successful requests before the failure

    // Never injected without its net: the failsafe is armed first, and nothing happens when that failed.
    if (name === 'host-crash') {
      if (!power) {
        setNotRun(tl, (c) => c.failover.trouble.noPowerCommands({ host: master.name }));
      } else {
        let error: Said | undefined;
        try {
          localFailsafe = spawnDetached(['sh', '-c', 'sleep "$1"; shift; exec "$@"', 'hasetup-power-failsafe', String(failsafeSeconds), ...power.on]);
          if (!localFailsafe) error = (c) => c.failover.trouble.shDidNotStart;
        } catch (e) {
          error = () => (e as Error).message;
        }
        if (error) {
          const why = error;
          setNotRun(tl, (c) => c.failover.trouble.localFailsafeNotStarted({ host: master.name, error: why(c) }));
        }
      }
    } else if (spec.arm) {
      const armed = await masterRemote.run(spec.arm, { timeoutMs: 30_000 });
      if (armed.code !== 0) {
        const output = outputOf(armed);
        setNotRun(tl, (c) =>
          c.failover.trouble.failsafeNotArmed({ host: master.name, code: armed.code, output: output || c.failover.trouble.noOutput }),
        );
      }
    }
    if (!tl.notRun && !signal.aborted) {
      injected = true;
      if (name === 'host-crash') {
        const before = Date.now();
        const off = await runPower(power!, 'off', signal);
        const at = parsePowerOffStamp(off.stdout) ?? before;
        markers.push({ t: at, label: 'inject' });
        if (off.code !== 0 || off.unconfirmed !== undefined) {
          const failed = { host: master.name, code: off.code, output: off.unconfirmed === undefined ? outputOf(off) : t().failover.powerStatusDisagrees({ want: 'off', status: off.unconfirmed }) };
          setNotRun(tl, (c) => c.failover.trouble.powerOffFailed(failed));
        } else {
          // A host without power holds no address: its kernel says nothing more, so the loss is recorded here.
          events.push({ t: at, host: master.name, kind: 'del', address: `${vip.address}/${vip.prefix}` });
        }
      } else {
        const inj = await masterRemote.run(spec.inject!, { timeoutMs: name === 'reboot' ? 15_000 : 60_000 });
        const stamp = Number((inj.stdout.split('\n')[0] ?? '').replace(',', '.')) * 1000;
        markers.push({ t: Number.isFinite(stamp) && stamp > 0 ? stamp - (offsets.get(master.name) ?? 0) : Date.now(), label: 'inject' });
        // A reboot may take the SSH session down before the command returns: only a missing timestamp is a failure.
        if (inj.code !== 0 && !(name === 'reboot' && stamp > 0)) {
          const failed = { host: master.name, code: inj.code, output: outputOf(inj) };
          setNotRun(tl, (c) => c.failover.trouble.injectFailed(failed));
        }
      }
    }
    const sessionLost = () => !goesAway && Boolean(watch?.ended.has(master.name));
    if (injected && !tl.notRun) {
      const moved = await waitUntil(
        () => sessionLost() || events.some((e) => e.kind === 'add' && e.host !== master.name),
        opts.moveTimeoutSeconds * 1000,
        signal,
      );
      if (!moved && !signal.aborted) {
        const m = t().failover.progress;
        reporter.warn(
          m.vipDidNotMove({ scenario: name, timeout: opts.moveTimeoutSeconds }) + (effective.hasTomcatCheck ? '' : m.vipDidNotMoveNoCheckSuffix),
        );
      }
      if (!signal.aborted && !sessionLost()) await waitUntil(sessionLost, opts.holdSeconds * 1000, signal, 100);
    }
    if (sessionLost()) {
      tl.sessionLost = true;
      addError((c) => c.failover.trouble.sessionLostDuringFailure({ host: master.name }));
    }
    await restore();
    if (injected && !tl.sessionLost) {
      await awaitSettled();
    }
    if (!signal.aborted) await sleep(300); // a last look for a second VIP holder after settling
  } finally {
    // Ctrl-C, a hang-up or an error in the middle: undo the failure before anything else.
    if (injected && !restored) await restore().catch((e: Error) => failRestore(spec.restore?.text ?? name, () => e.message));
    tl.probes = probe ? await probe.stop() : [];
    await watch?.stop().catch(() => undefined);
    tl.events = [...(watch?.events ?? [])].sort((a, b) => a.t - b.t);
  }
  if (!effective.hasTomcatCheck && name.startsWith('tomcat-')) {
    addError((c) => c.failover.trouble.noTomcatCheck);
  }
  return tl;

  // Settled means stable: the holder, every host's state and the address events stay the same for a window
  // derived from the timing in effect (docs/timing.md), and the recording lasts until then.
  async function awaitSettled(): Promise<void> {
    const wanted = effective.nopreempt ? undefined : preemptMaster.name;
    const windowMs = settleWindowMs(effective.params);
    let sig = '';
    let since = 0;
    let eventCount = -1;
    const settled = await waitUntil(
      async () => {
        const v = await observeCluster([...byName.values()], cluster);
        const h = holderOf(v, vip.address);
        const target = cluster.hosts.find((x) => x.name === (wanted ?? h));
        const healthy = Boolean(h && target && (!wanted || h === wanted) && clusterProblems(v, cluster, target).length === 0);
        const now = Date.now();
        const s = viewSignature(v);
        const n = watch?.events.length ?? 0;
        if (!healthy || s !== sig || n !== eventCount) {
          sig = s;
          eventCount = n;
          since = healthy ? now : 0;
          return false;
        }
        return since > 0 && now - since >= windowMs;
      },
      opts.settleTimeoutSeconds * 1000,
      signal,
      250,
    );
    if (!settled && !signal.aborted) {
      const late = { window: (windowMs / 1000).toFixed(1), timeout: opts.settleTimeoutSeconds };
      addError((c) => c.failover.trouble.notSettled(late));
    }
    markers.push({ t: Date.now(), label: 'failback-settled' });
  }
}
