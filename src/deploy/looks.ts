// The looks at the network a deploy takes side by side with the facts (separate channels of the same connections),
// so that none of them costs a round trip of its own: who holds the VIPs and whether a VIP answers from elsewhere
// (preflight), whether another router uses our VRID (a first deploy), and the speculative look (below).
import { clusterConfPath } from '../hostpaths.js';
import type { Cluster } from '../inventory/model.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd } from '../remote/command.js';
import { listenUnlessConfigured, type AdvertSeen } from '../facts/vrrp-listen.js';
import { observeCluster, type ClusterView } from '../cluster/observe.js';
import { timed } from '../timings.js';
import { settled, takeLook, type Look } from './verify.js';

export interface DeployLooks {
  /** The preflight look: the cluster view, and the VIPs that answer a ping from the first host. */
  preflight: Promise<[ClusterView, string[]]>;
  /** VRRP adverts heard on the first host (started at once; returns at once on a host that has our config). */
  vrid: Promise<AdvertSeen[] | undefined | 'configured'>;
  /** The speculative look: verify's second look, taken only when the preflight look is already good. */
  next: Promise<Look | undefined>;
}

/** The VIPs that answer a ping from `remote` (all at once: an unused address costs the 1 s timeout once). */
async function answeringVips(cluster: Cluster, remote: RemoteHost): Promise<string[]> {
  const list = cluster.vips.map((v) => v.address);
  const r = await remote.run(cmd`for v in ${list}; do (ping -c 1 -W 1 "$v" >/dev/null 2>&1 && echo "$v") & done; wait`);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/**
 * The speculative look: when the first look is already good, verify's next look (every host and HTTP through the
 * VIP) follows it at once, still beside the facts. If the deploy then changes nothing, this is verify's second good
 * look in a row and an unchanged deploy does not wait one more round trip after the plan; any other deploy ignores
 * it. Undefined when the first look was not good or either look failed.
 */
export function speculativeLook(cluster: Cluster, remotes: RemoteHost[], first: Promise<ClusterView>): Promise<Look | undefined> {
  return first.then((view) => (settled(cluster, view) ? takeLook(cluster, remotes) : undefined)).catch(() => undefined);
}

/** Starts every look; awaited by planCluster (preflight, vrid) and verify (next). */
export function startLooks(cluster: Cluster, remotes: RemoteHost[]): DeployLooks {
  const preflight = Promise.all([observeCluster(remotes, cluster), timed((n) => n.vipPing, () => answeringVips(cluster, remotes[0]!))]);
  // The VRID listening's 1.2 s overlap the facts, the observation and the VIP ping (docs/keepalived.md).
  const vrid = timed((n) => n.vridListening, () => listenUnlessConfigured(remotes[0]!, 1.2, clusterConfPath(cluster.name)));
  for (const p of [preflight, vrid]) p.catch(() => undefined); // awaited later; a failure of the facts must not leave them unhandled
  return {
    preflight,
    vrid,
    next: speculativeLook(
      cluster,
      remotes,
      preflight.then(([view]) => view),
    ),
  };
}
