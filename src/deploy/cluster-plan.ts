// The cluster plan: ONE value that says what a deploy will do on every host, made before anything changes
// (facts and recorded generations -> preflight -> each host's plan -> the generation every host moves to).
// `--dry-run` renders it (deploy.ts dryRunResult), activation consumes it (deploy.ts applyPlan): nothing is decided
// twice. It holds per host the files, the commands and what changed, which the Ansible export and change
// classification can read too.
import { settleLimit } from '../concurrency.js';
import { HasetupError, HostStepError } from '../errors.js';
import { listenForAdverts, type AdvertSeen } from '../facts/vrrp-listen.js';
import { gatherFacts, gatherFactsThen } from '../facts/gather.js';
import type { HostFacts } from '../facts/types.js';
import type { Cluster } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { clusterConfPath } from '../hostpaths.js';
import type { ClusterView } from '../cluster/observe.js';
import { httpAnswerText } from '../cluster/display.js';
import { t } from '../i18n/index.js';
import { joinList } from '../i18n/text.js';
import { phaseSince, timed } from '../timings.js';
import type { GenerationMove } from './activation.js';
import { generationMove, generationNeeded, withDrift } from './generation-plan.js';
import { generationId, generationsFrom, readScript, sha256, type HostGenerations } from './generations.js';
import type { DeployLooks } from './looks.js';
import { managedPaths, planHost, type HostPlan } from './plan.js';

/** One host in the cluster plan. */
export interface HostInPlan {
  host: string;
  /** The managed files as they are on the host now (undefined: absent). */
  live: Record<string, string | undefined>;
  /** The facts the plan was made from (files that drifted from the recorded generation marked as changed). */
  facts: HostFacts;
  generations: HostGenerations;
  /** The files (all, and those that change), the prepare and activate commands, the validation. */
  plan: HostPlan;
  /** From the generation it runs to the new one; absent when the cluster needs no new generation. */
  move?: GenerationMove;
}

export interface ClusterPlan {
  cluster: Cluster;
  /** In the inventory's order. */
  hosts: HostInPlan[];
  /** The preflight look: who held the VIPs before anything changed. */
  view: ClusterView;
  /** The generation every host moves to; undefined when nothing anywhere needs one (an unchanged deploy). */
  generation?: string;
}

function messageOf(err: unknown): string {
  if (err instanceof HostStepError) return err.message;
  return err instanceof Error ? err.message : String(err);
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

/** Every host's facts and generations; one that cannot be read stops the deploy before anything changes. */
async function readHosts(cluster: Cluster, remotes: RemoteHost[], parallel: number): Promise<{ facts: HostFacts; generations: HostGenerations }[]> {
  const gathered = await timed((n) => n.facts, () => settleLimit(remotes, parallel, (r) => factsFor(r, cluster)));
  const failed = gathered.flatMap((g, i) => (g.status === 'rejected' ? [`${remotes[i]!.name}: ${messageOf(g.reason)}`] : []));
  if (failed.length) throw new HasetupError(failed.join('\n'));
  return gathered.map((g) => (g as PromiseFulfilledResult<{ facts: HostFacts; generations: HostGenerations }>).value);
}

/** Refusals before anything changes: each says which host and what to do. */
export function preflightProblems(cluster: Cluster, facts: Map<string, HostFacts>, view: ClusterView, answering: string[]): string[] {
  const m = t().deploy;
  const problems: string[] = [];
  for (const [host, f] of facts) {
    if (!f.tomcat.service && !cluster.tomcat.service) problems.push(m.preflightNoTomcatService({ host }));
    const obs = view.hosts.find((h) => h.host === host);
    if (obs && obs.tomcatHttp !== String(cluster.tomcat.expectedStatus)) {
      const url = `http://127.0.0.1:${cluster.tomcat.port}${cluster.tomcat.healthPath}`;
      problems.push(m.preflightTomcatNotAnswering({ host, expected: String(cluster.tomcat.expectedStatus), url, got: httpAnswerText(obs.tomcatHttp) }));
    }
  }
  for (const vip of cluster.vips) {
    if ((view.holders[vip.address] ?? []).length > 0) continue;
    if (answering.includes(vip.address)) problems.push(m.preflightVipInUse({ vip: vip.address, cluster: cluster.name }));
  }
  return problems;
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

/** The generation id: the time, and a hash of what every host gets. */
function newGenerationId(cluster: Cluster, plans: Map<string, HostPlan>, now: Date): string {
  return generationId(now, JSON.stringify(cluster.hosts.map((h) => plans.get(h.name)!.files.map((f) => [f.path, sha256(f.content)]))));
}

export interface PlanClusterOptions {
  parallel: number;
  /** The clock of the generation id (tests pass a fixed one). */
  now?: Date;
  /** false: leave out the generation moves (a dry run: a host whose recorded generation is broken still shows its diff). */
  moves?: boolean;
}

/**
 * The cluster plan: reads every host (facts and generations, one round trip each, beside the looks), refuses in
 * preflight, plans every host, and decides the generation. Changes nothing on any host.
 */
export async function planCluster(cluster: Cluster, remotes: RemoteHost[], secrets: { authPass?: string }, looks: DeployLooks, reporter: Reporter, opts: PlanClusterOptions): Promise<ClusterPlan> {
  const read = await readHosts(cluster, remotes, opts.parallel);
  const facts = new Map(remotes.map((r, i) => [r.name, withDrift(read[i]!.facts, read[i]!.generations)]));
  const firstDeploy = [...facts.values()].every((f) => f.files[clusterConfPath(cluster.name)] === undefined);
  const [[view, answering]] = await Promise.all([looks.preflight, firstDeploy ? checkVridFree(cluster, remotes[0]!, reporter, looks.vrid) : undefined]);
  const problems = preflightProblems(cluster, facts, view, answering);
  if (problems.length) throw new HasetupError(t().deploy.preflightRefused({ cluster: cluster.name, problems: problems.map((p) => `  - ${p}`).join('\n') }));
  reporter.info(t().deploy.preflightPassed);

  const plans = new Map<string, HostPlan>();
  const planStart = performance.now();
  for (const h of cluster.hosts) plans.set(h.name, planHost(cluster, h.name, facts.get(h.name)!, secrets));
  phaseSince((n) => n.plan, planStart);
  for (const p of plans.values()) for (const w of p.warnings) reporter.warn(`${p.host}: ${w}`);

  const byName = new Map(remotes.map((r, i) => [r.name, read[i]!]));
  const gens = new Map([...byName].map(([name, r]) => [name, r.generations]));
  const now = opts.now ?? new Date();
  const generation = generationNeeded(plans, gens) ? newGenerationId(cluster, plans, now) : undefined;
  const hosts = cluster.hosts.map((h): HostInPlan => {
    const { facts: live, generations } = byName.get(h.name)!;
    const plan = plans.get(h.name)!;
    const move = generation && opts.moves !== false ? generationMove(cluster, h.name, plan, generations, live.files, generation, now) : undefined;
    return { host: h.name, live: live.files, facts: facts.get(h.name)!, generations, plan, move };
  });
  return { cluster, hosts, view, generation };
}
