import { Command } from '@commander-js/extra-typings';
import fs from 'node:fs/promises';
import { ExitCode, HasetupError, UsageError } from '../errors.js';
import { DEFAULT_SCENARIOS } from '../failover/scenarios.js';
import type { FailoverReport } from '../failover/types.js';
import { t } from '../i18n/index.js';
import { silentReporter } from '../progress.js';
import { powerCommandLines } from '../failover/power.js';
import { version } from '../version.js';
import { positiveInt, seconds } from './args.js';
import { abortOnSignals } from './signals.js';

export function failoverTestCommand() {
  const h = t().failover.help;
  return new Command('failover-test')
    .summary(h.summary)
    .description(h.description)
    .argument('<inventory>', h.inventoryArg)
    .option('--cluster <name>', h.clusterOption)
    .option('--scenario <list>', h.scenarioOption, DEFAULT_SCENARIOS.join(','))
    .option('--max-outage <seconds>', h.maxOutageOption, seconds, 2)
    .option('--hold <seconds>', h.holdOption, seconds, 2)
    .option('--network-loss <seconds>', h.networkLossOption, seconds, 4)
    .option('--move-timeout <seconds>', h.moveTimeoutOption, seconds, 15)
    .option('--failsafe <seconds>', h.failsafeOption, seconds)
    .option('--probe-path <path>', h.probePathOption)
    .option('--probe-from <host>', h.probeFromOption)
    .option('--allow-reboot', h.allowRebootOption)
    .option('--allow-power-off', h.allowPowerOffOption)
    .option('-y, --yes', h.yesOption)
    .option('--json <file>', h.jsonOption)
    .option('--junit <file>', h.junitOption)
    .option('--markdown <file>', h.markdownOption)
    .option('--html <file>', t().html.failoverHtmlOption)
    .option('--parallel <n>', h.parallelOption, positiveInt, 8)
    .option('--wait <seconds>', t().cluster.waitOption, seconds)
    .action(async (file, opts) => {
      // Loaded here, not at the top: --help and --version load only the command definitions (docs/performance.md).
      const [{ checkCluster, checkRequest, failoverOptions }, { loadInventory }, { selectClusters, withCluster }, { print, terminalReporter }] = await Promise.all([
        import('../failover/options.js'),
        import('../inventory/load.js'),
        import('../session.js'),
        import('../ui.js'),
      ]);
      const { names: scenarios, notes } = checkRequest(opts);
      const say = t().failover;
      const inv = await loadInventory(file);
      const [cluster] = selectClusters(inv, opts.cluster, { single: true });
      if (!cluster) throw new UsageError(say.refuse.noCluster({ file }));
      checkCluster(cluster, scenarios, opts, file);
      if (!opts.yes) {
        if (!process.stdin.isTTY) throw new UsageError(say.refuse.confirmNeedsYes);
        const { confirm } = await import('@inquirer/prompts');
        // The local commands host-crash would run (each host's power commands), shown before anything runs.
        const power = scenarios.includes('host-crash')
          ? cluster.hosts.flatMap((h) => (h.power ? [say.confirmPowerCommands({ host: h.name, commands: powerCommandLines(h.power).map((l) => `  ${l}`).join('\n') })] : []))
          : [];
        const ok = await confirm({
          message: [...power, say.confirmDisruption({ cluster: cluster.name, scenarios: scenarios.join(t().report.nameSeparator) })].join('\n'),
          default: false,
        });
        if (!ok) {
          process.exitCode = ExitCode.usage;
          return;
        }
      }
      const reporter = terminalReporter();
      for (const note of notes) reporter.warn(note);
      const [{ gatherFacts }, { runFailoverTest }, { connectHost }] = await Promise.all([
        import('../facts/gather.js'),
        import('../failover/runner.js'),
        import('../remote/ssh.js'),
      ]);
      // Ctrl-C, SIGTERM and a hang-up all restore what was injected, then exit 130 (src/commands/signals.ts).
      const stop = abortOnSignals(reporter, say.progress.interruptedRestoring);
      try {
        const report = await withCluster(cluster, opts.parallel, reporter, async (remotes) => {
          // shared: it stops and kills keepalived, which every cluster on the host shares. Released when the connections close.
          await (await import('../cluster/lock.js')).lockCluster(cluster, remotes, { command: 'failover-test', shared: true, waitSeconds: opts.wait ?? 0, reporter, signal: stop.signal });
          const first = remotes[0]!;
          const service = cluster.tomcat.service ?? (await gatherFacts(first, [])).tomcat.service;
          if (!service) throw new HasetupError(say.progress.noTomcatService({ host: first.name }));
          reporter.step(say.progress.testingCluster({ cluster: cluster.name, scenarios: scenarios.join(t().report.nameSeparator) }));
          // reboot: the master comes back with a new SSH session (host key checked as always).
          const reconnect = (name: string) => connectHost(cluster.hosts.find((h) => h.name === name)!, { reporter: silentReporter });
          const run = failoverOptions(opts, scenarios, { tomcatService: service, version, reconnect });
          return runFailoverTest(cluster, remotes, run, reporter, stop.signal);
        });
        print(await writeReports(report, opts));
        process.exitCode = report.passed ? ExitCode.ok : ExitCode.failure;
      } finally {
        stop.dispose();
      }
    });
}

/** Writes the report files asked for; returns the terminal's rendering. */
async function writeReports(report: FailoverReport, opts: { json?: string; junit?: string; markdown?: string; html?: string }): Promise<string> {
  const [{ renderJson }, { renderJunit }, { renderMarkdown }, { renderTerminal }] = await Promise.all([
    import('../report/json.js'),
    import('../report/junit.js'),
    import('../report/markdown.js'),
    import('../report/terminal.js'),
  ]);
  if (opts.json) await fs.writeFile(opts.json, renderJson(report));
  if (opts.junit) await fs.writeFile(opts.junit, renderJunit(report));
  if (opts.markdown) await fs.writeFile(opts.markdown, renderMarkdown(report));
  // Loaded only here: ECharts stays out of every other run (docs/dependencies.md).
  if (opts.html) await fs.writeFile(opts.html, (await import('../report/html/index.js')).renderHtml(report));
  return renderTerminal(report, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR });
}
