import { Command } from '@commander-js/extra-typings';
import fs from 'node:fs/promises';
import { ExitCode, HasetupError, UsageError } from '../errors.js';
import { DEFAULT_SCENARIOS, parseScenarioList } from '../failover/scenarios.js';
import { silentReporter } from '../progress.js';
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
        'Scenarios: keepalived-stop, tomcat-stop, tomcat-crash, tomcat-hang, keepalived-kill, network-loss (default:\n' +
        'all of these), host-crash (the master loses power: needs power commands in the inventory and\n' +
        '--allow-power-off) and reboot (only with --allow-reboot). master-crash is the old name of keepalived-kill.\n' +
        'A scenario passes only when the VIP moved away exactly once (and back once, with preemption). ERROR: it\n' +
        'could not be carried out (say, its failsafe could not be armed), and nothing was injected.\n' +
        'Exit codes: 0 every scenario passed, 1 a scenario failed or had an error, or a restore failed, 2 bad\n' +
        'input, 130 interrupted (Ctrl-C, SIGTERM or a hang-up: the current scenario is restored first).',
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
    .option('--allow-power-off', "allow the host-crash scenario (cuts the master's power with its power.off command)")
    .option('-y, --yes', 'do not ask for confirmation (this test is disruptive by design)')
    .option('--json <file>', 'write the report as JSON')
    .option('--junit <file>', 'write the report as JUnit XML')
    .option('--markdown <file>', 'write the report as Markdown (for a change ticket)')
    .option('--parallel <n>', 'hosts contacted at once', positiveInt, 8)
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
      if (scenarios.includes('reboot') && !opts.allowReboot) throw new UsageError('the reboot scenario needs --allow-reboot');
      if (scenarios.includes('host-crash') && !opts.allowPowerOff) {
        throw new UsageError('the host-crash scenario cuts the power of the master: it needs --allow-power-off');
      }
      if (opts.probePath && !URL_PATH_RE.test(opts.probePath)) throw new UsageError(`--probe-path: ${URL_PATH_HINT}`);
      const inv = await loadInventory(file);
      const [cluster] = selectClusters(inv, opts.cluster, { single: true });
      if (!cluster) throw new UsageError(`${file}: no cluster`);
      if (scenarios.includes('host-crash')) {
        const without = cluster.hosts.filter((h) => !h.power).map((h) => h.name);
        if (without.length) {
          throw new UsageError(
            `${file}: host-crash needs power commands for every host that can be master; ${without.join(', ')} ${without.length === 1 ? 'has' : 'have'} none`,
            'add power: { off: ..., on: ... } to the cluster or to each host (see inventories/example.yaml)',
          );
        }
      }
      if (opts.probeFrom && !cluster.hosts.some((h) => h.name === opts.probeFrom)) {
        throw new UsageError(`--probe-from ${opts.probeFrom}: cluster ${cluster.name} has no such host (it has ${cluster.hosts.map((h) => h.name).join(', ')})`);
      }
      if (!opts.yes) {
        if (!process.stdin.isTTY) {
          throw new UsageError('failover-test stops services on the master on purpose: confirm with --yes when running without a terminal');
        }
        const { confirm } = await import('@inquirer/prompts');
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
      for (const note of list.notes) reporter.warn(note);
      const aborter = new AbortController();
      const onSigint = () => {
        reporter.warn('interrupted: restoring the current scenario, then stopping');
        aborter.abort();
      };
      // A hang-up (the terminal or the SSH session to this machine went away) takes the same way as Ctrl-C.
      const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
      for (const sig of signals) process.on(sig, onSigint);
      const [{ gatherFacts }, { runFailoverTest }, { renderJson }, { renderJunit }, { renderMarkdown }, { renderTerminal }, { connectHost }] = await Promise.all([
        import('../facts/gather.js'),
        import('../failover/runner.js'),
        import('../report/json.js'),
        import('../report/junit.js'),
        import('../report/markdown.js'),
        import('../report/terminal.js'),
        import('../remote/ssh.js'),
      ]);
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
        for (const sig of signals) process.off(sig, onSigint);
      }
    });
}
