import { Command } from '@commander-js/extra-typings';
import fs from 'node:fs/promises';
import { ExitCode, HasetupError, UsageError } from '../errors.js';
import { DEFAULT_SCENARIOS, parseScenarioList } from '../failover/scenarios.js';
import { t } from '../i18n/index.js';
import { silentReporter } from '../progress.js';
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
    .option('--parallel <n>', h.parallelOption, positiveInt, 8)
    .option('--wait <seconds>', t().cluster.waitOption, seconds)
    .action(async (file, opts) => {
      // Loaded here, not at the top: --help and --version load only the command definitions (docs/performance.md).
      const [{ URL_PATH_HINT, URL_PATH_RE }, { loadInventory }, { selectClusters, withCluster }, { print, terminalReporter }] = await Promise.all([
        import('../inventory/schema.js'),
        import('../inventory/load.js'),
        import('../session.js'),
        import('../ui.js'),
      ]);
      let list;
      try {
        list = parseScenarioList(opts.scenario);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const scenarios = list.names;
      const say = t().failover;
      if (scenarios.includes('reboot') && !opts.allowReboot) throw new UsageError(say.refuse.rebootNeedsAllowReboot);
      if (scenarios.includes('host-crash') && !opts.allowPowerOff) throw new UsageError(say.refuse.hostCrashNeedsAllowPowerOff);
      if (opts.probePath && !URL_PATH_RE.test(opts.probePath)) throw new UsageError(say.refuse.probePathInvalid({ hint: URL_PATH_HINT }));
      const inv = await loadInventory(file);
      const [cluster] = selectClusters(inv, opts.cluster, { single: true });
      if (!cluster) throw new UsageError(say.refuse.noCluster({ file }));
      if (scenarios.includes('host-crash')) {
        const without = cluster.hosts.filter((h) => !h.power).map((h) => h.name);
        if (without.length) {
          throw new UsageError(
            say.refuse.hostCrashNeedsPower({ file, hosts: without.join(t().report.nameSeparator), count: without.length }),
            say.refuse.hostCrashNeedsPowerHint,
          );
        }
      }
      if (opts.probeFrom && !cluster.hosts.some((h) => h.name === opts.probeFrom)) {
        const hosts = cluster.hosts.map((h) => h.name).join(t().report.nameSeparator);
        throw new UsageError(say.refuse.probeFromUnknownHost({ host: opts.probeFrom, cluster: cluster.name, hosts }));
      }
      if (!opts.yes) {
        if (!process.stdin.isTTY) throw new UsageError(say.refuse.confirmNeedsYes);
        const { confirm } = await import('@inquirer/prompts');
        const ok = await confirm({
          message: say.confirmDisruption({ cluster: cluster.name, scenarios: scenarios.join(t().report.nameSeparator) }),
          default: false,
        });
        if (!ok) {
          process.exitCode = ExitCode.usage;
          return;
        }
      }
      const reporter = terminalReporter();
      for (const note of list.notes) reporter.warn(note);
      const [{ gatherFacts }, { runFailoverTest }, { renderJson }, { renderJunit }, { renderMarkdown }, { renderTerminal }, { connectHost }] = await Promise.all([
        import('../facts/gather.js'),
        import('../failover/runner.js'),
        import('../report/json.js'),
        import('../report/junit.js'),
        import('../report/markdown.js'),
        import('../report/terminal.js'),
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
          return runFailoverTest(
            cluster,
            remotes,
            {
              scenarios,
              maxOutageSeconds: opts.maxOutage,
              holdSeconds: opts.hold,
              networkLossSeconds: opts.networkLoss,
              moveTimeoutSeconds: opts.moveTimeout,
              settleTimeoutSeconds: 60,
              probeIntervalMs: 10,
              probeTimeoutMs: 500,
              probePath: opts.probePath,
              probeFrom: opts.probeFrom,
              // reboot: the master comes back with a new SSH session (host key checked as always).
              reconnect: (name) => connectHost(cluster.hosts.find((h) => h.name === name)!, { reporter: silentReporter }),
              rebootTimeoutSeconds: 300,
              failsafeSeconds: opts.failsafe,
              tomcatService: service,
              version,
            },
            reporter,
            stop.signal,
          );
        });
        if (opts.json) await fs.writeFile(opts.json, renderJson(report));
        if (opts.junit) await fs.writeFile(opts.junit, renderJunit(report));
        if (opts.markdown) await fs.writeFile(opts.markdown, renderMarkdown(report));
        print(renderTerminal(report, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR }));
        process.exitCode = report.passed ? ExitCode.ok : ExitCode.failure;
      } finally {
        stop.dispose();
      }
    });
}
