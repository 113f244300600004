// deploy, for one cluster: connect -> the cluster plan (cluster-plan.ts: facts and generations beside the looks,
// preflight, each host's plan, the generation) -> either the dry run's diffs, or stage everywhere -> activate the
// master, then the backups (activation.ts) -> verify (verify.ts). Any failure puts every host back on the
// generation it ran (docs/generations.md) and is reported with the host and the step.
import { InterruptedError } from '../errors.js';
import { masterOf, type Cluster } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { withCluster, type Connector } from '../session.js';
import { observeCluster, type ClusterView } from '../cluster/observe.js';
import { lockCluster, type LockRequest } from '../cluster/lock.js';
import { precompileTemplates } from '../render/render.js';
import { t } from '../i18n/index.js';
import { joinList } from '../i18n/text.js';
import { timed } from '../timings.js';
import { activateCluster, type ActivationOutcome, type HostWork } from './activation.js';
import { planCluster, type ClusterPlan } from './cluster-plan.js';
import { redact, unifiedDiff } from './diff.js';
import { startLooks, type DeployLooks } from './looks.js';
import { startDeployProbe, type DeployClients } from './clients.js';
import { readClusterSecrets } from './secrets.js';
import { masterHealthy, quietUntil, verify, type VerifyOptions } from './verify.js';

export interface DeployOptions {
  dryRun: boolean;
  parallel: number;
  verifyTimeoutSeconds?: number;
  /** Ctrl-C, SIGTERM, SIGHUP (docs/generations.md, "Interrupted"). */
  signal?: AbortSignal;
  /** Take the cluster's lock right after connecting (src/cluster/lock.ts); the commands pass it, a dry run does not. */
  lock?: LockRequest;
  /** Probe the VIP and watch the hosts while a change is applied (./clients.ts); the deploy command sets it. */
  measureClients?: boolean;
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
  /** Stopped by a signal: put back, or finished and recorded without verify (the hosts' generations say which). */
  interrupted?: boolean;
  /** What clients saw while the change was applied (absent: nothing changed, a first deploy, or not measured). */
  clients?: DeployClients;
}

export interface DeployDeps {
  /** How hosts are opened (tests: recording hosts); SSH by default. */
  connect?: Connector;
}

export async function deployCluster(cluster: Cluster, inventoryFile: string, opts: DeployOptions, reporter: Reporter, deps: DeployDeps = {}): Promise<ClusterDeployResult> {
  const secrets = readClusterSecrets(cluster, inventoryFile);
  reporter.step(t().deploy.connecting({ cluster: cluster.name, hosts: joinList(cluster.hosts.map((h) => h.name)) }));
  return withCluster(
    cluster,
    opts.parallel,
    reporter,
    async (remotes) => {
      if (opts.lock) await lockCluster(cluster, remotes, opts.lock); // released when the connections close
      reporter.step(t().deploy.gatheringFacts);
      const looks = startLooks(cluster, remotes);
      setImmediate(precompileTemplates); // CPU work for the plan, done while the hosts answer
      const plan = await planCluster(cluster, remotes, secrets, looks, reporter, { parallel: opts.parallel, moves: !opts.dryRun });
      return opts.dryRun ? dryRunResult(plan) : applyPlan(plan, remotes, looks, opts, reporter);
    },
    deps.connect,
  );
}

/** What `--dry-run` prints: per host the diffs (secrets redacted) and the commands the plan would run. */
export function dryRunResult(plan: ClusterPlan): ClusterDeployResult {
  return {
    cluster: plan.cluster.name,
    dryRun: true,
    ok: true,
    vipHolders: plan.view.holders,
    problems: [],
    hosts: plan.hosts.map(({ host, plan: p, facts }) => {
      const diff = p.changed
        .map((file) => {
          const before = facts.files[file.path];
          // Both sides, always: the file on the host may hold a password the new one no longer has.
          return unifiedDiff(file.path, before === undefined ? undefined : redact(before), redact(file.content));
        })
        .join('');
      const commands = [...p.prepare, ...p.activate].map((c) => `${c.step}: ${c.command.text}`);
      return { host, role: p.role, priority: p.priority, changed: p.changed.map((x) => x.path), activated: [], warnings: p.warnings, diff, commands };
    }),
  };
}

