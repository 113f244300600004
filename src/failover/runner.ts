// Runs failover scenarios on a deployed cluster: precheck -> watch + probe -> inject -> wait for the VIP on
// a backup -> hold -> restore -> wait until healthy -> measure. Whatever happens (an error, Ctrl-C, a lost
// session), an injected failure is restored; the host-side failsafe timer covers the case where we cannot.
import { readFileSync } from 'node:fs';
import { HasetupError, InterruptedError } from '../errors.js';
import { observeCluster, clusterProblems, parseTransitions, type ClusterView } from '../cluster/observe.js';
import { dayTwoProblems } from './precheck.js';
import { exec, spawnDetached } from '../exec.js';
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
import type { FailoverReport, Marker, RestoreFailure, ScenarioName, ScenarioResult, ScenarioTimeline } from './types.js';
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
  if (state.restoreFailures.length === 0) return new InterruptedError('failover test interrupted; every injected failure was restored');
  return new HasetupError(
    `failover test interrupted, and a restore failed:\n${state.restoreFailures.map((f) => `  - ${f.host}, ${f.scenario}: ${f.detail}`).join('\n')}`,
    { hint: 'check those hosts now (hasetup status); the failsafe timer on each host retries the restore by itself' },
  );
}

export class PrecheckError extends HasetupError {
  constructor(problems: string[]) {
    super(`the cluster is not healthy, so no failure was injected:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      hint: 'fix these first (hasetup status shows the cluster; hasetup deploy repairs a configuration)',
    });
  }
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
  if (initialProblems.length || !intended) throw new PrecheckError(initialProblems.length ? initialProblems : ['no single VIP holder']);
  // With preemption the VIP returns to the highest priority; that host is "the master" of every scenario.
  const preemptMaster: Host = intended;

  reporter.step('measuring clock offsets between this machine and the hosts');
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
      const tl = emptyTimeline(name, holder ?? '?', cluster, `the cluster was not healthy before it:\n${problems.join('\n')}`);
      results.push(measureScenario(tl, { maxOutageSeconds: opts.maxOutageSeconds }));
      reporter.warn(`${name}: ERROR, not run: the cluster is not healthy: ${problems.join('; ')}`);
      continue;
    }
    reporter.step(`${name}: on ${masterHost.name}`);
    const tl = await runScenario(replaceRemote, name, cluster, masterHost, preemptMaster, byName, offsets, view, opts, reporter, signal, state);
    const result = measureScenario(tl, { maxOutageSeconds: opts.maxOutageSeconds });
    results.push(result);
    reporter.info(
      `${name}: ${result.status.toUpperCase()}: VIP moved in ${fmt(result.vipMoveSeconds)} (${result.movesAway} away, ${result.movesBack} back), ` +
        `client outage ${fmt(result.outageSeconds)}` +
        (result.reasons.length ? ` (${result.reasons.join('; ')})` : ''),
    );
    if (tl.sessionLost) {
      // The same way as Ctrl-C: the failure is undone (through a new session), and no further scenario runs.
      reporter.warn(
        `the SSH session to ${masterHost.name} was lost during ${name}; ` +
          (state.restoreFailures.length ? 'the restore failed too (see above)' : 'the failure was restored through a new session') +
          '; the test stops here (check the network between this machine and the hosts, then run it again)',
      );
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

function emptyTimeline(name: ScenarioName, master: string, cluster: Cluster, notRun: string): ScenarioTimeline {
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
    notRun,
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
  const addError = (e: string) => (tl.error = (tl.error ? tl.error + '; ' : '') + e);
  const power = master.power;
  const goesAway = name === 'reboot' || name === 'host-crash'; // no session can follow the master meanwhile
  let watch: Watch | undefined;
  let probe: Probe | undefined;
  let injected = false;
  let restored = false;
  let localFailsafe: number | undefined;

  const failRestore = (command: string, detail: string) => {
    state.restoreFailures.push({ host: master.name, scenario: name, command, detail });
    addError(`restore failed on ${master.name}: ${detail}`);
    reporter.warn(`${name}: restore failed on ${master.name}: ${detail}`);
  };

  // The master came back (reboot, power on): connect anew, watch it again, and take what it did while no
  // session could see it from its own transitions log (keepalived's notify script writes it).
  const awaitReturningMaster = async (what: string) => {
    if (!opts.reconnect) throw new HasetupError(`the ${name} scenario needs a way to reconnect to the master`);
    const end = Date.now() + (opts.rebootTimeoutSeconds ?? 300) * 1000;
    let fresh: RemoteHost | undefined;
    while (!fresh && Date.now() < end && !signal.aborted) {
      await sleep(1000);
      fresh = await opts.reconnect(master.name).catch(() => undefined);
    }
    if (!fresh) {
      addError(`${master.name} did not answer SSH again within ${opts.rebootTimeoutSeconds ?? 300} s after the ${what}`);
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
      const on = await exec(power!.on, { check: false, timeoutMs: 120_000 }).catch((e: Error) => ({ code: -1, stdout: '', stderr: e.message }));
      if (on.code !== 0) {
        failRestore(power!.on.join(' '), `power on exited ${on.code}: ${(on.stderr || on.stdout).trim().slice(-300)}; the local failsafe retries it`);
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
      failRestore(restoreCmd.text, `\`${restoreCmd.text}\` exited ${r.code}: ${(r.stderr || r.stdout).trim().slice(-300)}; its failsafe timer on the host retries it within ${failsafeSeconds} s`);
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
        tl.notRun = `${master.name} has no power commands in the inventory (power: off/on), so its power cannot be cut`;
      } else {
        try {
          localFailsafe = spawnDetached(['sh', '-c', 'sleep "$1"; shift; exec "$@"', 'hasetup-power-failsafe', String(failsafeSeconds), ...power.on]);
          if (!localFailsafe) throw new Error('sh did not start');
        } catch (e) {
          tl.notRun = `could not start the local failsafe that powers ${master.name} on again: ${(e as Error).message}; its power was not cut`;
        }
      }
    } else if (spec.arm) {
      const armed = await masterRemote.run(spec.arm, { timeoutMs: 30_000 });
      if (armed.code !== 0) {
        tl.notRun = `could not arm the failsafe timer on ${master.name} (exit ${armed.code}: ${(armed.stderr || armed.stdout).trim().slice(-300) || 'no output'}); nothing was injected`;
      }
    }
    if (!tl.notRun && !signal.aborted) {
      injected = true;
      if (name === 'host-crash') {
        const before = Date.now();
        const off = await exec(power!.off, { check: false, timeoutMs: 60_000 }).catch((e: Error) => ({ code: -1, stdout: '', stderr: e.message }));
        const at = parsePowerOffStamp(off.stdout) ?? before;
        markers.push({ t: at, label: 'inject' });
        if (off.code !== 0) {
          tl.notRun = `power off of ${master.name} failed (exit ${off.code}): ${(off.stderr || off.stdout).trim().slice(-300)}`;
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
          tl.notRun = `inject failed on ${master.name} (exit ${inj.code}): ${(inj.stderr || inj.stdout).trim().slice(-300)}`;
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
        reporter.warn(
          `${name}: the VIP did not move within ${opts.moveTimeoutSeconds} s` +
            (effective.hasTomcatCheck ? '' : ' (the keepalived configuration has no Tomcat check)'),
        );
      }
      if (!signal.aborted && !sessionLost()) await waitUntil(sessionLost, opts.holdSeconds * 1000, signal, 100);
    }
    if (sessionLost()) {
      tl.sessionLost = true;
      addError(`the SSH session to ${master.name} was lost while the failure was in place`);
    }
    await restore();
    if (injected && !tl.sessionLost) {
      await awaitSettled();
    }
    if (!signal.aborted) await sleep(300); // a last look for a second VIP holder after settling
  } finally {
    // Ctrl-C, a hang-up or an error in the middle: undo the failure before anything else.
    if (injected && !restored) await restore().catch((e: Error) => failRestore(spec.restore?.text ?? name, e.message));
    tl.probes = probe ? await probe.stop() : [];
    await watch?.stop().catch(() => undefined);
    tl.events = [...(watch?.events ?? [])].sort((a, b) => a.t - b.t);
  }
  if (!effective.hasTomcatCheck && name.startsWith('tomcat-')) {
    addError('the keepalived configuration on the master has no Tomcat check: a Tomcat failure cannot move the VIP');
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
      addError(`the cluster did not become healthy and stay so for ${(windowMs / 1000).toFixed(1)} s within ${opts.settleTimeoutSeconds} s after restore`);
    }
    markers.push({ t: Date.now(), label: 'failback-settled' });
  }
}
