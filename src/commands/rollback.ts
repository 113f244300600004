import { Command } from '@commander-js/extra-typings';
import { settleLimit } from '../concurrency.js';
import { GENERATION_ID_RE, INITIAL, readGenerations, type HostGenerations } from '../deploy/generations.js';
import { ExitCode, HasetupError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { clusterConfPath } from '../hostpaths.js';
import type { Cluster } from '../inventory/model.js';
import { cmd } from '../remote/command.js';
import type { RemoteHost } from '../remote/host.js';
import { timed } from '../timings.js';
import { positiveInt } from './args.js';
import { loadTerminal, type Terminal } from './terminal.js';
import { joinList } from '../i18n/text.js';

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
  if (failed.length) throw new HasetupError(t().rollback.unreadableNothingChanged({ failures: failed.join('\n') }));
  return new Map(remotes.map((r, i) => [r.name, (read[i] as PromiseFulfilledResult<HostGenerations>).value]));
}

function printList(term: Terminal, common: ReturnType<Awaited<ReturnType<typeof loadRollback>>['commonGenerations']>, cluster: Cluster, gens: Map<string, HostGenerations>): void {
  const { chalk, Table, print } = term;
  const m = t().rollback;
  print(chalk.bold(m.listHeading({ cluster: cluster.name })));
  const head = m.listTable;
  const table = new Table({ style: { head: [], border: [] }, head: [head.generation, head.recorded, head.currentOn, head.whatChanged] });
  for (const c of common) {
    const changed = Object.entries(c.changed)
      .map(([h, paths]) => m.listChangedOnHost({ host: h, files: paths.length ? joinList(paths.map((p) => p.replace(/^.*\//, ''))) : m.listChangedNothing }))
      .join('\n');
    table.push([c.id, c.id === INITIAL ? m.listInitialRecorded({ createdAt: c.createdAt }) : c.createdAt, joinList(c.currentOn) || '-', c.id === INITIAL ? '-' : changed]);
  }
  print(common.length ? table.toString() : m.listNoCommonGeneration);
  const currents = new Set([...gens.values()].map((g) => g.current));
  if (currents.size > 1) {
    const hosts = joinList([...gens.values()].map((g) => m.hostOnGeneration({ host: g.host, generation: g.current ?? m.generationNone })));
    print(chalk.yellow(m.listHostsDiffer({ hosts })));
  }
}

export function rollbackCommand() {
  const help = t().rollback.help;
  return new Command('rollback')
    .summary(help.summary)
    .description(help.description)
    .argument('<inventory>', help.inventoryArg)
    .option('--cluster <name>', help.clusterOption)
    .option('--to <generation>', help.toOption)
    .option('--list', help.listOption)
    .option('--parallel <n>', help.parallelOption, positiveInt, 8)
    .action(async (file, opts) => {
      if (opts.to !== undefined && !GENERATION_ID_RE.test(opts.to)) {
        throw new UsageError(t().rollback.notAGenerationId({ value: JSON.stringify(opts.to) }), t().rollback.notAGenerationIdHint);
      }
      const m = await loadRollback();
      const { chalk, print, verify, quietUntil, rollbackCluster, commonGenerations, selectClusters, withCluster } = m;
      const inv = await timed('inventory', () => m.loadInventory(file));
      const reporter = m.terminalReporter();
      const msg = t().rollback;
      let ok = true;
      for (const cluster of selectClusters(inv, opts.cluster)) {
        await withCluster(cluster, opts.parallel, reporter, async (remotes) => {
          const gens = await readClusterGenerations(cluster, remotes, opts.parallel);
          if (opts.list) return printList(m, commonGenerations([...gens.values()]), cluster, gens);
          const r = await rollbackCluster(cluster, remotes, gens, { to: opts.to, parallel: opts.parallel }, reporter);
          for (const h of r.hosts) {
            if (h.error) print(chalk.red(h.error));
            else {
              const done = { host: h.host, from: h.from ?? msg.generationNone, to: r.target, count: h.restored.length };
              print(h.kept.length ? msg.hostRolledBackKept({ ...done, kept: joinList(h.kept) }) : msg.hostRolledBack(done));
            }
          }
          if (!r.ok) {
            ok = false;
            print(chalk.red(msg.stopped({ cluster: cluster.name })));
            return;
          }
          const configured = await remotes[0]!.run(cmd`test -s ${clusterConfPath(cluster.name)}`);
          if (configured.code !== 0) {
            print(msg.configurationGone({ cluster: cluster.name, target: r.target }));
            return;
          }
          // A restore starts keepalived where it was stopped: wait out the backups' Master_Down (deploy.ts quietUntil).
          const backups = cluster.hosts.filter((h) => h.role === 'backup').map((h) => h.priority);
          const v = await verify(cluster, remotes, 20, { notBefore: quietUntil(cluster, { at: Date.now(), priorities: backups }) });
          if (v.problems.length) {
            ok = false;
            for (const p of v.problems) print(chalk.red(msg.problemLine({ problem: p })));
          } else print(chalk.green(msg.verified({ cluster: cluster.name, target: r.target })));
        });
      }
      process.exitCode = ok ? ExitCode.ok : ExitCode.failure;
    });
}
