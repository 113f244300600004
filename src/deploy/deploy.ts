// deploy, for one cluster: connect -> facts and generations -> preflight -> plan -> (dry run: diff) -> stage
// everywhere -> activate the master, then the backups (activation.ts) -> verify. Any failure puts every host
// back on the generation it ran (docs/generations.md) and is reported with the host and the step.
import { settleLimit } from '../concurrency.js';
import { HasetupError, HostStepError } from '../errors.js';
import { listenForAdverts, listenUnlessConfigured, type AdvertSeen } from '../facts/vrrp-listen.js';
import { gatherFacts, gatherFactsThen } from '../facts/gather.js';
import type { HostFacts } from '../facts/types.js';
import { masterOf, type Cluster, type Host } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd } from '../remote/command.js';
import { clusterConfPath } from '../hostpaths.js';
import { withCluster } from '../session.js';
import type { Connector } from '../session.js';
import { activateCluster } from './activation.js';
import { generationNeeded, hostWork, withDrift } from './generation-plan.js';
import { generationId, generationsFrom, readScript, sha256, type HostGenerations } from './generations.js';
import { clusterProblems, holdsVip, observeCluster, observeHost, type ClusterView } from '../cluster/observe.js';
import { redact, unifiedDiff } from './diff.js';
import { managedPaths, planHost, type HostPlan } from './plan.js';
import { readClusterSecrets } from './secrets.js';
import { precompileTemplates } from '../render/render.js';
import { t } from '../i18n/index.js';
import { httpAnswerText, stateText } from '../cluster/display.js';
import { phaseSince, timed } from '../timings.js';
import { httpStatus } from '../http-status.js';
import { masterDownSeconds } from '../vrrp-timing.js';
import { joinList } from '../i18n/text.js';

export interface DeployOptions {
  dryRun: boolean;
  parallel: number;
  verifyTimeoutSeconds?: number;
}

export interface HostDeployResult {
  host: string;
  role: 'master' | 'backup';
  priority: number;
  changed: string[];
  activated: string[];
  warnings: string[];
  state?: string;
  holdsVip?: boolean;
  tomcat?: string;
  /** The generation the host is on after this deploy (absent when nothing needed one). */
  generation?: string;
  error?: { step: string; message: string };
  /** dry run: the unified diffs (secrets redacted) and the commands that would run */
  diff?: string;
  commands?: string[];
}

