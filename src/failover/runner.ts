// Runs failover scenarios on a deployed cluster: precheck, clock offsets, then each scenario as a sequence of
// phases (src/failover/phases.ts) over one state object, measured (src/failover/measure.ts) into the report.
// Whatever happens (an error, Ctrl-C, a lost session), an injected failure is restored and a failsafe with
// nothing left to undo is disarmed; the host-side failsafe timer covers the case where we cannot restore.
import { HasetupError, InterruptedError } from '../errors.js';
import { t, type Catalog } from '../i18n/index.js';
import { observeCluster, clusterProblems, type ClusterView } from '../cluster/observe.js';
import { dayTwoProblems } from './precheck.js';
import { KEEPALIVED_CONF, clusterConfPath } from '../hostpaths.js';
import type { Cluster, Host } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd } from '../remote/command.js';
import { measureClockOffset } from '../experiment/clock.js';
import { measureScenario } from './measure.js';
import { configPriority, parseEffectiveConfig, type EffectiveConfig } from './params.js';
import { runScenario } from './phases.js';
import type { RunHosts, RunSettings, ScenarioRun } from './run-state.js';
import { scenarioSpec, type ScenarioContext } from './scenarios.js';
import type { FailoverReport, RestoreFailure, ScenarioName, ScenarioResult, ScenarioTimeline } from './types.js';
import { setNotRun } from './trouble.js';

export { parsePowerOffStamp } from './kinds.js';
export { settleWindowMs } from './phases.js';

export interface FailoverOptions extends RunSettings {
  scenarios: ScenarioName[];
  networkLossSeconds: number;
  tomcatService: string;
  version: string;
  /** After this long the master undoes an inject by itself (if hasetup could not); default: every wait + 60 s. */
  failsafeSeconds?: number;
}

