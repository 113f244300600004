import { Command } from '@commander-js/extra-typings';
import fs from 'node:fs/promises';
import { ExitCode } from '../errors.js';
import { httpAnswerText, stateText } from '../cluster/display.js';
import { t } from '../i18n/index.js';
import type { ClusterDeployResult } from '../deploy/deploy.js';
import { timed } from '../timings.js';
import { positiveInt } from './args.js';
import { loadTerminal, type Terminal } from './terminal.js';

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
      const [term, { deployCluster }, { readClusterSecrets }, { loadInventory }, { selectClusters }] = await timed('load modules', () => Promise.all([
        loadTerminal(),
        import('../deploy/deploy.js'),
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
        printResult(r, term);
      }
      if (opts.json) await fs.writeFile(opts.json, JSON.stringify({ ok: results.every((r) => r.ok), clusters: results }, null, 2) + '\n');
      process.exitCode = results.every((r) => r.ok) ? ExitCode.ok : ExitCode.failure;
    });
}

function printResult(r: ClusterDeployResult, { chalk, Table, print }: Terminal): void {
  const m = t().deploy;
  const role = (h: { role: 'master' | 'backup' }) => (h.role === 'master' ? m.roleMaster : m.roleBackup);
  if (r.dryRun) {
    for (const h of r.hosts) {
      const changes = h.changed.length ? m.dryRunFilesWouldChange({ count: h.changed.length }) : m.dryRunNothingWouldChange;
      print(chalk.bold(m.dryRunHostHeading({ host: h.host, role: role(h), priority: h.priority, changes })));
      if (h.diff) print(h.diff.trimEnd());
      if (h.commands?.length) {
        print(m.dryRunCommandsHeading);
        for (const c of h.commands) print(`  ${c}`);
      }
    }
    print(m.dryRunNothingChanged({ cluster: r.cluster }));
    return;
  }
  const head = m.resultTable;
  const table = new Table({ style: { head: [], border: [] }, head: [head.host, head.role, head.priority, head.files, head.vrrpState, head.holdsVip, head.tomcat, head.result] });
  for (const h of r.hosts) {
    table.push([
      h.host,
      role(h),
      String(h.priority),
      h.changed.length ? m.filesChangedCount({ count: h.changed.length }) : m.filesUnchanged,
      h.state === undefined ? '-' : stateText(h.state),
      h.holdsVip ? m.holdsVipYes : m.holdsVipNo,
      h.tomcat === undefined ? '-' : httpAnswerText(h.tomcat),
      h.error ? chalk.red(m.failedAtStep({ step: h.error.step })) : chalk.green(m.hostOk),
    ]);
  }
  print(m.clusterHeading({ cluster: r.cluster }));
  print(table.toString());
  const nothing = r.hosts.every((h) => !h.changed.length && !h.activated.length && !h.error);
  if (nothing && r.ok) print(m.nothingChanged);
  const gens = [...new Set(r.hosts.map((h) => h.generation).filter(Boolean))];
  if (r.ok && gens.length === 1) print(m.generationRecordedEverywhere({ generation: gens[0]! }));
  for (const [vip, holders] of Object.entries(r.vipHolders)) {
    const http = r.httpThroughVip ? m.httpThroughVipAnswered({ http: httpAnswerText(r.httpThroughVip) }) : '';
    print(m.vipHeldBy({ vip, holders: holders.join(', ') || m.vipHeldByNoHost }) + http);
  }
  for (const h of r.hosts) if (h.error) print(chalk.red(h.error.message));
  for (const p of r.problems) if (!r.hosts.some((h) => h.error?.message === p)) print(chalk.red(m.problemLine({ problem: p })));
  print(r.ok ? chalk.green(m.deployedAndVerified({ cluster: r.cluster })) : chalk.red(m.notVerified({ cluster: r.cluster })));
}