/** Activates the plan (activation.ts), then verifies; an unchanged plan goes straight to verify. */
async function applyPlan(plan: ClusterPlan, remotes: RemoteHost[], looks: DeployLooks, opts: DeployOptions, reporter: Reporter): Promise<ClusterDeployResult> {
  const { cluster, generation: id } = plan;
  if (!id) {
    // Nothing prepared, written or activated anywhere: the preflight look may count as verify's first good look.
    return verifyAndFinish(cluster, remotes, opts, noChange(plan), { before: plan.view, next: await looks.next });
  }
  // INTERRUPTED before anything was written: nothing to put back.
  if (opts.signal?.aborted) throw new InterruptedError(t().deploy.interruptedNothingChanged({ cluster: cluster.name }));
  const probe = opts.measureClients ? await startDeployProbe(cluster, remotes, plan.view.holders, opts.signal) : undefined;
  let result: ClusterDeployResult | undefined;
  try {
    result = await activateAndVerify(plan, id, remotes, opts, reporter);
  } finally {
    // Stopped on every way out (an interrupt included); a measurement that fails never fails the deploy.
    const clients = await probe?.finish().catch(() => undefined);
    if (result && clients) result.clients = clients;
  }
  return result;
}

async function activateAndVerify(plan: ClusterPlan, id: string, remotes: RemoteHost[], opts: DeployOptions, reporter: Reporter): Promise<ClusterDeployResult> {
  const { cluster } = plan;
  const byName = new Map(remotes.map((r) => [r.name, r]));
  const works: HostWork[] = plan.hosts.map((h) => ({ remote: byName.get(h.host)!, plan: h.plan, ...h.move! }));
  reporter.step(t().deploy.applyingGeneration({ id }));
  const outcome = await activateCluster(works, masterOf(cluster).name, cluster.name, {
    parallel: opts.parallel,
    reporter,
    masterHealthy: (w) => masterHealthy(cluster, w.remote, opts.signal),
    signal: opts.signal,
  });
  const results = activatedResults(plan, id, outcome);
  if (!outcome.ok) {
    for (const line of outcome.reverted) reporter.warn(line);
    const final = await observeCluster(remotes, cluster);
    const said = outcome.reverted.length ? [t().deploy.generationNotActivated({ id, reverted: outcome.reverted.join('; ') })] : [];
    return { ...finish(cluster, results, final, [...outcome.failures.map((f) => f.message), ...said]), interrupted: outcome.interrupted };
  }
  // INTERRUPTED once every host was activated: recorded everywhere, not verified (the command says so).
  if (outcome.interrupted) return { ...finish(cluster, results, await observeCluster(remotes, cluster), []), interrupted: true };
  return verifyAndFinish(cluster, remotes, opts, results, { notBefore: quietUntil(cluster, outcome.backupsRestarted) });
}

/** Each host's line after an activation: what changed and ran, the generation it is on, what failed. */
function activatedResults(plan: ClusterPlan, id: string, outcome: ActivationOutcome): HostDeployResult[] {
  return plan.hosts.map(({ host, plan: p, move }) => {
    const failure = outcome.failures.find((f) => f.host === host);
    const notOnIt = { step: t().deploy.steps.notActivated, message: t().deploy.notOnGenerationBecauseOther({ host, id }) };
    return {
      host,
      role: p.role,
      priority: p.priority,
      changed: outcome.ok ? p.changed.map((f) => f.path) : [],
      activated: outcome.activated.get(host) ?? [],
      warnings: p.warnings,
      generation: outcome.ok ? id : move!.previous.id,
      error: failure ? { step: failure.step, message: failure.message } : outcome.ok || outcome.interrupted ? undefined : notOnIt,
    };
  });
}

function noChange(plan: ClusterPlan): HostDeployResult[] {
  return plan.hosts.map(({ host, plan: p }) => ({ host, role: p.role, priority: p.priority, changed: [], activated: [], warnings: p.warnings }));
}

async function verifyAndFinish(cluster: Cluster, remotes: RemoteHost[], opts: DeployOptions, results: HostDeployResult[], looks: VerifyOptions = {}): Promise<ClusterDeployResult> {
  const v = await timed((n) => n.verify, () => verify(cluster, remotes, opts.verifyTimeoutSeconds ?? 20, { ...looks, signal: opts.signal }));
  return finish(cluster, results, v.view, v.problems, v.http);
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