function interrupted(restoreFailures: RestoreFailure[]): Error {
  const m = t().failover.stop;
  if (restoreFailures.length === 0) return new InterruptedError(m.interruptedAllRestored);
  const list = restoreFailures
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

/** The run's connections: the caller's list is kept current too (it closes them at the end). */
function runHosts(remotes: RemoteHost[], offsets: Map<string, number>): RunHosts {
  const byName = new Map(remotes.map((r) => [r.name, r]));
  return {
    get: (name) => byName.get(name)!,
    all: () => [...byName.values()],
    offset: (name) => offsets.get(name) ?? 0,
    setOffset: (name, ms) => void offsets.set(name, ms),
    async replace(fresh) {
      await byName.get(fresh.name)?.close().catch(() => undefined);
      byName.set(fresh.name, fresh);
      const i = remotes.findIndex((x) => x.name === fresh.name);
      if (i >= 0) remotes[i] = fresh;
    },
  };
}

/** The VIP's sole holder as a host of the cluster, or undefined. */
function soleHolder(view: ClusterView, cluster: Cluster): Host | undefined {
  const h = holderOf(view, cluster.vips[0]!.address);
  return h ? cluster.hosts.find((x) => x.name === h) : undefined;
}

export async function runFailoverTest(
  cluster: Cluster,
  remotes: RemoteHost[],
  opts: FailoverOptions,
  reporter: Reporter,
  signal: AbortSignal,
): Promise<FailoverReport> {
  const startedAt = new Date().toISOString();
  const first = await observeCluster(remotes, cluster);
  const intended = soleHolder(first, cluster);
  const initialProblems = [...clusterProblems(first, cluster, intended ?? cluster.hosts[0]!), ...dayTwoProblems(first)];
  if (initialProblems.length || !intended) {
    throw new PrecheckError(initialProblems.length ? initialProblems : [t().failover.stop.noSingleVipHolder]);
  }
  reporter.step(t().failover.progress.measuringClockOffsets);
  const offsets = new Map<string, number>();
  for (const r of remotes) offsets.set(r.name, (await measureClockOffset(r)).offsetMs);
  const hosts = runHosts(remotes, offsets);
  const results: ScenarioResult[] = [];
  const restoreFailures: RestoreFailure[] = [];
  for (const name of opts.scenarios) {
    if (signal.aborted) throw interrupted(restoreFailures);
    // With preemption the VIP returns to the highest priority; that host is "the master" of every scenario.
    const { result, sessionLost, master } = await oneScenario(name, { cluster, hosts, opts, reporter, signal, restoreFailures, preemptMaster: intended });
    results.push(result);
    if (sessionLost) {
      // The same way as Ctrl-C: the failure is undone (through a new session), and no further scenario runs.
      const lost = { host: master, scenario: name };
      const m = t().failover.progress;
      reporter.warn(restoreFailures.length ? m.sessionLostRestoreFailed(lost) : m.sessionLostRestored(lost));
      break;
    }
    if (signal.aborted) throw interrupted(restoreFailures);
  }
  return {
    cluster: cluster.name,
    vip: cluster.vips[0]!.address,
    startedAt,
    finishedAt: new Date().toISOString(),
    passed: results.length > 0 && results.every((r) => r.passed) && restoreFailures.length === 0,
    maxOutageSeconds: opts.maxOutageSeconds,
    scenarios: results,
    restoreFailures,
    hasetupVersion: opts.version,
  };
}

interface RunContext {
  cluster: Cluster;
  hosts: RunHosts;
  opts: FailoverOptions;
  reporter: Reporter;
  signal: AbortSignal;
  restoreFailures: RestoreFailure[];
  preemptMaster: Host;
}

/** One scenario: refused when the cluster is not healthy before it, else run and measured. */
async function oneScenario(name: ScenarioName, ctx: RunContext): Promise<{ result: ScenarioResult; sessionLost: boolean; master: string }> {
  const { cluster, opts, reporter } = ctx;
  const view = await observeCluster(ctx.hosts.all(), cluster);
  const master = soleHolder(view, cluster);
  const problems = [...clusterProblems(view, cluster, master ?? ctx.preemptMaster), ...dayTwoProblems(view)];
  if (problems.length || !master) {
    const tl = emptyTimeline(name, holderOf(view, cluster.vips[0]!.address) ?? '?', cluster);
    setNotRun(tl, (c) => c.failover.trouble.notHealthyBefore({ problems: problems.join('\n') }));
    reporter.warn(t().failover.progress.scenarioNotHealthy({ scenario: name, problems: problems.join(t().failover.reasonSeparator) }));
    return { result: measureScenario(tl, { maxOutageSeconds: opts.maxOutageSeconds }), sessionLost: false, master: '?' };
  }
  reporter.step(t().failover.progress.scenarioOnHost({ scenario: name, host: master.name }));
  const tl = await runScenario(await prepareScenario(name, master, view, ctx));
  const result = measureScenario(tl, { maxOutageSeconds: opts.maxOutageSeconds });
  reporter.info(measuredLine(t(), result));
  return { result, sessionLost: Boolean(tl.sessionLost), master: master.name };
}

/** The state of one scenario before its first phase: its commands, the timing in effect, an empty recording. */
export async function prepareScenario(name: ScenarioName, master: Host, view: ClusterView, ctx: RunContext): Promise<ScenarioRun> {
  const { cluster, hosts, opts } = ctx;
  const vip = cluster.vips[0]!;
  const others = hosts.all().filter((r) => r.name !== master.name);
  const effective = await readEffectiveConfig(hosts.get(master.name), others, cluster);
  const onHost = view.hosts.find((h) => h.host === master.name)?.addresses.find((a) => a.cidr.split('/')[0] === vip.address);
  const failsafeSeconds = Math.ceil(opts.failsafeSeconds ?? opts.moveTimeoutSeconds + opts.holdSeconds + opts.networkLossSeconds + 60);
  const scenario: ScenarioContext = {
    cluster: cluster.name,
    tomcatService: opts.tomcatService,
    vip: vip.address,
    vipCidr: `${vip.address}/${vip.prefix}`,
    iface: onHost?.iface ?? 'eth0',
    tomcatPort: cluster.tomcat.port,
    sshPort: master.ssh.port,
    networkLossSeconds: opts.networkLossSeconds,
    failsafeSeconds,
  };
  const tl: ScenarioTimeline = {
    ...emptyTimeline(name, master.name, cluster),
    backups: others.map((r) => r.name),
    params: effective.params,
  };
  return {
    ...ctx,
    name,
    master,
    settings: opts,
    spec: scenarioSpec(name, scenario),
    effective,
    failsafeSeconds,
    tl,
    net: 'none',
    failure: 'none',
  };
}

/** The progress line of a measured scenario. */
function measuredLine(c: Catalog, result: ScenarioResult): string {
  const reasons = result.said ? result.said.reasons.map((f) => f(c)) : result.reasons;
  const line = c.failover.progress.scenarioMeasured({
    scenario: result.name,
    verdict: verdictWord(c, result.status),
    vipMove: fmt(result.vipMoveSeconds),
    away: result.movesAway,
    back: result.movesBack,
    outage: fmt(result.outageSeconds),
  });
  return line + (reasons.length ? c.failover.progress.scenarioReasonsSuffix({ reasons: reasons.join(c.failover.reasonSeparator) }) : '');
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
