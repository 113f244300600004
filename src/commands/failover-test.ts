import { Command } from '@commander-js/extra-typings';
import { confirm } from '@inquirer/prompts';
import fs from 'node:fs/promises';
import { ExitCode, HasetupError, UsageError } from '../errors.js';
import { gatherFacts } from '../facts/gather.js';
import { runFailoverTest } from '../failover/runner.js';
import { DEFAULT_SCENARIOS, parseScenarioList } from '../failover/scenarios.js';
import { loadInventory } from '../inventory/load.js';
import { URL_PATH_HINT, URL_PATH_RE } from '../inventory/schema.js';
import { renderJson } from '../report/json.js';
import { renderJunit } from '../report/junit.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderTerminal } from '../report/terminal.js';
import { silentReporter } from '../progress.js';
import { connectHost } from '../remote/ssh.js';
import { selectClusters, withCluster } from '../session.js';
import { print, terminalReporter } from '../ui.js';
import { version } from '../version.js';
import { positiveInt, seconds } from './args.js';

export function failoverTestCommand() {
  return new Command('failover-test')
    .summary('fail the master on purpose, measure how clients see it, restore, report')
    .description(
      'Fails the master in several ways, one scenario at a time, and measures what a client sees: how long the\n' +
        'VIP takes to move (from the hosts\' own address events), the longest client outage (HTTP requests to the\n' +
        'VIP over fresh connections every 10 ms), split brain, and the move back. Every failure is restored, also\n' +
        'on Ctrl-C or a lost SSH session (a timer on the host undoes it). Exit 0 only when every scenario passed.\n\n' +
        'Scenarios: keepalived-stop, tomcat-stop, tomcat-crash, tomcat-hang, master-crash, network-loss (default: all\n' +
        'of these), and reboot (only with --allow-reboot).',
    )
    .argument('<inventory>', 'inventory file')
    .option('--cluster <name>', 'the cluster to test (when the inventory holds several)')
    .option('--scenario <list>', 'comma-separated scenarios', DEFAULT_SCENARIOS.join(','))
    .option('--max-outage <seconds>', 'a scenario fails when the client outage is longer', seconds, 2)
    .option('--hold <seconds>', 'how long the failure lasts after the VIP moved', seconds, 2)
    .option('--network-loss <seconds>', 'how long network-loss cuts the master off', seconds, 4)
    .option('--move-timeout <seconds>', 'how long to wait for the VIP to move', seconds, 15)
    .option(
      '--failsafe <seconds>',
      'after this long the master undoes a failure by itself, should hasetup be gone (default: the waits above + 60 s)',
      seconds,
    )
    .option('--probe-path <path>', "the URL path the client probe requests (default: the cluster's health path)")
    .option('--probe-from <host>', 'run the client probe on this host of the cluster (over SSH) instead of here, where the VIP is only reachable from inside')
    .option('--allow-reboot', 'allow the reboot scenario')
    .option('-y, --yes', 'do not ask for confirmation (this test is disruptive by design)')
    .option('--json <file>', 'write the report as JSON')
    .option('--junit <file>', 'write the report as JUnit XML')
    .option('--markdown <file>', 'write the report as Markdown (for a change ticket)')
    .option('--parallel <n>', 'hosts contacted at once', positiveInt, 8)
    .action(async (file, opts) => {
      let scenarios;
      try {
        scenarios = parseScenarioList(opts.scenario);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      if (scenarios.includes('reboot') && !opts.allowReboot) throw new UsageError('the reboot scenario needs --allow-reboot');
      if (opts.probePath && !URL_PATH_RE.test(opts.probePath)) throw new UsageError(`--probe-path: ${URL_PATH_HINT}`);
      const inv = await loadInventory(file);
      const [cluster] = selectClusters(inv, opts.cluster, { single: true });
      if (!cluster) throw new UsageError(`${file}: no cluster`);
      if (opts.probeFrom && !cluster.hosts.some((h) => h.name === opts.probeFrom)) {
        throw new UsageError(`--probe-from ${opts.probeFrom}: cluster ${cluster.name} has no such host (it has ${cluster.hosts.map((h) => h.name).join(', ')})`);
      }
      if (!opts.yes) {
        if (!process.stdin.isTTY) {
          throw new UsageError('failover-test stops services on the master on purpose: confirm with --yes when running without a terminal');
        }
        const ok = await confirm({
          message: `This stops keepalived and Tomcat on the master of cluster ${cluster.name} several times (${scenarios.join(', ')}). Go on?`,
          default: false,
        });
        if (!ok) {
          process.exitCode = ExitCode.usage;
          return;
        }
      }
      const reporter = terminalReporter();
      const aborter = new AbortController();
      const onSigint = () => {
        reporter.warn('interrupted: restoring the current scenario, then stopping');
        aborter.abort();
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      try {
        const report = await withCluster(cluster, opts.parallel, reporter, async (remotes) => {
          const first = remotes[0]!;
          const service = cluster.tomcat.service ?? (await gatherFacts(first, [])).tomcat.service;
          if (!service) throw new HasetupError(`${first.name}: no Tomcat service found; set tomcat.service in the inventory`);
          reporter.step(`failover test of cluster ${cluster.name}: ${scenarios.join(', ')}`);
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
            aborter.signal,
          );
        });
        if (opts.json) await fs.writeFile(opts.json, renderJson(report));
        if (opts.junit) await fs.writeFile(opts.junit, renderJunit(report));
        if (opts.markdown) await fs.writeFile(opts.markdown, renderMarkdown(report));
        print(renderTerminal(report, { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR }));
        process.exitCode = report.passed ? ExitCode.ok : ExitCode.failure;
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
      }
    });
}
