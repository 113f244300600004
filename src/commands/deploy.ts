import { Command } from '@commander-js/extra-typings';
import fs from 'node:fs/promises';
import { ExitCode } from '../errors.js';
import type { ClusterDeployResult } from '../deploy/deploy.js';
import { timed } from '../timings.js';
import { positiveInt } from './args.js';
import { loadTerminal, type Terminal } from './terminal.js';

export function deployCommand() {
  return new Command('deploy')
    .summary('install and configure keepalived and the Tomcat checks on every host, then verify')
    .description(
      'For each cluster of the inventory: connect to every host (host keys verified), gather facts, refuse on\n' +
        'what would break (missing interface, Tomcat not answering, VIP used by another machine, VRID taken),\n' +
        'install keepalived when absent, open VRRP in the firewall, render keepalived.conf and the check scripts,\n' +
        'validate them on every host, then activate: the master first, the backups only once the master is\n' +
        'healthy. When any of that fails, every host goes back to the generation it ran before (backups first)\n' +
        'and deploy exits 1. A deploy that changed anything records one generation on every host (see rollback).\n' +
        'Finally it verifies that exactly one host holds each VIP and HTTP through it answers.',
    )
    .argument('<inventory>', 'inventory file (see hasetup validate, README "Inventory")')
    .option('--cluster <name>', 'deploy only this cluster')
    .option('--dry-run', 'connect and gather facts, print the diff of every file and the commands; change nothing')
    .option('--parallel <n>', 'hosts handled at once', positiveInt, 8)
    .option('--json <file>', 'write the result as JSON')
    .action(async (file, opts) => {
      // Loaded here, not at the top: --help and --version load only the command definitions (docs/performance.md).
      const [t, { deployCluster }, { readClusterSecrets }, { loadInventory }, { selectClusters }] = await timed('load modules', () => Promise.all([
        loadTerminal(),
        import('../deploy/deploy.js'),
        import('../deploy/secrets.js'),
        import('../inventory/load.js'),
        import('../session.js'),
      ]));
      const { terminalReporter } = t;
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
        printResult(r, t);
      }
      if (opts.json) await fs.writeFile(opts.json, JSON.stringify({ ok: results.every((r) => r.ok), clusters: results }, null, 2) + '\n');
      process.exitCode = results.every((r) => r.ok) ? ExitCode.ok : ExitCode.failure;
    });
}

function printResult(r: ClusterDeployResult, { chalk, Table, print }: Terminal): void {
  if (r.dryRun) {
    for (const h of r.hosts) {
      print(chalk.bold(`--- ${h.host} (${h.role}, priority ${h.priority}): ${h.changed.length ? `${h.changed.length} file(s) would change` : 'nothing would change'}`));
      if (h.diff) print(h.diff.trimEnd());
      if (h.commands?.length) {
        print('commands that would run:');
        for (const c of h.commands) print(`  ${c}`);
      }
    }
    print(`dry run: nothing was changed on any host of cluster ${r.cluster}`);
    return;
  }
  const table = new Table({ style: { head: [], border: [] }, head: ['host', 'role', 'priority', 'files', 'VRRP state', 'holds VIP', 'Tomcat', 'result'] });
  for (const h of r.hosts) {
    table.push([
      h.host,
      h.role,
      String(h.priority),
      h.changed.length ? `changed (${h.changed.length})` : 'unchanged',
      h.state ?? '-',
      h.holdsVip ? 'yes' : 'no',
      h.tomcat ?? '-',
      h.error ? chalk.red(`failed at ${h.error.step}`) : chalk.green('ok'),
    ]);
  }
  print(`cluster ${r.cluster}`);
  print(table.toString());
  const nothing = r.hosts.every((h) => !h.changed.length && !h.activated.length && !h.error);
  if (nothing && r.ok) print('nothing changed: every host already had this configuration; nothing was restarted');
  const gens = [...new Set(r.hosts.map((h) => h.generation).filter(Boolean))];
  if (r.ok && gens.length === 1) print(`generation ${gens[0]} recorded on every host`);
  for (const [vip, holders] of Object.entries(r.vipHolders)) print(`VIP ${vip}: held by ${holders.join(', ') || 'no host'}${r.httpThroughVip ? `, HTTP through it: ${r.httpThroughVip}` : ''}`);
  for (const h of r.hosts) if (h.error) print(chalk.red(h.error.message));
  for (const p of r.problems) if (!r.hosts.some((h) => h.error?.message === p)) print(chalk.red(`problem: ${p}`));
  print(r.ok ? chalk.green(`cluster ${r.cluster}: deployed and verified`) : chalk.red(`cluster ${r.cluster}: NOT verified`));
}
