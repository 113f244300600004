import { Command } from '@commander-js/extra-typings';
import fs from 'node:fs/promises';
import { ExitCode, InterruptedError, UsageError } from '../errors.js';
import { positiveInt, seconds } from './args.js';
import { loadDayTwoModules } from './day-two-modules.js';


export function switchoverCommand() {
  return new Command('switchover')
    .summary('move the VIP to another healthy host on purpose, with no failed request')
    .description(
      'Moves the VIP to another host without stopping anything: the holder lowers its own priority below the\n' +
        "target's through a track file keepalived watches (/var/lib/hasetup/CLUSTER/standby.track), the target\n" +
        'claims the VIP, and the old holder answers until then. Default target: the highest-priority host fit to\n' +
        'take it. Refuses, changing nothing, when the target is unhealthy (Tomcat not answering, keepalived not\n' +
        'running, in maintenance). Measures what clients saw with the probe of failover-test (HTTP GETs to the\n' +
        'VIP every 10 ms over fresh connections) and prints the VIP move time, failed requests and outage.\n\n' +
        'The move is durable: the lowered priority stays on disk (keepalived restarts and reboots keep it) until\n' +
        '`switchover --to ORIGINAL` or `--reset`. With vrrp.preempt off the holder has to step down (FAULT for a\n' +
        'moment), which costs a short outage. README, section "Day two".',
    )
    .argument('<inventory>', 'inventory file')
    .option('--cluster <name>', 'the cluster (when the inventory holds several)')
    .option('--to <host>', 'the host that is to hold the VIP (default: the highest-priority healthy backup)')
    .option('--reset', 'put every priority back as the inventory says (the VIP goes to the highest)')
    .option('--move-timeout <seconds>', 'how long to wait for the VIP to move before putting everything back', seconds, 15)
    .option('--json <file>', 'write the result as JSON')
    .option('--parallel <n>', 'hosts contacted at once', positiveInt, 8)
    .action(async (file, opts) => {
      const { observeCluster, formatMove, applyWrite, hostStates, runMove, loadInventory, selectClusters, withCluster, print, terminalReporter, planSwitchover } = await loadDayTwoModules();
      if (opts.reset && opts.to) throw new UsageError('--to and --reset exclude each other: --reset is --to the inventory\'s master');
      const inv = await loadInventory(file);
      const [cluster] = selectClusters(inv, opts.cluster, { single: true });
      if (!cluster) throw new UsageError(`${file}: no cluster`);
      if (opts.to !== undefined && !cluster.hosts.some((h) => h.name === opts.to)) {
        throw new UsageError(`--to ${opts.to}: cluster ${cluster.name} has no such host (it has ${cluster.hosts.map((h) => h.name).join(', ')})`);
      }
      const reporter = terminalReporter();
      const aborter = new AbortController();
      const onSignal = () => {
        reporter.warn('interrupted: lifting the hand-over hold, then stopping');
        aborter.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        await withCluster(cluster, opts.parallel, reporter, async (remotes) => {
          const states = hostStates(await observeCluster(remotes, cluster), cluster);
          const plan = planSwitchover(cluster, states, { to: opts.to, reset: opts.reset });
          for (const n of plan.notes) reporter.info(n);
          if (!plan.move) {
            const byName = new Map(remotes.map((r) => [r.name, r]));
            for (const w of plan.writes) await applyWrite(byName, cluster.name, w);
            print(`${plan.to} holds the VIP of cluster ${cluster.name}${plan.writes.length ? ' (priorities written so that it stays there)' : ''}; nothing moved`);
            if (opts.json) await fs.writeFile(opts.json, JSON.stringify({ cluster: cluster.name, from: plan.from, to: plan.to, moved: false }, null, 2) + '\n');
            return;
          }
          reporter.step(`switchover of cluster ${cluster.name}: ${plan.from} -> ${plan.to}`);
          const result = await runMove(cluster, remotes, plan, { moveTimeoutSeconds: opts.moveTimeout, probeIntervalMs: 10, probeTimeoutMs: 500, signal: aborter.signal }, reporter);
          print(formatMove(result));
          if (opts.json) await fs.writeFile(opts.json, JSON.stringify({ cluster: cluster.name, ...result }, null, 2) + '\n');
          process.exitCode = result.moved ? ExitCode.ok : ExitCode.failure;
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (aborter.signal.aborted) throw new InterruptedError('switchover interrupted');
    });
}
