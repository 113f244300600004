// deploy, for one cluster: connect -> facts and generations -> preflight -> plan -> (dry run: diff) -> stage
// everywhere -> activate the master, then the backups (activation.ts) -> verify. Any failure puts every host
// back on the generation it ran (docs/generations.md) and is reported with the host and the step.
import { settleLimit } from '../concurrency.js';
import { HasetupError, HostStepError } from '../errors.js';
import { listenForAdverts, listenUnlessConfigured, type AdvertSeen } from '../facts/vrrp-listen.js';
import { gatherFacts, gatherFactsThen } from '../facts/gather.js';
import type { HostFacts } from '../facts/types.js';
import { masterOf, type Cluster } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd } from '../remote/command.js';
import { clusterConfPath } from '../hostpaths.js';
import { withCluster } from '../session.js';
import type { Connector } from '../session.js';
import { activateCluster } from './activation.js';
import { generationNeeded, hostWork, withDrift } from './generation-plan.js';
import { generationId, generationsFrom, readScript, sha256, type HostGenerations } from './generations.js';
import { observeCluster, type ClusterView } from '../cluster/observe.js';
import { redact, unifiedDiff } from './diff.js';
import { managedPaths, planHost, type HostPlan } from './plan.js';
import { readClusterSecrets } from './secrets.js';
import { precompileTemplates } from '../render/render.js';
import { t } from '../i18n/index.js';
import { httpAnswerText } from '../cluster/display.js';
import { masterHealthy, quietUntil, settled, takeLook, verify, type Look, type VerifyOptions } from './verify.js';
import { phaseSince, timed } from '../timings.js';

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
    const used = [...new Set(heard.map((a) => a.vrid))].sort((a, b) => a - b).join(', ');
    throw new HasetupError(
      t().deploy.vridTaken({ vrid: cluster.virtualRouterId, host: remote.name, sources: [...new Set(clash.map((a) => a.source))].join(', ') }),
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
  reporter.step(t().deploy.connecting({ cluster: cluster.name, hosts: cluster.hosts.map((h) => h.name).join(', ') }));
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
    return verifyAndFinish(cluster, remotes, opts, results, [], { notBefore: quietUntil(cluster, outcome.backupsRestarted) });
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

function finish(cluster: Cluster, results: HostDeployResult[], view: ClusterView, problems: string[], http?: string): ClusterDeployResult {
  for (const r of results) {
    const obs = view.hosts.find((h) => h.host === r.host);
    r.state = obs?.state;
    r.tomcat = obs?.tomcatHttp;
    r.holdsVip = cluster.vips.some((v) => (view.holders[v.address] ?? []).includes(r.host));
  }
  return { cluster: cluster.name, dryRun: false, ok: problems.length === 0, hosts: results, vipHolders: view.holders, httpThroughVip: http, problems };
}

