import { Command } from '@commander-js/extra-typings';
import fs from 'node:fs/promises';
import { ExitCode, InterruptedError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { ClusterDeployResult } from '../deploy/deploy.js';
import { timed } from '../timings.js';
import { positiveInt, seconds } from './args.js';
import { abortOnSignals } from './signals.js';
import { loadTerminal } from './terminal.js';
import { lineCollector, type CommandResult, type LineSink } from './handler.js';
import type { Connector } from '../session.js';

export interface DeployCommandOptions {
  cluster?: string;
  dryRun?: boolean;
  parallel: number;
  json?: string;
  /** --wait: how long to wait for another run's lock on the cluster (src/cluster/lock.ts). */
  wait?: number;
}

/**
 * deploy on every selected cluster: the result lines (also sent to `emit` cluster by cluster, as they are known)
 * and the exit code. `connect`: how hosts are opened (tests: recording hosts).
 */
export async function deployHandler(file: string, opts: DeployCommandOptions, deps: { emit?: LineSink; connect?: Connector } = {}): Promise<CommandResult> {
  // Loaded here, not at the top: --help and --version load only the command definitions (docs/performance.md).
  const [term, { deployCluster }, { deployResultLines }, { readClusterSecrets }, { loadInventory }, { selectClusters }] = await timed((n) => n.loadModules, () =>
    Promise.all([loadTerminal(), import('../deploy/deploy.js'), import('../deploy/result-view.js'), import('../deploy/secrets.js'), import('../inventory/load.js'), import('../session.js')]),
  );
  const inv = await timed((n) => n.inventory, () => loadInventory(file));
  const clusters = selectClusters(inv, opts.cluster);
  const reporter = term.terminalReporter();
  // Every cluster's secrets before any connection: a missing one is bad input, and nothing is touched.
  for (const cluster of clusters) readClusterSecrets(cluster, inv.file);
  const out = lineCollector(deps.emit);
  const results: ClusterDeployResult[] = [];
  // Ctrl-C, SIGTERM, SIGHUP: the step in flight is finished or undone, then exit 130 (docs/generations.md).
  const stop = abortOnSignals(reporter, t().deploy.interruptedFinishing);
  const lock = { command: 'deploy', shared: true, waitSeconds: opts.wait ?? 0, reporter, signal: stop.signal };
  try {
    for (const cluster of clusters) {
      if (stop.signal.aborted) break;
      let r: ClusterDeployResult;
      try {
        const deployOpts = { dryRun: Boolean(opts.dryRun), parallel: opts.parallel, signal: stop.signal, lock: opts.dryRun ? undefined : lock, measureClients: !opts.dryRun };
        r = await deployCluster(cluster, inv.file, deployOpts, reporter, { connect: deps.connect });
      } catch (err) {
        // One cluster's failure is reported with the others' results; clusters are independent.
        if (clusters.length === 1 && !opts.json) throw err;
        const message = err instanceof Error ? err.message : String(err);
        r = { cluster: cluster.name, dryRun: Boolean(opts.dryRun), ok: false, hosts: [], vipHolders: {}, problems: [message] };
      }
      results.push(r);
      out.emit([deployResultLines(r, { paint: term.chalk }).join('\n')]);
    }
  } finally {
    stop.dispose();
  }
  if (opts.json) await fs.writeFile(opts.json, JSON.stringify({ ok: results.every((r) => r.ok), clusters: results }, null, 2) + '\n');
  const cut = results.at(-1);
  if (stop.signal.aborted) throw new InterruptedError(cut ? interruptedWhere(cut) : undefined);
  return { lines: out.lines, exitCode: results.every((r) => r.ok) ? ExitCode.ok : ExitCode.failure };
}

export function deployCommand() {
  return new Command('deploy')
    .summary(t().deploy.help.summary)
    .description(t().deploy.help.description)
    .argument('<inventory>', t().deploy.help.inventoryArg)
    .option('--cluster <name>', t().deploy.help.clusterOption)
    .option('--dry-run', t().deploy.help.dryRunOption)
    .option('--parallel <n>', t().deploy.help.parallelOption, positiveInt, 8)
    .option('--json <file>', t().deploy.help.jsonOption)
    .option('--wait <seconds>', t().cluster.waitOption, seconds)
    .action(async (file, opts) => {
      // Each cluster's result is printed as soon as it is known (emit); only the exit code is left.
      const { print } = await loadTerminal();
      process.exitCode = (await deployHandler(file, opts, { emit: (lines) => lines.forEach((l) => print(l)) })).exitCode;
    });
}

/** Where an interrupted deploy left its cluster: the generation every host is on (one, unless they differed before). */
export function interruptedWhere(r: ClusterDeployResult): string {
  const m = t().deploy;
  const on = r.hosts.filter((h) => h.generation !== undefined);
  if (on.length === 0) return m.interruptedNothingChanged({ cluster: r.cluster });
  const ids = [...new Set(on.map((h) => h.generation!))];
  const where = ids.length === 1 ? m.everyHostOnGeneration({ id: ids[0]! }) : m.hostsOnGenerations({ list: on.map((h) => t().rollback.hostOnGeneration({ host: h.host, generation: h.generation! })).join(t().report.nameSeparator) });
  return m.interruptedOn({ cluster: r.cluster, where });
}
