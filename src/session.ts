// Opening a cluster for a command: pick the cluster(s) from the inventory, connect to every host (host keys
// verified), and always close the connections again.
import { settleLimit } from './concurrency.js';
import { HasetupError, UsageError } from './errors.js';
import { t } from './i18n/index.js';
import type { Cluster, Host, Inventory } from './inventory/model.js';
import type { Reporter } from './progress.js';
import type { RemoteHost } from './remote/host.js';
import { connectHost } from './remote/ssh.js';
import { timed } from './timings.js';

export function selectClusters(inv: Inventory, name: string | undefined, opts: { single?: boolean } = {}): Cluster[] {
  if (name) {
    const c = inv.clusters.find((x) => x.name === name);
    if (!c) throw new UsageError(t().errors.noSuchCluster({ file: inv.file, name, clusters: inv.clusters.map((x) => x.name).join(', ') }));
    return [c];
  }
  if (opts.single && inv.clusters.length > 1) {
    throw new UsageError(
      t().errors.severalClusters({ file: inv.file, count: String(inv.clusters.length), clusters: inv.clusters.map((x) => x.name).join(', ') }),
    );
  }
  return inv.clusters;
}

/** Opens one host; tests give a factory of recording hosts (src/remote/fake.ts) instead of SSH. */
export type Connector = (host: Host, reporter: Reporter) => Promise<RemoteHost>;

export const sshConnector: Connector = (host, reporter) => connectHost(host, { reporter });

/** Connects to every host of a cluster (at most `parallel` at once); all errors are reported together. */
export async function connectCluster(cluster: Cluster, parallel: number, reporter: Reporter, connect: Connector = sshConnector): Promise<RemoteHost[]> {
  const outcomes = await settleLimit(cluster.hosts, parallel, (h) => timed(`connect ${h.name}`, () => connect(h, reporter)));
  const failed: unknown[] = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  const ok = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  if (failed.length) {
    await Promise.all(ok.map((r) => r.close()));
    if (failed.length === 1) throw failed[0];
    const msgs = failed.map((e) => (e instanceof Error ? e.message : String(e)));
    const hints = [...new Set(failed.flatMap((e) => (e instanceof HasetupError && e.hint ? [e.hint] : [])))];
    throw new HasetupError(msgs.join('\n'), { hint: hints.join('\n') || undefined });
  }
  return ok;
}

export async function withCluster<T>(
  cluster: Cluster,
  parallel: number,
  reporter: Reporter,
  fn: (remotes: RemoteHost[]) => Promise<T>,
  connect: Connector = sshConnector,
): Promise<T> {
  const remotes = await connectCluster(cluster, parallel, reporter, connect);
  try {
    return await fn(remotes);
  } finally {
    await timed('disconnect', () => Promise.all(remotes.map((r) => r.close().catch(() => undefined))));
  }
}
