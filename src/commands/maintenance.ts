import { Command } from '@commander-js/extra-typings';
import { ExitCode, InterruptedError, UsageError } from '../errors.js';
import { positiveInt, seconds } from './args.js';
import { loadDayTwoModules } from './day-two-modules.js';


export function maintenanceCommand() {
  return new Command('maintenance')
    .summary('take a host out of the set that may hold the VIP (on), or put it back (off)')
    .description(
      'on: the host may no longer become MASTER (keepalived FAULT through /var/lib/hasetup/CLUSTER/maintenance.track);\n' +
        'when it holds the VIP it hands it over first, as switchover does (no failed request). It stays so across\n' +
        'keepalived restarts and reboots until `off`. off: the host rejoins; with preemption it takes the VIP back\n' +
        'when it has the highest priority. `hasetup status` shows it. README, section "Day two".',
    )
    .argument('<inventory>', 'inventory file')
    .argument('<host>', 'the host')
    .argument('<state>', 'on or off')
    .option('--cluster <name>', 'the cluster (when the inventory holds several)')
    .option('--move-timeout <seconds>', 'how long to wait for the VIP to move', seconds, 15)
    .option('--parallel <n>', 'hosts contacted at once', positiveInt, 8)
    .action(async (file, host, state, opts) => {
      const { observeCluster, formatMove, applyWrite, hostStates, runMove, loadInventory, selectClusters, withCluster, print, terminalReporter, planMaintenance, waitForHolder } = await loadDayTwoModules();
      if (state !== 'on' && state !== 'off') throw new UsageError(`expected on or off, got ${JSON.stringify(state)}`);
      const inv = await loadInventory(file);
      const clusters = selectClusters(inv, opts.cluster).filter((c) => c.hosts.some((h) => h.name === host));
      if (clusters.length !== 1) {
        throw new UsageError(clusters.length === 0 ? `${file}: no cluster has a host ${host}` : `${host} is in several clusters: name one with --cluster`);
      }
      const cluster = clusters[0]!;
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
          const byName = new Map(remotes.map((r) => [r.name, r]));
          const plan = planMaintenance(cluster, hostStates(await observeCluster(remotes, cluster), cluster), host, state === 'on');
          for (const n of plan.notes) reporter.info(n);
          if (plan.handover) {
            reporter.step(`${host} holds the VIP: handing it over to ${plan.handover.to} first`);
            const result = await runMove(cluster, remotes, plan.handover, { moveTimeoutSeconds: opts.moveTimeout, probeIntervalMs: 10, probeTimeoutMs: 500, afterMove: plan.writes, signal: aborter.signal }, reporter);
            print(formatMove(result));
            if (!result.moved) {
              process.exitCode = ExitCode.failure;
              return;
            }
          } else {
            for (const w of plan.writes) {
              reporter.info(`${w.host}: ${w.file} track file = ${w.value}`);
              await applyWrite(byName, cluster.name, w);
            }
            if (plan.expectHolder && !(await waitForHolder(cluster, remotes, plan.expectHolder, opts.moveTimeout * 1000))) {
              reporter.warn(`${plan.expectHolder} did not take the VIP back within ${opts.moveTimeout} s: see hasetup status`);
              process.exitCode = ExitCode.failure;
            }
          }
          print(`${host}: maintenance ${state}${plan.expectHolder ? `; ${plan.expectHolder} holds the VIP` : ''}`);
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (aborter.signal.aborted) throw new InterruptedError('maintenance interrupted');
    });
}
