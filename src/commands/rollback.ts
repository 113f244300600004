import { Command } from '@commander-js/extra-typings';
import { settleLimit } from '../concurrency.js';
import { GENERATION_ID_RE, INITIAL, readGenerations, type HostGenerations } from '../deploy/generations.js';
import { ExitCode, HasetupError, UsageError } from '../errors.js';
import { clusterConfPath } from '../hostpaths.js';
import type { Cluster } from '../inventory/model.js';
import { cmd } from '../remote/command.js';
import type { RemoteHost } from '../remote/host.js';
import { timed } from '../timings.js';
import { positiveInt } from './args.js';
import { loadTerminal, type Terminal } from './terminal.js';

// Loaded when rollback runs, not at start-up: --help and --version load only the definitions (docs/performance.md).
const loadRollback = () =>
  timed('load modules', async () => {
    const [terminal, deploy, rollback, load, session] = await Promise.all([
      loadTerminal(),
      import('../deploy/deploy.js'),
      import('../deploy/rollback.js'),
      import('../inventory/load.js'),
      import('../session.js'),
    ]);
    return { ...terminal, ...deploy, ...rollback, ...load, ...session };
  });

/** Every host's recorded generations; one unreadable host stops the command before anything changes. */
export async function readClusterGenerations(cluster: Cluster, remotes: RemoteHost[], parallel: number): Promise<Map<string, HostGenerations>> {
  const read = await settleLimit(remotes, parallel, (r) => readGenerations(r, cluster.name));
  const failed = read.flatMap((g, i) => (g.status === 'rejected' ? [`${remotes[i]!.name}: ${g.reason instanceof Error ? g.reason.message : String(g.reason)}`] : []));
  if (failed.length) throw new HasetupError(`${failed.join('\n')}\nnothing was changed`);
  return new Map(remotes.map((r, i) => [r.name, (read[i] as PromiseFulfilledResult<HostGenerations>).value]));
}

function printList(t: Terminal, common: ReturnType<Awaited<ReturnType<typeof loadRollback>>['commonGenerations']>, cluster: Cluster, gens: Map<string, HostGenerations>): void {
  const { chalk, Table, print } = t;
  print(chalk.bold(`cluster ${cluster.name}: generations recorded on every host (oldest first)`));
  const table = new Table({ style: { head: [], border: [] }, head: ['generation', 'recorded', 'current on', 'what changed'] });
  for (const c of common) {
    const changed = Object.entries(c.changed)
      .map(([h, paths]) => `${h}: ${paths.length ? paths.map((p) => p.replace(/^.*\//, '')).join(', ') : 'nothing'}`)
      .join('\n');
    table.push([c.id, c.id === INITIAL ? `${c.createdAt} (files before hasetup)` : c.createdAt, c.currentOn.join(', ') || '-', c.id === INITIAL ? '-' : changed]);
  }
  print(common.length ? table.toString() : 'no generation is recorded on every host');
  const currents = new Set([...gens.values()].map((g) => g.current));
  if (currents.size > 1) print(chalk.yellow(`the hosts are on different generations: ${[...gens.values()].map((g) => `${g.host} ${g.current ?? 'none'}`).join(', ')}`));
}

export function rollbackCommand() {
  return new Command('rollback')
    .summary('put every host of a cluster back on one recorded generation and activate it')
    .description(
      'Every deploy that changes anything records one generation on every host of the cluster (the hash and a\n' +
        'copy of every managed file). rollback puts every host on one of them: by default the generation before\n' +
        'the one the hosts are on (or, when they differ after an interrupted deploy, the newest one they all\n' +
        'have); --to ID names one, --list shows them. Before anything changes every host must hold every copy the\n' +
        'target needs; backups are restored first, the master last; each restored file is checked against its\n' +
        'hash. Then the cluster is checked again. "initial" is the files as they were before hasetup.',
    )
    .argument('<inventory>', 'inventory file')
    .option('--cluster <name>', 'only this cluster')
    .option('--to <generation>', 'the generation to go to (see --list)')
    .option('--list', 'list the generations every host has, with dates and what changed; change nothing')
    .option('--parallel <n>', 'hosts handled at once', positiveInt, 8)
    .action(async (file, opts) => {
      if (opts.to !== undefined && !GENERATION_ID_RE.test(opts.to)) {
        throw new UsageError(`--to ${JSON.stringify(opts.to)}: not a generation id`, 'hasetup rollback --list shows them (such as 20261128T150000Z-1a2b3c4d, or initial)');
      }
      const m = await loadRollback();
      const { chalk, print, verify, rollbackCluster, commonGenerations, selectClusters, withCluster } = m;
      const inv = await timed('inventory', () => m.loadInventory(file));
      const reporter = m.terminalReporter();
      let ok = true;
      for (const cluster of selectClusters(inv, opts.cluster)) {
        await withCluster(cluster, opts.parallel, reporter, async (remotes) => {
          const gens = await readClusterGenerations(cluster, remotes, opts.parallel);
          if (opts.list) return printList(m, commonGenerations([...gens.values()]), cluster, gens);
          const r = await rollbackCluster(cluster, remotes, gens, { to: opts.to, parallel: opts.parallel }, reporter);
          for (const h of r.hosts) {
            if (h.error) print(chalk.red(h.error));
            else print(`${h.host}: from generation ${h.from ?? 'none'} to ${r.target}: ${h.restored.length} file(s) verified${h.kept.length ? `; kept ${h.kept.join(', ')} (another cluster on this host uses it)` : ''}`);
          }
          if (!r.ok) {
            ok = false;
            print(chalk.red(`cluster ${cluster.name}: rollback stopped; run it again once the host above is fixed (it converges)`));
            return;
          }
          const configured = await remotes[0]!.run(cmd`test -s ${clusterConfPath(cluster.name)}`);
          if (configured.code !== 0) {
            print(`cluster ${cluster.name}: back on ${r.target}: its keepalived configuration is gone (keepalived stopped where no other cluster is left)`);
            return;
          }
          const v = await verify(cluster, remotes, 20);
          if (v.problems.length) {
            ok = false;
            for (const p of v.problems) print(chalk.red(`problem: ${p}`));
          } else print(chalk.green(`cluster ${cluster.name}: on generation ${r.target}, verified after rollback`));
        });
      }
      process.exitCode = ok ? ExitCode.ok : ExitCode.failure;
    });
}
