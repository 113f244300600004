import { Command } from '@commander-js/extra-typings';
import { timed } from '../timings.js';
import { positiveInt } from './args.js';
import { loadTerminal } from './terminal.js';

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
        'changes (recorded by the notify script hasetup deploys).',
    )
    .argument('<inventory>', 'inventory file')
    .option('--cluster <name>', 'only this cluster')
    .option('--json', 'print JSON')
    .option('--parallel <n>', 'hosts contacted at once', positiveInt, 8)
    .action(async (file, opts) => {
      // Loaded here, not at the top: --help and --version load only the command definitions (docs/performance.md).
      const [{ chalk, Table, print, terminalReporter }, { observeCluster }, { loadInventory }, { selectClusters, withCluster }] = await timed('load modules', () => Promise.all([
        loadTerminal(),
        import('../cluster/observe.js'),
        import('../inventory/load.js'),
        import('../session.js'),
      ]));
      const inv = await timed('inventory', () => loadInventory(file));
      const reporter = terminalReporter({ quiet: Boolean(opts.json) });
      const out = [];
      for (const cluster of selectClusters(inv, opts.cluster)) {
        const view = await withCluster(cluster, opts.parallel, reporter, (remotes) => observeCluster(remotes, cluster));
        out.push({ cluster: cluster.name, vipHolders: view.holders, hosts: view.hosts });
        if (opts.json) continue;
        print(chalk.bold(`cluster ${cluster.name}`));
        const table = new Table({ style: { head: [], border: [] }, head: ['host', 'keepalived', 'VRRP state', 'priority', 'holds VIP', 'Tomcat', 'last state changes'] });
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
            changes || '-',
          ]);
        }
        print(table.toString());
        for (const [vip, holders] of Object.entries(view.holders)) {
          const verdict = holders.length === 1 ? chalk.green('ok') : holders.length === 0 ? chalk.red('no holder') : chalk.red('SPLIT BRAIN');
          print(`VIP ${vip}: ${holders.join(', ') || 'nobody'} (${verdict})`);
        }
      }
      if (opts.json) print(JSON.stringify(out, null, 2));
    });
}
