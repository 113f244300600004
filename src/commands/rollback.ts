import { Command } from '@commander-js/extra-typings';
import { settleLimit } from '../concurrency.js';
import { ExitCode, HostStepError } from '../errors.js';
import { KEEPALIVED_CONF } from '../hostpaths.js';
import { cmd } from '../remote/command.js';
import { timed } from '../timings.js';
import { positiveInt } from './args.js';
import { loadTerminal } from './terminal.js';

export function rollbackCommand() {
  return new Command('rollback')
    .summary("put back every host's files from before the last deploy and activate them")
    .description(
      'On every host of each cluster: restore the files the last deploy replaced (from its timestamped backups;\n' +
        'files it created are removed), reload systemd and keepalived, then check the cluster again. Each\n' +
        'rollback steps one deploy further back.',
    )
    .argument('<inventory>', 'inventory file')
    .option('--cluster <name>', 'only this cluster')
    .option('--parallel <n>', 'hosts handled at once', positiveInt, 8)
    .action(async (file, opts) => {
      // Loaded here, not at the top: --help and --version load only the command definitions (docs/performance.md).
      const [{ chalk, print, terminalReporter }, { verify }, { rollbackHost }, { loadInventory }, { selectClusters, withCluster }] = await timed('load modules', () => Promise.all([
        loadTerminal(),
        import('../deploy/deploy.js'),
        import('../deploy/rollback.js'),
        import('../inventory/load.js'),
        import('../session.js'),
      ]));
      const inv = await timed('inventory', () => loadInventory(file));
      const reporter = terminalReporter();
      let ok = true;
      for (const cluster of selectClusters(inv, opts.cluster)) {
        reporter.step(`cluster ${cluster.name}: rolling back`);
        await withCluster(cluster, opts.parallel, reporter, async (remotes) => {
          const results = await settleLimit(remotes, opts.parallel, (r) => rollbackHost(r, cluster, reporter));
          let anyRestored = false;
          results.forEach((r, i) => {
            const host = remotes[i]!.name;
            if (r.status === 'rejected') {
              ok = false;
              const e = r.reason as unknown;
              print(chalk.red(e instanceof HostStepError ? e.message : `${host}: ${String(e)}`));
            } else if (r.value.error) {
              print(`${host}: ${r.value.error}`);
            } else {
              anyRestored = true;
              print(`${host}: back to the files before the deploy of ${r.value.stamp} (${r.value.restored.length} file(s))`);
            }
          });
          const stillConfigured = await remotes[0]!.run(cmd`test -s ${KEEPALIVED_CONF}`);
          if (anyRestored && stillConfigured.code === 0) {
            const v = await verify(cluster, remotes, 20);
            if (v.problems.length) {
              ok = false;
              for (const p of v.problems) print(chalk.red(`problem: ${p}`));
            } else print(chalk.green(`cluster ${cluster.name}: verified after rollback`));
          } else if (anyRestored) print(`cluster ${cluster.name}: no keepalived configuration is left; keepalived was stopped`);
        });
      }
      process.exitCode = ok ? ExitCode.ok : ExitCode.failure;
    });
}
