import { Command } from '@commander-js/extra-typings';
import { settleLimit } from '../concurrency.js';
import { GENERATION_ID_RE, INITIAL, readGenerations, type HostGenerations } from '../cluster/generations-read.js';
import { ExitCode, HasetupError, InterruptedError, UsageError } from '../errors.js';
import type { GenerationSummary } from '../deploy/rollback.js';
import type { Reporter } from '../progress.js';
import type { Connector } from '../session.js';
import { lineCollector, type CommandResult, type LineSink } from './handler.js';
import { t } from '../i18n/index.js';
import type { Cluster } from '../inventory/model.js';
import type { RemoteHost } from '../remote/host.js';
import { timed } from '../timings.js';
import { positiveInt, seconds } from './args.js';
import { abortOnSignals } from './signals.js';
import { loadTerminal, type Terminal } from './terminal.js';
import { joinList } from '../i18n/text.js';
import { localTime } from '../report/format.js';

// Loaded when rollback runs, not at start-up: --help and --version load only the definitions (docs/performance.md).
const loadRollback = () =>
  timed((n) => n.loadModules, async () => {
    const [terminal, rollback, load, session] = await Promise.all([loadTerminal(), import('../deploy/rollback.js'), import('../inventory/load.js'), import('../session.js')]);
    return { ...terminal, ...rollback, ...load, ...session };
  });
type Modules = Awaited<ReturnType<typeof loadRollback>>;

/** Every host's recorded generations; one unreadable host stops the command before anything changes. */
export async function readClusterGenerations(cluster: Cluster, remotes: RemoteHost[], parallel: number): Promise<Map<string, HostGenerations>> {
  const read = await settleLimit(remotes, parallel, (r) => readGenerations(r, cluster.name));
  const failed = read.flatMap((g, i) => (g.status === 'rejected' ? [`${remotes[i]!.name}: ${g.reason instanceof Error ? g.reason.message : String(g.reason)}`] : []));
  if (failed.length) throw new HasetupError(t().rollback.unreadableNothingChanged({ failures: failed.join('\n') }));
  return new Map(remotes.map((r, i) => [r.name, (read[i] as PromiseFulfilledResult<HostGenerations>).value]));
}

