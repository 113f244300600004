import { Command } from '@commander-js/extra-typings';
import { ExitCode, InterruptedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { positiveInt, seconds } from './args.js';
import { loadDayTwoModules } from './day-two-modules.js';
import { abortOnSignals } from './signals.js';


export function maintenanceCommand() {
  const m = t().dayTwo;
  return new Command('maintenance')
    .summary(m.maintenanceSummary)
    .description(m.maintenanceDescription)
    .argument('<inventory>', m.inventoryFileArg)
    .argument('<host>', m.maintenanceHostArg)
    .argument('<state>', m.maintenanceStateArg)
    .option('--cluster <name>', m.clusterNameOption)
    .option('--move-timeout <seconds>', m.maintenanceMoveTimeoutOption, seconds, 15)
    .option('--parallel <n>', m.hostsAtOnceOption, positiveInt, 8)
    .option('--wait <seconds>', t().cluster.waitOption, seconds)
    .action(async (file, host, state, opts) => {
      const { observeCluster, formatMove, applyWrite, hostStates, runMove, loadInventory, selectClusters, withCluster, print, terminalReporter, planMaintenance, waitForHolder } = await loadDayTwoModules();
      if (state !== 'on' && state !== 'off') throw new UsageError(m.expectedOnOrOff({ value: JSON.stringify(state) }));
      const inv = await loadInventory(file);
      const clusters = selectClusters(inv, opts.cluster).filter((c) => c.hosts.some((h) => h.name === host));
      if (clusters.length !== 1) {
        throw new UsageError(clusters.length === 0 ? m.noClusterHasHost({ file, host }) : m.hostInSeveralClusters({ host }));
      }
      const cluster = clusters[0]!;
      const reporter = terminalReporter();
      // Ctrl-C, SIGTERM or a hang-up: lift the hold and put the track files in order, then exit 130.
      const stop = abortOnSignals(reporter, m.interruptedLiftingHold);
      try {
        await withCluster(cluster, opts.parallel, reporter, async (remotes) => {
          await (await import('../cluster/lock.js')).lockCluster(cluster, remotes, { command: 'maintenance', shared: false, waitSeconds: opts.wait ?? 0, reporter, signal: stop.signal }); // released when the connections close
          const byName = new Map(remotes.map((r) => [r.name, r]));
          const plan = planMaintenance(cluster, hostStates(await observeCluster(remotes, cluster), cluster), host, state === 'on');
          for (const n of plan.notes) reporter.info(n);
          if (plan.handover) {
            reporter.step(m.handingOverFirst({ host, to: plan.handover.to }));
            const result = await runMove(cluster, remotes, plan.handover, { moveTimeoutSeconds: opts.moveTimeout, probeIntervalMs: 10, probeTimeoutMs: 500, afterMove: plan.writes, signal: stop.signal }, reporter);
            print(formatMove(result));
            if (!result.moved) {
              process.exitCode = ExitCode.failure;
              return;
            }
          } else {
            for (const w of plan.writes) {
              reporter.info(m.trackFileWritten({ host: w.host, file: w.file, value: String(w.value) }));
              await applyWrite(byName, cluster.name, w);
            }
            if (plan.expectHolder && !(await waitForHolder(cluster, remotes, plan.expectHolder, opts.moveTimeout * 1000, stop.signal))) {
              reporter.warn(m.notTakenBackInTime({ host: plan.expectHolder, seconds: `${opts.moveTimeout} s` }));
              process.exitCode = ExitCode.failure;
            }
          }
          const done = state === 'on' ? m.maintenanceIsOn({ host }) : m.maintenanceIsOff({ host });
          print(done + (plan.expectHolder ? m.vipHolderAfterMaintenance({ host: plan.expectHolder }) : ''));
        });
      } finally {
        stop.dispose();
      }
      if (stop.signal.aborted) throw new InterruptedError(m.maintenanceInterrupted);
    });
}
