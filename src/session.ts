// Opening a cluster for a command: pick the cluster(s) from the inventory, connect to every host (host keys
// verified), and always close the connections again. The TCP connections start before the SSH code is loaded
// (src/remote/dial.ts), so loading it overlaps sshd's start (docs/performance.md, "Connecting while loading").
import { settleLimit } from './concurrency.js';
import { HasetupError, UsageError } from './errors.js';
import { t } from './i18n/index.js';
import type { Cluster, Host, Inventory } from './inventory/model.js';
import type { Reporter } from './progress.js';
import { DialedHosts, type DialedSocket } from './remote/dial.js';
import type { RemoteHost } from './remote/host.js';
import { phaseSince, timed } from './timings.js';
import { joinList } from './i18n/text.js';

export function selectClusters(inv: Inventory, name: string | undefined, opts: { single?: boolean } = {}): Cluster[] {
  if (name) {
    const c = inv.clusters.find((x) => x.name === name);
    if (!c) throw new UsageError(t().errors.noSuchCluster({ file: inv.file, name, clusters: joinList(inv.clusters.map((x) => x.name)) }));
    return [c];
  }
  if (opts.single && inv.clusters.length > 1) {
    throw new UsageError(
      t().errors.severalClusters({ file: inv.file, count: String(inv.clusters.length), clusters: joinList(inv.clusters.map((x) => x.name)) }),
    );
  }
  return inv.clusters;
}

/**
 * Opens one host; tests give a factory of recording hosts (test/support/fake-host.ts) instead of SSH. `dialed`: the TCP
 * connection session.ts started for it (only for sshConnector).
 */
export type Connector = (host: Host, reporter: Reporter, dialed?: DialedSocket) => Promise<RemoteHost>;

let sshModule: Promise<typeof import('./remote/ssh.js')> | undefined;
/**
 * src/remote/ssh.ts (ssh2 with it), loaded once, when the first connection needs it; a command that loads more
 * modules while connecting calls it first, so that the SSH code (which the handshake waits for) loads first.
 */
export const loadSsh = () => (sshModule ??= timed((n) => n.loadSsh, () => import('./remote/ssh.js')));

export const sshConnector: Connector = async (host, reporter, dialed) => {
  try {
    return await (await loadSsh()).connectHost(host, { reporter, dialed });
  } catch (e) {
    dialed?.discard();
    throw e;
  }
};

/**
 * Starts the TCP connections to a cluster's hosts (as many as connect at once) for sshConnector, before the
 * command loads the rest of its modules; give the result to withCluster. Nothing else is sent before withCluster.
 */
export function dialCluster(cluster: Cluster, parallel: number): DialedHosts {
  return new DialedHosts(cluster.hosts, parallel);
}

/** Connects to every host of a cluster (at most `parallel` at once); all errors are reported together. */
export async function connectCluster(
  cluster: Cluster,
  parallel: number,
  reporter: Reporter,
  connect: Connector = sshConnector,
  dialed?: DialedHosts,
): Promise<RemoteHost[]> {
  // Only real SSH dials ahead (a test's connector must not reach any address); a dial nobody uses is closed.
  const ahead = connect === sshConnector ? (dialed ?? dialCluster(cluster, parallel)) : undefined;
  if (ahead !== dialed) dialed?.discard();
  let outcomes: PromiseSettledResult<RemoteHost>[];
  try {
    outcomes = await settleLimit(cluster.hosts, parallel, async (h) => {
      const d = ahead?.take(h.name);
      // From the dial on: the TCP connection is part of connecting.
      const start = d?.startedAt ?? performance.now();
      try {
        return await connect(h, reporter, d);
      } finally {
        phaseSince((n) => n.connect({ host: h.name }), start);
      }
    });
  } finally {
    ahead?.discard();
  }
  const failed: unknown[] = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
  const ok = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  if (failed.length) {
    await Promise.all(ok.map((r) => r.close()));
    if (failed.length === 1) throw failed[0];
    // Each host's hint under its own message: collected at the end, nobody can tell which belongs to which host.
    const hintLabel = t().errors.hintLabel;
    const msgs = failed.map((e) => {
      const msg = e instanceof Error ? e.message : String(e);
      return e instanceof HasetupError && e.hint ? `${msg}\n  ${hintLabel}${e.hint}` : msg;
    });
    throw new HasetupError(msgs.join('\n'));
  }
  return ok;
}

export async function withCluster<T>(
  cluster: Cluster,
  parallel: number,
  reporter: Reporter,
  fn: (remotes: RemoteHost[]) => Promise<T>,
  connect: Connector = sshConnector,
  dialed?: DialedHosts,
): Promise<T> {
  const remotes = await connectCluster(cluster, parallel, reporter, connect, dialed);
  try {
    return await fn(remotes);
  } finally {
    await timed((n) => n.disconnect, () => Promise.all(remotes.map((r) => r.close().catch(() => undefined))));
  }
}