function listLines(term: Pick<Terminal, 'chalk' | 'Table'>, common: GenerationSummary[], cluster: Cluster, gens: Map<string, HostGenerations>): string[] {
  const { chalk, Table } = term;
  const m = t().rollback;
  const lines = [chalk.bold(m.listHeading({ cluster: cluster.name }))];
  const head = m.listTable;
  const table = new Table({ style: { head: [], border: [] }, head: [head.generation, head.recorded, head.currentOn, head.whatChanged] });
  for (const c of common) {
    const changed = Object.entries(c.changed)
      .map(([h, paths]) => m.listChangedOnHost({ host: h, files: paths.length ? joinList(paths.map((p) => p.replace(/^.*\//, ''))) : m.listChangedNothing }))
      .join('\n');
    const recorded = localTime(c.createdAt); // a person reads it: local time with its zone (issue 26)
    table.push([c.id, c.id === INITIAL ? m.listInitialRecorded({ createdAt: recorded }) : recorded, joinList(c.currentOn) || '-', c.id === INITIAL ? '-' : changed]);
  }
  lines.push(common.length ? table.toString() : m.listNoCommonGeneration);
  const currents = new Set([...gens.values()].map((g) => g.current));
  if (currents.size > 1) {
    const hosts = joinList([...gens.values()].map((g) => m.hostOnGeneration({ host: g.host, generation: g.current ?? m.generationNone })));
    lines.push(chalk.yellow(m.listHostsDiffer({ hosts })));
  }
  return lines;
}

export interface RollbackOptions {
  cluster?: string;
  to?: string;
  list?: boolean;
  parallel: number;
  /** --wait: how long to wait for another run's lock on the cluster (src/cluster/lock.ts). */
  wait?: number;
}

/** What stops a rollback: Ctrl-C, SIGTERM, SIGHUP (docs/generations.md, "Interrupted"), and what the last one left. */
interface RollbackStop {
  signal: AbortSignal;
  /** what the last rollback left, said if a signal came */
  said?: string;
}

/** A rollback (or --list) of one cluster: its lines go to `emit` as they are known; true when it went through and verified. */
async function rollbackOne(m: Modules, cluster: Cluster, remotes: RemoteHost[], opts: RollbackOptions, reporter: Reporter, emit: LineSink, stop: RollbackStop): Promise<boolean> {
  const { chalk } = m;
  const msg = t().rollback;
  if (!opts.list) {
    const lock = { command: 'rollback', shared: true, waitSeconds: opts.wait ?? 0, reporter, signal: stop.signal };
    await (await import('../cluster/lock.js')).lockCluster(cluster, remotes, lock);
  }
  const gens = await readClusterGenerations(cluster, remotes, opts.parallel);
  if (opts.list) {
    emit(listLines(m, m.commonGenerations([...gens.values()]), cluster, gens));
    return true;
  }
  const r = await m.rollbackCluster(cluster, remotes, gens, { to: opts.to, parallel: opts.parallel, signal: stop.signal }, reporter);
  emit(
    r.hosts.map((h) => {
      if (h.error) return chalk.red(h.error);
      const done = { host: h.host, from: h.from ?? msg.generationNone, to: r.target, count: h.restored.length };
      return h.kept.length ? msg.hostRolledBackKept({ ...done, kept: joinList(h.kept) }) : msg.hostRolledBack(done);
    }),
  );
  stop.said = r.ok ? msg.interruptedDone({ cluster: cluster.name, target: r.target }) : msg.interruptedStopped({ cluster: cluster.name });
  if (!r.ok) {
    emit([chalk.red(msg.stopped({ cluster: cluster.name }))]);
    return false;
  }
  if (stop.signal.aborted) return false; // not verified: the interrupted message says so
  const check = await m.checkRolledBack(cluster, remotes, stop.signal);
  if (!check.configured) emit([msg.configurationGone({ cluster: cluster.name, target: r.target })]);
  else if (check.problems.length) emit(check.problems.map((p) => chalk.red(msg.problemLine({ problem: p }))));
  else emit([chalk.green(msg.verified({ cluster: cluster.name, target: r.target }))]);
  return check.problems.length === 0;
}

/**
 * rollback (or --list) on every selected cluster: its lines (also sent to `emit` as they are known, for the
 * terminal) and its exit code. `connect`: how hosts are opened (tests: recording hosts).
 */
export async function rollbackHandler(file: string, opts: RollbackOptions, deps: { emit?: LineSink; connect?: Connector } = {}): Promise<CommandResult> {
  if (opts.to !== undefined && !GENERATION_ID_RE.test(opts.to)) {
    throw new UsageError(t().rollback.notAGenerationId({ value: JSON.stringify(opts.to) }), t().rollback.notAGenerationIdHint);
  }
  const m = await loadRollback();
  const inv = await timed((n) => n.inventory, () => m.loadInventory(file));
  const reporter = m.terminalReporter();
  const out = lineCollector(deps.emit);
  let ok = true;
  // Ctrl-C, SIGTERM, SIGHUP: the rollback in flight is finished first, then exit 130 (docs/generations.md).
  const signals = abortOnSignals(reporter, t().rollback.interruptedFinishing);
  const stop: RollbackStop = { signal: signals.signal };
  try {
    for (const cluster of m.selectClusters(inv, opts.cluster)) {
      if (stop.signal.aborted) break;
      const done = await m.withCluster(cluster, opts.parallel, reporter, (remotes) => rollbackOne(m, cluster, remotes, opts, reporter, out.emit, stop), deps.connect);
      ok &&= done;
    }
  } finally {
    signals.dispose();
  }
  if (stop.signal.aborted) throw new InterruptedError(stop.said);
  return { lines: out.lines, exitCode: ok ? ExitCode.ok : ExitCode.failure };
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
    .option('--wait <seconds>', t().cluster.waitOption, seconds)
    .action(async (file, opts) => {
      const { print } = await loadTerminal();
      const r = await rollbackHandler(file, opts, { emit: (lines) => lines.forEach((l) => print(l)) });
      // The lines were printed as they came (emit); only the exit code is left.
      process.exitCode = r.exitCode;
    });
}
