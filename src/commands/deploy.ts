import { Command } from '@commander-js/extra-typings';
import fs from 'node:fs/promises';
import { ExitCode } from '../errors.js';
import { t } from '../i18n/index.js';
import type { ClusterDeployResult } from '../deploy/deploy.js';
import { timed } from '../timings.js';
import { positiveInt } from './args.js';
import { loadTerminal } from './terminal.js';

export function deployCommand() {
  return new Command('deploy')
    .summary(t().deploy.help.summary)
    .description(t().deploy.help.description)
    .argument('<inventory>', t().deploy.help.inventoryArg)
    .option('--cluster <name>', t().deploy.help.clusterOption)
    .option('--dry-run', t().deploy.help.dryRunOption)
    .option('--parallel <n>', t().deploy.help.parallelOption, positiveInt, 8)
    .option('--json <file>', t().deploy.help.jsonOption)
    .action(async (file, opts) => {
      // Loaded here, not at the top: --help and --version load only the command definitions (docs/performance.md).
      const [term, { deployCluster }, { deployResultLines }, { readClusterSecrets }, { loadInventory }, { selectClusters }] = await timed('load modules', () => Promise.all([
        loadTerminal(),
        import('../deploy/deploy.js'),
        import('../deploy/result-view.js'),
        import('../deploy/secrets.js'),
        import('../inventory/load.js'),
        import('../session.js'),
      ]));
      const { terminalReporter } = term;
      const inv = await timed('inventory', () => loadInventory(file));
      const clusters = selectClusters(inv, opts.cluster);
      const reporter = terminalReporter();
      // Every cluster's secrets before any connection: a missing one is bad input, and nothing is touched.
      for (const cluster of clusters) readClusterSecrets(cluster, inv.file);
      const results: ClusterDeployResult[] = [];
      for (const cluster of clusters) {
        let r: ClusterDeployResult;
        try {
          r = await deployCluster(cluster, inv.file, { dryRun: Boolean(opts.dryRun), parallel: opts.parallel }, reporter);
        } catch (err) {
          // One cluster's failure is reported with the others' results; clusters are independent.
          if (clusters.length === 1 && !opts.json) throw err;
          const message = err instanceof Error ? err.message : String(err);
          r = { cluster: cluster.name, dryRun: Boolean(opts.dryRun), ok: false, hosts: [], vipHolders: {}, problems: [message] };
        }
        results.push(r);
        term.print(deployResultLines(r, { paint: term.chalk }).join('\n'));
      }
      if (opts.json) await fs.writeFile(opts.json, JSON.stringify({ ok: results.every((r) => r.ok), clusters: results }, null, 2) + '\n');
      process.exitCode = results.every((r) => r.ok) ? ExitCode.ok : ExitCode.failure;
    });
}