export interface ClusterDeployResult {
  cluster: string;
  dryRun: boolean;
  ok: boolean;
  hosts: HostDeployResult[];
  vipHolders: Record<string, string[]>;
  httpThroughVip?: string;
  problems: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stepOf(err: unknown): { step: string; message: string } {
  if (err instanceof HostStepError) return { step: err.step, message: err.message };
  return { step: t().deploy.steps.deploy, message: err instanceof Error ? err.message : String(err) };
}

/** The host's facts and its recorded generations, in one round trip (the generations read after the facts). */
async function factsFor(remote: RemoteHost, cluster: Cluster): Promise<{ facts: HostFacts; generations: HostGenerations }> {
  const assumed = cluster.tomcat.service ?? 'tomcat10';
  const first = await gatherFactsThen(remote, managedPaths(cluster, assumed), { tomcatService: cluster.tomcat.service }, readScript(cluster.name));
  const generations = generationsFrom(remote.name, first.then);
  let facts = first.facts;
  const found = facts.tomcat.service;
  if (!cluster.tomcat.service && found && found !== assumed) {
    facts = await gatherFacts(remote, managedPaths(cluster, found), {});
  }
  return { facts, generations };
}

/** Refusals before anything changes: each says which host and what to do. */
/** The VIPs that answer a ping from `remote` (all at once: an unused address costs the 1 s timeout once). */
async function answeringVips(cluster: Cluster, remote: RemoteHost): Promise<string[]> {
  const list = cluster.vips.map((v) => v.address);
  const r = await remote.run(cmd`for v in ${list}; do (ping -c 1 -W 1 "$v" >/dev/null 2>&1 && echo "$v") & done; wait`);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

function preflight(
  cluster: Cluster,
  remotes: RemoteHost[],
  facts: Map<string, HostFacts>,
  view: ClusterView,
  answering: string[],
  reporter: Reporter,
): void {
  const m = t().deploy;
  const problems: string[] = [];
  for (const r of remotes) {
    const f = facts.get(r.name)!;
    if (!f.tomcat.service && !cluster.tomcat.service) problems.push(m.preflightNoTomcatService({ host: r.name }));
    const obs = view.hosts.find((h) => h.host === r.name);
    if (obs && obs.tomcatHttp !== String(cluster.tomcat.expectedStatus)) {
      problems.push(
        m.preflightTomcatNotAnswering({
          host: r.name,
          expected: String(cluster.tomcat.expectedStatus),
          url: `http://127.0.0.1:${cluster.tomcat.port}${cluster.tomcat.healthPath}`,
          got: httpAnswerText(obs.tomcatHttp),
        }),
      );
    }
  }
  for (const vip of cluster.vips) {
    if ((view.holders[vip.address] ?? []).length > 0) continue;
    if (answering.includes(vip.address)) problems.push(m.preflightVipInUse({ vip: vip.address, cluster: cluster.name }));
  }
  if (problems.length) throw new HasetupError(m.preflightRefused({ cluster: cluster.name, problems: problems.map((p) => `  - ${p}`).join('\n') }));
  reporter.info(m.preflightPassed);
}

/** On a first deploy: another router with our VRID on the segment would fight ours (docs/keepalived.md, VRRP on the network). */
async function checkVridFree(cluster: Cluster, remote: RemoteHost, reporter: Reporter, early: Promise<AdvertSeen[] | undefined | 'configured'>): Promise<void> {
  const first = await early;
  // 'configured': the host got its config between the two looks (another deploy?): listen now.
  const heard = first === 'configured' ? await listenForAdverts(remote, 1.2) : first;
  if (!heard) {
    reporter.warn(t().deploy.vridNoPerl({ host: remote.name, vrid: cluster.virtualRouterId }));
    return;
  }
  const ours = new Set(cluster.hosts.map((h) => h.address));
  const clash = heard.filter((a) => a.vrid === cluster.virtualRouterId && !ours.has(a.source));
  if (clash.length) {
    const used = joinList([...new Set(heard.map((a) => a.vrid))].sort((a, b) => a - b));
    throw new HasetupError(
      t().deploy.vridTaken({ vrid: cluster.virtualRouterId, host: remote.name, sources: joinList([...new Set(clash.map((a) => a.source))]) }),
      { hint: t().deploy.vridTakenHint({ used }) },
    );
  }
}

export interface DeployDeps {
  /** How hosts are opened (tests: recording hosts); SSH by default. */
  connect?: Connector;
}

export async function deployCluster(cluster: Cluster, inventoryFile: string, opts: DeployOptions, reporter: Reporter, deps: DeployDeps = {}): Promise<ClusterDeployResult> {
  const secrets = readClusterSecrets(cluster, inventoryFile);
  reporter.step(t().deploy.connecting({ cluster: cluster.name, hosts: joinList(cluster.hosts.map((h) => h.name)) }));
  return withCluster(cluster, opts.parallel, reporter, async (remotes) => {
    const byName = new Map(remotes.map((r) => [r.name, r]));
    reporter.step(t().deploy.gatheringFacts);
    // Independent looks at the network, side by side with the facts (separate channels of the same connections):
    // who holds the VIPs and whether a VIP answers from elsewhere; and, once the facts say this is a first
    // deploy, whether another router uses our VRID.
    const looks = Promise.all([observeCluster(remotes, cluster), timed('VIP ping', () => answeringVips(cluster, remotes[0]!))]);
    // The VRID listening starts now too, on a host without our config (a first deploy), so its 1.2 s overlap the
    // facts, the observation and the VIP ping; on any other deploy it returns at once.
    const listening = timed('VRID listening', () => listenUnlessConfigured(remotes[0]!, 1.2, clusterConfPath(cluster.name)));
    for (const p of [looks, listening]) p.catch(() => undefined); // awaited below; a failure of the facts must not leave them unhandled
    // When that look is already good, verify's next look (cluster and HTTP through the VIP) follows it at once, still
    // beside the facts: if nothing changes, it is verify's second good look in a row, and an unchanged deploy
    // does not wait for one more round trip after the plan. Any other deploy ignores it.
    const nextLook: Promise<Look | undefined> = looks
      .then(([v]) => (settled(cluster, v) ? takeLook(cluster, remotes) : undefined))
      .catch(() => undefined);
    setImmediate(precompileTemplates); // CPU work for the plan, done while the hosts answer
    // Facts and recorded generations: one round trip per host.
    const gathered = await timed('facts', () => settleLimit(remotes, opts.parallel, (r) => factsFor(r, cluster)));
    const failedFacts = gathered.flatMap((g, i) => (g.status === 'rejected' ? [`${remotes[i]!.name}: ${stepOf(g.reason).message}`] : []));
    if (failedFacts.length) throw new HasetupError(failedFacts.join('\n'));
    const read = gathered.map((g) => (g as PromiseFulfilledResult<{ facts: HostFacts; generations: HostGenerations }>).value);
    const live = new Map(remotes.map((r, i) => [r.name, read[i]!.facts.files]));
    const gens = new Map(remotes.map((r, i) => [r.name, read[i]!.generations]));
    const facts = new Map(remotes.map((r, i) => [r.name, withDrift(read[i]!.facts, gens.get(r.name)!)]));
    const firstDeploy = [...facts.values()].every((f) => f.files[clusterConfPath(cluster.name)] === undefined);
    const [[view, answering]] = await Promise.all([
      looks,
      firstDeploy ? checkVridFree(cluster, remotes[0]!, reporter, listening) : Promise.resolve(),
    ]);
    preflight(cluster, remotes, facts, view, answering, reporter);
    const plans = new Map<string, HostPlan>();
    const planStart = performance.now();
    for (const h of cluster.hosts) plans.set(h.name, planHost(cluster, h.name, facts.get(h.name)!, secrets));
    phaseSince('plan', planStart);
    for (const p of plans.values()) for (const w of p.warnings) reporter.warn(`${p.host}: ${w}`);

    if (opts.dryRun) {
      return {
        cluster: cluster.name,
        dryRun: true,
        ok: true,
        vipHolders: view.holders,
        problems: [],
        hosts: cluster.hosts.map((h) => {
          const p = plans.get(h.name)!;
          const f = facts.get(h.name)!;
          const diff = p.changed
            .map((file) => {
              const before = f.files[file.path];
              // Both sides, always: the file on the host may hold a password the new one no longer has.
              return unifiedDiff(file.path, before === undefined ? undefined : redact(before), redact(file.content));
            })
            .join('');
          return {
            host: h.name,
            role: p.role,
            priority: p.priority,
            changed: p.changed.map((x) => x.path),
            activated: [],
            warnings: p.warnings,
            diff,
            commands: [...p.prepare, ...p.activate].map((c) => `${c.step}: ${c.command.text}`),
          };
        }),
      };
    }

    if (!generationNeeded(plans, gens)) {
      // Nothing prepared, written or activated anywhere: the preflight look may count as verify's first good look.
      return verifyAndFinish(cluster, remotes, opts, noChange(cluster, plans), [], { before: view, next: await nextLook });
    }
    const now = new Date();
    const id = generationId(now, JSON.stringify(cluster.hosts.map((h) => plans.get(h.name)!.files.map((f) => [f.path, sha256(f.content)]))));
    const works = cluster.hosts.map((h) => hostWork(cluster, byName.get(h.name)!, plans.get(h.name)!, gens.get(h.name)!, live.get(h.name)!, id, now));
    reporter.step(t().deploy.applyingGeneration({ id }));
    const outcome = await activateCluster(works, masterOf(cluster).name, cluster.name, {
      parallel: opts.parallel,
      reporter,
      masterHealthy: (w) => masterHealthy(cluster, w.remote),
    });
    const results: HostDeployResult[] = cluster.hosts.map((h) => {
      const p = plans.get(h.name)!;
      const failure = outcome.failures.find((f) => f.host === h.name);
      return {
        host: h.name,
        role: p.role,
        priority: p.priority,
        changed: outcome.ok ? p.changed.map((f) => f.path) : [],
        activated: outcome.activated.get(h.name) ?? [],
        warnings: p.warnings,
        generation: outcome.ok ? id : works.find((w) => w.remote.name === h.name)!.previous.id,
        error: failure ? { step: failure.step, message: failure.message } : outcome.ok ? undefined : { step: t().deploy.steps.notActivated, message: t().deploy.notOnGenerationBecauseOther({ host: h.name, id }) },
      };
    });
    if (!outcome.ok) {
      for (const line of outcome.reverted) reporter.warn(line);
      const final = await observeCluster(remotes, cluster);
      const said = outcome.reverted.length ? [t().deploy.generationNotActivated({ id, reverted: outcome.reverted.join('; ') })] : [];
      return finish(cluster, results, final, [...outcome.failures.map((f) => f.message), ...said]);
    }
    return verifyAndFinish(cluster, remotes, opts, results, [], { notBefore: quietUntil(cluster, outcome.backupsStarted) });
  }, deps.connect);
}

function noChange(cluster: Cluster, plans: Map<string, HostPlan>): HostDeployResult[] {
  return cluster.hosts.map((h) => {
    const p = plans.get(h.name)!;
    return { host: h.name, role: p.role, priority: p.priority, changed: [], activated: [], warnings: p.warnings };
  });
}

async function verifyAndFinish(
  cluster: Cluster,
  remotes: RemoteHost[],
  opts: DeployOptions,
  results: HostDeployResult[],
  problems: string[],
  looks: VerifyOptions = {},
): Promise<ClusterDeployResult> {
  const v = await timed('verify', () => verify(cluster, remotes, opts.verifyTimeoutSeconds ?? 20, looks));
  return finish(cluster, results, v.view, [...problems, ...v.problems], v.http);
}

/** The gap between two good looks: one advert interval (another router would have spoken), at least 0.1 s, at most 0.3 s. */
export function lookGapMs(cluster: Cluster): number {
  return Math.min(300, Math.max(100, cluster.vrrp.advertInt * 1000));
}

/** How often a look that was not good yet is taken again. */
const RETRY_LOOK_MS = 50;

/** keepalived's VRRP process starts its timers a moment after `systemctl start` returns. */
const START_MARGIN_MS = 100;

/**
 * The master after its activation: keepalived running, and (with preempt) holding every VIP, seen twice in a
 * row one look gap apart; bounded by Master_Down and a margin.
 */
async function masterHealthy(cluster: Cluster, remote: RemoteHost): Promise<string | null> {
  const end = Date.now() + (3 * cluster.vrrp.advertInt + 1) * 1000 + 5000;
  const m = t().deploy;
  let problem = m.masterNotLookedAt;
  let good = 0;
  while (Date.now() < end) {
    const obs = await observeHost(remote, cluster);
    if (!obs.reachable) problem = m.masterNotReachable({ error: obs.error ?? t().cluster.httpNoAnswer });
    else if (!obs.keepalivedActive) problem = m.masterKeepalivedNotRunning;
    else if (obs.state === 'FAULT') problem = m.masterInFault;
    else if (cluster.vrrp.preempt && !cluster.vips.every((v) => holdsVip(obs, v.address))) problem = m.masterNotHoldingVip({ state: obs.state });
    else if (++good >= 2) return null;
    else {
      await sleep(lookGapMs(cluster));
      continue;
    }
    good = 0;
    await sleep(RETRY_LOOK_MS);
  }
  return m.masterAfterActivation({ problem });
}

/**
 * When verify's last look may be taken at the earliest: after the backups whose keepalived was just started have
 * passed their Master_Down interval (the lowest priority waits longest), plus a margin for keepalived's own
 * start. A backup that cannot hear the master (VRRP blocked between the hosts) takes the VIP only then, so a
 * verify that ended sooner could pass a split brain (docs/generations.md).
 */
export function quietUntil(cluster: Cluster, started: { at: number; priorities: number[] } | undefined): number | undefined {
  if (!started || started.priorities.length === 0) return undefined;
  const down = masterDownSeconds({ vrrpVersion: cluster.vrrp.version, advertInt: cluster.vrrp.advertInt, priorityBackup: Math.min(...started.priorities) });
  return started.at + down * 1000 + START_MARGIN_MS;
}

function finish(cluster: Cluster, results: HostDeployResult[], view: ClusterView, problems: string[], http?: string): ClusterDeployResult {
  for (const r of results) {
    const obs = view.hosts.find((h) => h.host === r.host);
    r.state = obs?.state;
    r.tomcat = obs?.tomcatHttp;
    r.holdsVip = cluster.vips.some((v) => (view.holders[v.address] ?? []).includes(r.host));
  }
  return { cluster: cluster.name, dryRun: false, ok: problems.length === 0, hosts: results, vipHolders: view.holders, httpThroughVip: http, problems };
}

function expectedHolder(cluster: Cluster, view: ClusterView): Host {
  if (cluster.vrrp.preempt) return masterOf(cluster);
  // nopreempt: whoever holds the VIP keeps it; any single holder is right.
  const holder = view.holders[cluster.vips[0]!.address]?.[0];
  return cluster.hosts.find((h) => h.name === holder) ?? masterOf(cluster);
}

function stateProblems(cluster: Cluster, view: ClusterView, holder: Host): string[] {
  return view.hosts.flatMap((h) => {
    const want = h.host === holder.name ? 'MASTER' : 'BACKUP';
    return h.state === want ? [] : [t().deploy.stateUnexpected({ host: h.host, state: stateText(h.state), want })];
  });
}

/** Whether a look at the cluster is good: the intended host holds every VIP, every host in the expected state. */
function settled(cluster: Cluster, view: ClusterView): boolean {
  const holder = expectedHolder(cluster, view);
  return clusterProblems(view, cluster, holder).length === 0 && stateProblems(cluster, view, holder).length === 0;
}

/**
 * One look of verify: every host, and HTTP through the first VIP from here, asked at the same time (the answer
 * counts only when the hosts' look is good; otherwise the request is cancelled, not waited for).
 */
export type Look = [ClusterView, string];

export async function takeLook(cluster: Cluster, remotes: RemoteHost[]): Promise<Look> {
  const vip = cluster.vips[0]!;
  const cancel = new AbortController();
  const http = httpStatus(`http://${vip.address}:${cluster.tomcat.port}${cluster.tomcat.healthPath}`, 2000, cancel.signal);
  const view = await observeCluster(remotes, cluster).catch((e: unknown) => {
    cancel.abort();
    throw e;
  });
  if (!settled(cluster, view)) cancel.abort();
  return [view, await http];
}

export interface VerifyOptions {
  /** A look taken before this deploy, when nothing was (re)started since. */
  before?: ClusterView;
  /** A look taken after `before`, when nothing was (re)started either. */
  next?: Look;
  /** Epoch ms: the last look is not taken before this (quietUntil: started backups passed Master_Down). */
  notBefore?: number;
}

/**
 * Until exactly the intended host holds every VIP, every host is in the expected state and HTTP through the VIP
 * answers, twice in a row, one look gap apart, the last one no sooner than `notBefore`. `before`: if it was
 * already good it counts as the first look (there is no start-up whose brief VIP grab could fool us); `next`
 * is then the second.
 */
export async function verify(cluster: Cluster, remotes: RemoteHost[], timeoutSeconds: number, opts: VerifyOptions = {}): Promise<{ view: ClusterView; problems: string[]; http?: string }> {
  const end = Date.now() + timeoutSeconds * 1000;
  const notBefore = opts.notBefore ?? 0;
  const vip = cluster.vips[0]!;
  const url = `http://${vip.address}:${cluster.tomcat.port}${cluster.tomcat.healthPath}`;
  let good = 0;
  if (opts.before && settled(cluster, opts.before)) good = 1;
  let next = good === 1 ? opts.next : undefined;
  for (;;) {
    // A look taken before this call (`next`) never counts as one taken after `notBefore`.
    const takenAt = next ? 0 : Date.now();
    const [view, answer] = next ?? (await takeLook(cluster, remotes));
    next = undefined;
    const holder = expectedHolder(cluster, view);
    const problems = [...clusterProblems(view, cluster, holder), ...stateProblems(cluster, view, holder)];
    let http: string | undefined;
    if (problems.length === 0) {
      http = answer;
      if (http !== String(cluster.tomcat.expectedStatus)) problems.push(t().deploy.httpThroughVipWrong({ url, http: httpAnswerText(http), expected: String(cluster.tomcat.expectedStatus) }));
    }
    // Two good looks in a row, a look gap apart: a backup that took the VIP for a moment at start-up (and gave
    // it back) must not pass for a settled cluster; nor may a backup that has not yet waited out Master_Down.
    if (problems.length === 0 && ++good >= 2 && takenAt >= notBefore) return { view, problems, http };
    if (problems.length > 0) good = 0;
    if (Date.now() > end) return { view, problems, http };
    const wait = problems.length > 0 ? RETRY_LOOK_MS : good >= 1 && notBefore > Date.now() ? Math.max(lookGapMs(cluster), notBefore - Date.now()) : lookGapMs(cluster);
    await sleep(wait);
  }
}
