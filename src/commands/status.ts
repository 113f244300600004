import { Command } from '@commander-js/extra-typings';
import type { DayTwoObservation } from '../dayTwo/observe.js';
import { UsageError } from '../errors.js';
import type { Inventory } from '../inventory/model.js';
import { timed } from '../timings.js';
import { loadTerminal, type Terminal } from './terminal.js';

// Loaded when status runs, not at start-up: --help and --version load only the definitions (docs/performance.md).
const loadStatus = () =>
  timed('load modules', async () => {
    const [terminal, observe, generations, load, session] = await Promise.all([
      loadTerminal(),
      import('../cluster/observe.js'),
      import('../deploy/generations.js'),
      import('../inventory/load.js'),
      import('../session.js'),
    ]);
    return { ...terminal, ...observe, ...generations, ...load, ...session };
  });
import { positiveInt } from './args.js';

function ago(epochSeconds: number): string {
  const s = Math.max(0, Date.now() / 1000 - epochSeconds);
  if (s < 120) return `${s.toFixed(0)} s ago`;
  if (s < 7200) return `${(s / 60).toFixed(0)} min ago`;
  if (s < 172800) return `${(s / 3600).toFixed(0)} h ago`;
  return `${(s / 86400).toFixed(0)} days ago`;
}

export function statusCommand() {
  return new Command('status')
    .summary('keepalived state, priority, VIP holder, Tomcat health and recent state changes per host')
    .description(
      'Reads every host of each cluster (nothing is changed): whether keepalived runs and in which VRRP state,\n' +
        'its priority, which host holds each VIP, whether Tomcat answers its health check, and the last state\n' +
        'changes (recorded by the notify script hasetup deploys), the generation each host is on (and whether\n' +
        'they differ: an interrupted deploy; hasetup deploy or rollback puts them on one), maintenance mode, a\n' +
        'priority lowered by a switchover, and alert deliveries that failed. --json prints the same as JSON;\n' +
        '--watch refreshes it.',
    )
    .argument('<inventory>', 'inventory file')
    .option('--cluster <name>', 'only this cluster')
    .option('--json', 'print JSON')
    .option('--watch [seconds]', 'refresh in place every few seconds (default 2) until Ctrl-C')
    .option('--parallel <n>', 'hosts contacted at once', positiveInt, 8)
    .action(async (file, opts) => {
      const m = await loadStatus();
      const inv = await timed('inventory', () => m.loadInventory(file));
      if (opts.watch !== undefined) {
        const every = opts.watch === true ? 2 : Number(opts.watch);
        if (!(every > 0)) throw new UsageError('--watch: expected a positive number of seconds');
        for (;;) {
          const lines = await statusText(m, inv, { ...opts, quiet: true });
          // Clear the screen and home the cursor: the view is redrawn in place.
          process.stdout.write(`\x1b[H\x1b[2J${new Date().toISOString()}  (every ${every} s, Ctrl-C to stop)\n${lines}`);
          await new Promise((r) => setTimeout(r, every * 1000));
        }
      }
      m.print((await statusText(m, inv, opts)).trimEnd());
    });
}

type StatusModules = Awaited<ReturnType<typeof loadStatus>>;

async function statusText(m: StatusModules, inv: Inventory, opts: { cluster?: string; json?: boolean; parallel: number; quiet?: boolean }): Promise<string> {
  const { chalk, Table, terminalReporter, selectClusters, withCluster, observeCluster, readGenerations } = m;
  const lines: string[] = [];
  const reporter = terminalReporter({ quiet: Boolean(opts.json) || opts.quiet });
  const out = [];
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
    out.push({
      cluster: cluster.name,
      vipHolders: view.holders,
      generation: generations.length === 1 ? generations[0] : null,
      generationsDiffer: generations.length > 1,
      hosts: view.hosts.map((h) => ({ ...h, generation: generationOf(h.host), pendingGeneration: gens.get(h.host)?.pending ?? null })),
    });
    if (opts.json) continue;
    lines.push(chalk.bold(`cluster ${cluster.name}`));
    const table = new Table({
      style: { head: [], border: [] },
      head: ['host', 'keepalived', 'VRRP state', 'priority', 'holds VIP', 'Tomcat', 'generation', 'day two', 'last state changes'],
    });
    for (const h of view.hosts) {
      const holds = Object.entries(view.holders).filter(([, hs]) => hs.includes(h.host)).map(([v]) => v);
      const changes = h.transitions.slice(-3).reverse().map((t) => `${t.state} ${ago(t.t)}`).join(', ');
      table.push([
        h.host,
        h.reachable ? (h.keepalivedActive ? chalk.green('running') : chalk.red('stopped')) : chalk.red('unreachable'),
        h.state === 'MASTER' ? chalk.green(h.state) : h.state === 'BACKUP' ? h.state : chalk.yellow(h.state),
        h.priority === undefined ? '-' : String(h.priority),
        holds.length ? holds.join(', ') : 'no',
        h.tomcatHttp === String(cluster.tomcat.expectedStatus) ? chalk.green(h.tomcatHttp) : chalk.red(h.tomcatHttp),
        (generationOf(h.host) ?? 'none') + (gens.get(h.host)?.pending ? chalk.yellow(` (interrupted: ${gens.get(h.host)!.pending})`) : ''),
        dayTwoCell(chalk, h.dayTwo),
        changes || '-',
      ]);
    }
    lines.push(table.toString());
    for (const [vip, holders] of Object.entries(view.holders)) {
      const verdict = holders.length === 1 ? chalk.green('ok') : holders.length === 0 ? chalk.red('no holder') : chalk.red('SPLIT BRAIN');
      lines.push(`VIP ${vip}: ${holders.join(', ') || 'nobody'} (${verdict})`);
    }
    if (generations.length > 1) {
      lines.push(
        chalk.red(
          `the hosts are on DIFFERENT generations (${view.hosts.map((h) => `${h.host} ${generationOf(h.host) ?? 'none'}`).join(', ')}): ` +
            'run hasetup deploy, or hasetup rollback, to put them on one',
        ),
      );
    } else lines.push(`generation: ${generations[0] ?? 'none recorded'} on every host`);
    for (const h of view.hosts) {
      if (h.dayTwo?.lastAlertFailure) lines.push(chalk.yellow(`${h.host}: ${h.dayTwo.alertFailures} alert deliveries failed; last: ${h.dayTwo.lastAlertFailure}`));
    }
  }
  if (opts.json) lines.push(JSON.stringify(out, null, 2));
  return lines.join('\n') + '\n';
}

function dayTwoCell(chalk: Terminal['chalk'], d: DayTwoObservation | undefined): string {
  if (!d) return '-';
  const parts: string[] = [];
  if (d.maintenance) parts.push(chalk.yellow('maintenance'));
  if (d.standby < 0) parts.push(`lowered ${d.standby} (switchover)`);
  if (d.alertFailures > 0) parts.push(chalk.red(`${d.alertFailures} alert failures`));
  if (!d.configured) parts.push('not deployed');
  return parts.join(', ') || '-';
}
