import { Command } from '@commander-js/extra-typings';
import type { ClusterStatus } from '../cluster/status-view.js';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Inventory } from '../inventory/model.js';
import { timed } from '../timings.js';
import { loadTerminal } from './terminal.js';

// Loaded when status runs, not at start-up: --help and --version load only the definitions (docs/performance.md).
const loadStatus = () =>
  timed('load modules', async () => {
    const [terminal, observe, view, generations, load, session] = await Promise.all([
      loadTerminal(),
      import('../cluster/observe.js'),
      import('../cluster/status-view.js'),
      import('../deploy/generations.js'),
      import('../inventory/load.js'),
      import('../session.js'),
    ]);
    return { ...terminal, ...observe, ...view, ...generations, ...load, ...session };
  });
import { positiveInt } from './args.js';

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
      const m = await loadStatus();
      const inv = await timed('inventory', () => m.loadInventory(file));
      if (opts.watch !== undefined) {
        const every = opts.watch === true ? 2 : Number(opts.watch);
        if (!(every > 0)) throw new UsageError(t().status.watchNotPositive);
        for (;;) {
          const lines = await statusText(m, inv, { ...opts, quiet: true });
          // Clear the screen and home the cursor: the view is redrawn in place.
          process.stdout.write(`\x1b[H\x1b[2J${t().status.watchHeader({ time: new Date().toISOString(), every: String(every) })}\n${lines}`);
          await new Promise((r) => setTimeout(r, every * 1000));
        }
      }
      m.print((await statusText(m, inv, opts)).trimEnd());
    });
}

type StatusModules = Awaited<ReturnType<typeof loadStatus>>;

/** Gathers every selected cluster's status (the data --json prints) and renders it (status-view.ts). */
async function statusText(m: StatusModules, inv: Inventory, opts: { cluster?: string; json?: boolean; parallel: number; quiet?: boolean }): Promise<string> {
  const { chalk, terminalReporter, selectClusters, withCluster, observeCluster, readGenerations, renderClusterStatus } = m;
  const lines: string[] = [];
  const reporter = terminalReporter({ quiet: Boolean(opts.json) || opts.quiet });
  const out: ClusterStatus[] = [];
  for (const cluster of selectClusters(inv, opts.cluster)) {
    const { view, gens } = await withCluster(cluster, opts.parallel, reporter, async (remotes) => {
      const [v, g] = await Promise.all([
        observeCluster(remotes, cluster),
        Promise.all(remotes.map((r) => readGenerations(r, cluster.name).catch(() => undefined))),
      ]);
      return { view: v, gens: new Map(remotes.map((r, i) => [r.name, g[i]])) };
    });
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
    lines.push(...renderClusterStatus(status, { expectedStatus: cluster.tomcat.expectedStatus, nowSeconds: Date.now() / 1000, paint: chalk }));
  }
  if (opts.json) lines.push(JSON.stringify(out, null, 2));
  return lines.join('\n') + '\n';
}
