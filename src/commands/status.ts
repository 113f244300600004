import { Command } from '@commander-js/extra-typings';
import type { ClusterStatus } from '../cluster/status-view.js';
import { ExitCode, UsageError } from '../errors.js';
import { sleep } from '../poll.js';
import type { CommandResult } from './handler.js';
import { t } from '../i18n/index.js';
import { localTime } from '../report/format.js';
import type { Inventory } from '../inventory/model.js';
import type { DialedHosts } from '../remote/dial.js';
import type { Reporter } from '../progress.js';
import { timed } from '../timings.js';
import { positiveInt } from './args.js';

// Loaded when status runs, not at start-up: --help and --version load only the definitions. First what reading the
// inventory and connecting need; then, while the hosts' sshd start and the handshakes wait on the network, ssh2 and
// the rest (docs/performance.md, "Connecting while loading").
const loadFirst = () =>
  timed((n) => n.loadModules, async () => {
    const [load, session, ui] = await Promise.all([import('../inventory/load.js'), import('../session.js'), import('../ui.js')]);
    return { ...load, ...session, ...ui };
  });
const loadView = () =>
  timed((n) => n.loadView, async () => {
    const [{ default: chalk }, read, view] = await Promise.all([import('chalk'), import('../cluster/status-read.js'), import('../cluster/status-view.js')]);
    return { chalk, ...read, ...view };
  });

export function statusCommand() {
  const help = t().status.help;
  return new Command('status')
    .summary(help.summary)
    .description(help.description)
    .argument('<inventory>', help.inventoryArg)
    .option('--cluster <name>', help.clusterOption)
    .option('--json', help.jsonOption)
    .option('--watch [seconds]', help.watchOption)
    .option('--parallel <n>', help.parallelOption, positiveInt, 8)
    .action(async (file, opts) => {
      const s = await openStatus(file, opts);
      const every = s.watchEvery;
      if (every === undefined) return s.print((await statusHandler(s, opts)).lines.join('\n').trimEnd());
      for (;;) {
        const { lines } = await statusHandler(s, { ...opts, quiet: true });
        // Clear the screen and home the cursor: the view is redrawn in place.
        process.stdout.write(`\x1b[H\x1b[2J${t().status.watchHeader({ time: localTime(new Date().toISOString()), every: String(every) })}\n${lines.join('\n')}\n`);
        await sleep(every * 1000);
      }
    });
}

/**
 * Loads what reading the inventory and connecting need, reads the inventory and starts the first cluster's TCP
 * connections; then, while the hosts' sshd start and the handshakes wait on the network, ssh2 and the view load.
 */
async function openStatus(file: string, opts: { cluster?: string; parallel: number; watch?: string | true }): Promise<StatusContext> {
  const m = await loadFirst();
  const inv = await timed((n) => n.inventory, () => m.loadInventory(file));
  const watchEvery = opts.watch === undefined ? undefined : opts.watch === true ? 2 : Number(opts.watch);
  if (watchEvery !== undefined && !(watchEvery > 0)) throw new UsageError(t().status.watchNotPositive);
  const clusters = m.selectClusters(inv, opts.cluster);
  // The first cluster's TCP connections start now; ssh2 loads first, then the view, both during sshd's start-up.
  const dialed = clusters[0] ? m.dialCluster(clusters[0], opts.parallel) : undefined;
  // The view after ssh2 (which the handshakes wait for); its error, if any, is reported by the connection.
  const view = m.loadSsh().then(loadView, loadView);
  view.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
  return { ...m, view, inv, dialed, watchEvery };
}

/** status once: every selected cluster's view (or --json), as lines, and the exit code (always ok: status reports). */
export async function statusHandler(s: StatusContext, opts: { cluster?: string; json?: boolean; parallel: number; quiet?: boolean }): Promise<CommandResult> {
  const dialed = s.dialed;
  s.dialed = undefined; // used once: a --watch redraw connects anew
  const text = await statusText(s, opts, dialed);
  return { lines: text.replace(/\n$/, '').split('\n'), exitCode: ExitCode.ok };
}

interface StatusContext extends Awaited<ReturnType<typeof loadFirst>> {
  inv: Inventory;
  view: ReturnType<typeof loadView>;
  /** The first cluster's TCP connections, started before the rest loaded; taken by the first read. */
  dialed?: DialedHosts;
  /** --watch: seconds between two redraws. */
  watchEvery?: number;
}

/** Gathers every selected cluster's status (the data --json prints) and renders it (status-view.ts). */
async function statusText(
  s: StatusContext,
  opts: { cluster?: string; json?: boolean; parallel: number; quiet?: boolean },
  dialed: DialedHosts | undefined,
): Promise<string> {
  const lines: string[] = [];
  const reporter: Reporter = s.terminalReporter({ quiet: Boolean(opts.json) || opts.quiet });
  const out: ClusterStatus[] = [];
  for (const [i, cluster] of s.selectClusters(s.inv, opts.cluster).entries()) {
    const { view, gens } = await s.withCluster(
      cluster,
      opts.parallel,
      reporter,
      async (remotes) => (await s.view).readClusterStatus(remotes, cluster),
      undefined,
      i === 0 ? dialed : undefined,
    );
    const generationOf = (host: string) => gens.get(host)?.current ?? null;
    const generations = [...new Set(view.hosts.map((h) => generationOf(h.host)))];
    const status: ClusterStatus = {
      cluster: cluster.name,
      vipHolders: view.holders,
      generation: generations.length === 1 ? generations[0]! : null,
      generationsDiffer: generations.length > 1,
      hosts: view.hosts.map((h) => ({ ...h, generation: generationOf(h.host), pendingGeneration: gens.get(h.host)?.pending ?? null })),
    };
    out.push(status);
    if (opts.json) continue;
    const { chalk, renderClusterStatus } = await s.view;
    lines.push(...renderClusterStatus(status, { expectedStatus: cluster.tomcat.expectedStatus, nowSeconds: Date.now() / 1000, paint: chalk }));
  }
  if (opts.json) lines.push(JSON.stringify(out, null, 2));
  return lines.join('\n') + '\n';
}
