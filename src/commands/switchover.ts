import { Command } from '@commander-js/extra-typings';
import fs from 'node:fs/promises';
import { ExitCode, InterruptedError, UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { positiveInt, seconds } from './args.js';
import { loadDayTwoModules } from './day-two-modules.js';
import { abortOnSignals } from './signals.js';
import { joinList } from '../i18n/text.js';


export function switchoverCommand() {
  const m = t().dayTwo;
  return new Command('switchover')
    .summary(m.switchoverSummary)
    .description(m.switchoverDescription)
    .argument('<inventory>', m.inventoryFileArg)
    .option('--cluster <name>', m.clusterNameOption)
    .option('--to <host>', m.switchoverToOption)
    .option('--reset', m.switchoverResetOption)
    .option('--move-timeout <seconds>', m.switchoverMoveTimeoutOption, seconds, 15)
    .option('--json <file>', m.switchoverJsonOption)
    .option('--html <file>', t().html.switchoverHtmlOption)
    .option('--parallel <n>', m.hostsAtOnceOption, positiveInt, 8)
    .option('--wait <seconds>', t().cluster.waitOption, seconds)
    .action(async (file, opts) => {
      const { observeCluster, formatMove, applyWrite, hostStates, runMove, loadInventory, selectClusters, withCluster, print, terminalReporter, planSwitchover } = await loadDayTwoModules();
      if (opts.reset && opts.to) throw new UsageError(m.toAndResetExclusive);
      const inv = await loadInventory(file);
      const [cluster] = selectClusters(inv, opts.cluster, { single: true });
      if (!cluster) throw new UsageError(m.inventoryHasNoCluster({ file }));
      if (opts.to !== undefined && !cluster.hosts.some((h) => h.name === opts.to)) {
        throw new UsageError(m.unknownTargetHost({ to: opts.to, cluster: cluster.name, hosts: joinList(cluster.hosts.map((h) => h.name)) }));
      }
      const reporter = terminalReporter();
      // Ctrl-C, SIGTERM or a hang-up: lift the hold and put the track files in order, then exit 130.
      const stop = abortOnSignals(reporter, m.interruptedLiftingHold);
      try {
        await withCluster(cluster, opts.parallel, reporter, async (remotes) => {
          await (await import('../cluster/lock.js')).lockCluster(cluster, remotes, { command: 'switchover', shared: false, waitSeconds: opts.wait ?? 0, reporter, signal: stop.signal }); // released when the connections close
          const states = hostStates(await observeCluster(remotes, cluster), cluster);
          const plan = planSwitchover(cluster, states, { to: opts.to, reset: opts.reset });
          for (const n of plan.notes) reporter.info(n);
          if (!plan.move) {
            const byName = new Map(remotes.map((r) => [r.name, r]));
            for (const w of plan.writes) await applyWrite(byName, cluster.name, w);
            const held = { host: plan.to, cluster: cluster.name };
            print(plan.writes.length ? m.holdsVipPrioritiesWritten(held) : m.holdsVipNothingMoved(held));
            if (opts.json) await fs.writeFile(opts.json, JSON.stringify({ cluster: cluster.name, from: plan.from, to: plan.to, moved: false }, null, 2) + '\n');
            return;
          }
          reporter.step(m.switchoverStep({ cluster: cluster.name, from: plan.from, to: plan.to }));
          const result = await runMove(cluster, remotes, plan, { moveTimeoutSeconds: opts.moveTimeout, probeIntervalMs: 10, probeTimeoutMs: 500, signal: stop.signal }, reporter);
          print(formatMove(result));
          if (opts.json) await fs.writeFile(opts.json, JSON.stringify({ cluster: cluster.name, ...result }, null, 2) + '\n');
          if (opts.html) await fs.writeFile(opts.html, (await import('../report/html/index.js')).renderSwitchoverHtml(cluster.name, result));
          process.exitCode = result.moved ? ExitCode.ok : ExitCode.failure;
        });
      } finally {
        stop.dispose();
      }
      if (stop.signal.aborted) throw new InterruptedError(m.switchoverInterrupted);
    });
}
