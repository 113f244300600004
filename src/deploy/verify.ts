// deploy's verify, and the looks it is made of: the master after its activation (masterHealthy), when the last look
// may be taken (quietUntil), one look at every host and HTTP through the VIP (takeLook), and verify itself: two good
// looks in a row. rollback verifies with the same code. Every wait goes through src/poll.ts.
import { t } from '../i18n/index.js';
import { masterOf, type Cluster, type Host } from '../inventory/model.js';
import type { RemoteHost } from '../remote/host.js';
import { clusterProblems, holdsVip, observeCluster, observeHost, type ClusterView, type HostObservation } from '../cluster/observe.js';
import { httpAnswerText, stateText } from '../cluster/display.js';
import { httpStatus } from '../http-status.js';
import { poll, sleep } from '../poll.js';
import { masterDownSeconds } from '../vrrp-timing.js';

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
export async function masterHealthy(cluster: Cluster, remote: RemoteHost, signal?: AbortSignal): Promise<string | null> {
  const m = t().deploy;
  let problem = m.masterNotLookedAt;
  const look = async (): Promise<boolean> => {
    const obs = await observeHost(remote, cluster);
    const wrong = masterProblem(cluster, obs);
    if (wrong) problem = wrong;
    return wrong === undefined;
  };
  const twoGoodLooks = async (): Promise<true | undefined> => {
    if (!(await look())) return undefined;
    await sleep(lookGapMs(cluster), signal);
    return (await look()) || undefined;
  };
  const healthy = await poll(twoGoodLooks, { timeout: (3 * cluster.vrrp.advertInt + 1) * 1000 + 5000, step: RETRY_LOOK_MS, signal });
  return healthy ? null : m.masterAfterActivation({ problem });
}

/** What keeps one look at the master from being good, or undefined when it is. */
function masterProblem(cluster: Cluster, obs: HostObservation): string | undefined {
  const m = t().deploy;
  if (!obs.reachable) return m.masterNotReachable({ error: obs.error ?? t().cluster.httpNoAnswer });
  if (!obs.keepalivedActive) return m.masterKeepalivedNotRunning;
  if (obs.state === 'FAULT') return m.masterInFault;
  if (cluster.vrrp.preempt && !cluster.vips.every((v) => holdsVip(obs, v.address))) return m.masterNotHoldingVip({ state: obs.state });
  return undefined;
}

/**
 * When verify's last look may be taken at the earliest: after the backups whose keepalived was just started or
 * reloaded have
 * passed their Master_Down interval (the lowest priority waits longest), plus a margin for keepalived's own
 * start. A backup that cannot hear the master (VRRP blocked between the hosts) takes the VIP only then, so a
 * verify that ended sooner could pass a split brain (docs/generations.md).
 */
export function quietUntil(cluster: Cluster, started: { at: number; priorities: number[] } | undefined): number | undefined {
  if (!started || started.priorities.length === 0) return undefined;
  const down = masterDownSeconds({ vrrpVersion: cluster.vrrp.version, advertInt: cluster.vrrp.advertInt, priorityBackup: Math.min(...started.priorities) });
  return started.at + down * 1000 + START_MARGIN_MS;
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
export function settled(cluster: Cluster, view: ClusterView): boolean {
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
  /** Stops verifying (Ctrl-C): the last look is returned as it is. */
  signal?: AbortSignal;
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
    if (Date.now() > end || opts.signal?.aborted) return { view, problems, http };
    const wait = problems.length > 0 ? RETRY_LOOK_MS : good >= 1 && notBefore > Date.now() ? Math.max(lookGapMs(cluster), notBefore - Date.now()) : lookGapMs(cluster);
    await sleep(wait, opts.signal);
  }
}
