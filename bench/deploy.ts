// Benchmark: cold deploy and unchanged redeploy on the lab.
//
//   npx tsx bench/deploy.ts [--rounds 5] [--samples 5] [--hosts 2,4] [--no-bare] [--dirty] [--no-build] [--verbose]
//   npx tsx bench/deploy.ts --from bench/results/deploy-....json     (render the Markdown again, run nothing)
//
// For each host count, each round starts a fresh lab (`lab up`: truly cold hosts that already have
// keepalived and Tomcat installed), times `hasetup deploy INV` (cold: everything is written, keepalived
// started), times it again (unchanged: nothing should be written or restarted), and takes the lab down.
// Then, once, a `--bare` lab: a cold deploy that also installs keepalived (the install path).
// In every round, on the deployed lab, the floors are measured in the same minute as the figures they bound
// (issue 14): `node -e 0` (Node's own start-up) and `ssh HOST true` to every host in parallel with OpenSSH (the
// lab's key and known_hosts); beside them `--version`, `--help`, `status` and more unchanged deploys, taken
// interleaved (--samples of each, the median kept), so each figure is printed as a ratio to its floor.
// Prints median/min/max per host count and the goals as verdicts; the raw JSON (every round, the
// machine, the options, the commit) and the Markdown rendered from it go to bench/results/. Nothing is asserted.
import path from 'node:path';
import {
  benchLab,
  build,
  countOption,
  median,
  run,
  hasetup,
  labDown,
  labUp,
  parseArgs,
  scratchDir,
  secs,
  tail,
  withLabCleanup,
} from './lib.js';
import { loadInventory } from '../src/inventory/load.js';
import { expandHome } from '../src/remote/ssh.js';
import { renderMarkdown, renderText, type BareResult, type DeployData, type Quick, type Round } from './deploy-report.js';
import { checkTree, finishRecord, newRecord, rerender } from './record.js';

/** Benchmark labs start with "bf" (lib.ts: never a test's lab; HASETUP_BENCH_LAB_PREFIX). */
const LAB = benchLab('tfdep');

interface Options {
  rounds: number;
  samples: number;
  hostCounts: number[];
  bare: boolean;
  verbose: boolean;
  dir: string;
  log: string;
}

/** One timed deploy; throws with the tail of its output when it fails (a failed deploy is no figure). */
async function timedDeploy(inventory: string, opts: Options, what: string): Promise<{ seconds: number; output: string }> {
  const r = await hasetup(['deploy', inventory], { logFile: opts.log, echo: opts.verbose });
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}); full output in ${opts.log}:\n${tail(r, 15)}`);
  return { seconds: r.seconds, output: r.stdout + r.stderr };
}

async function measureRounds(hosts: number, opts: Options): Promise<Round[]> {
  const rounds: Round[] = [];
  for (let i = 1; i <= opts.rounds; i++) {
    const inventory = path.join(opts.dir, `${LAB}-${hosts}-${i}.yaml`);
    const up = await labUp({ name: LAB, hosts, inventory, logFile: opts.log });
    try {
      const cold = await timedDeploy(inventory, opts, `cold deploy (${hosts} hosts, round ${i})`);
      const again = await timedDeploy(inventory, opts, `unchanged deploy (${hosts} hosts, round ${i})`);
      const confirmed = /nothing changed/i.test(again.output);
      const quick = await measureQuick(inventory, opts);
      rounds.push({ labUp: up, cold: cold.seconds, unchanged: again.seconds, unchangedConfirmed: confirmed, quick });
      console.log(
        `  ${hosts} hosts, round ${i}/${opts.rounds}: lab up ${secs(up, 2)}, cold ${secs(cold.seconds)}, unchanged ${secs(again.seconds)}` +
          (confirmed ? '' : '  (warning: the second deploy did not report "nothing changed")'),
      );
      console.log(
        `    floors: node -e 0 ${secs(quick.node)}, ssh true to all ${secs(quick.ssh)}; --version ${secs(quick.version)}, --help ${secs(quick.help)}, ` +
          `status ${secs(quick.status)}, unchanged ${secs(quick.unchanged)} (medians of ${opts.samples})`,
      );
    } finally {
      await labDown(LAB, opts.log);
    }
  }
  return rounds;
}

/** `ssh HOST true` to every host of the inventory at once, with OpenSSH and the inventory's key and known_hosts. */
async function sshFloor(inventory: string, log: string): Promise<number> {
  const inv = await loadInventory(inventory);
  const t0 = performance.now();
  const all = await Promise.all(
    inv.clusters.flatMap((c) =>
      c.hosts.map((h) => {
        const args = ['ssh', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${expandHome(h.ssh.knownHosts)}`, '-p', String(h.ssh.port)];
        if (h.ssh.key) args.push('-i', expandHome(h.ssh.key));
        return run([...args, '-l', h.ssh.user, '--', h.address, 'true'], { logFile: log });
      }),
    ),
  );
  const bad = all.find((r) => r.code !== 0);
  if (bad) throw new Error(`ssh true failed (exit ${bad.code}):\n${tail(bad)}`);
  return (performance.now() - t0) / 1000;
}

/** The floors and the quick commands, interleaved so that the machine's load weighs on all of them alike. */
async function measureQuick(inventory: string, opts: Options): Promise<Quick> {
  const samples: Record<keyof Quick, number[]> = { node: [], ssh: [], version: [], help: [], status: [], unchanged: [] };
  const ok = async (what: string, p: Promise<{ code: number | null; seconds: number }>) => {
    const r = await p;
    if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}); see ${opts.log}`);
    return r.seconds;
  };
  for (let i = 0; i < opts.samples; i++) {
    samples.node.push(await ok('node -e 0', run([process.execPath, '-e', '0'])));
    samples.ssh.push(await sshFloor(inventory, opts.log));
    samples.version.push(await ok('--version', hasetup(['--version'])));
    samples.help.push(await ok('--help', hasetup(['--help'])));
    samples.status.push(await ok('status', hasetup(['status', inventory], { logFile: opts.log })));
    samples.unchanged.push((await timedDeploy(inventory, opts, 'unchanged deploy')).seconds);
  }
  const m = (k: keyof Quick) => median(samples[k]) ?? 0;
  return { node: m('node'), ssh: m('ssh'), version: m('version'), help: m('help'), status: m('status'), unchanged: m('unchanged') };
}

/** The install path: a bare lab (no keepalived, no Tomcat check files), deployed once from cold. */
async function measureBare(opts: Options): Promise<BareResult> {
  const inventory = path.join(opts.dir, `${LAB}-bare.yaml`);
  await labUp({ name: LAB, hosts: 2, bare: true, inventory, logFile: opts.log });
  try {
    // deploy manages keepalived, not the application: install Tomcat as an admin would (not timed).
    const setup =
      'export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends tomcat10 >/dev/null && ' +
      'mkdir -p /var/lib/tomcat10/webapps/ROOT && hostname > /var/lib/tomcat10/webapps/ROOT/host.txt && systemctl start tomcat10 && ' +
      'for i in $(seq 1 150); do curl -sf -o /dev/null http://127.0.0.1:8080/host.txt && exit 0; sleep 0.2; done; exit 1';
    const installed = await Promise.all(
      ['node1', 'node2'].map((h) => hasetup(['lab', 'ssh', h, '--name', LAB, '--', setup], { logFile: opts.log })),
    );
    const bad = installed.find((r) => r.code !== 0);
    if (bad) throw new Error(`installing Tomcat on the bare lab failed (exit ${bad.code}):\n${tail(bad)}`);
    const before = await hasetup(['lab', 'ssh', 'node1', '--name', LAB, '--', 'command -v keepalived || echo absent'], { logFile: opts.log });
    if (!before.stdout.includes('absent')) console.log('  warning: keepalived is already present on the bare lab: this is not the install path');
    // A failed deploy here is a finding about the install path, not a reason to lose the other figures.
    const cold = await hasetup(['deploy', inventory], { logFile: opts.log, echo: opts.verbose });
    if (cold.code !== 0) {
      const error = `the cold deploy failed after ${secs(cold.seconds)} (exit ${cold.code}):\n${tail(cold, 6)}`;
      console.log(`  bare, 2 hosts: ${error}`);
      return { error };
    }
    const again = await timedDeploy(inventory, opts, 'unchanged deploy on a bare lab');
    console.log(`  bare, 2 hosts: cold (with install) ${secs(cold.seconds)}, unchanged ${secs(again.seconds)}`);
    return { cold: cold.seconds, unchanged: again.seconds };
  } finally {
    await labDown(LAB, opts.log);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['rounds', 'samples', 'hosts', 'from'], switches: ['no-bare', 'no-build', 'verbose', 'dirty'] });
  const from = args.get('from');
  if (from !== undefined) {
    console.log(renderText(await rerender<DeployData>(from, 'deploy', renderMarkdown)));
    return;
  }
  const hostCounts = (args.get('hosts') ?? '2,4').split(',').map((h) => {
    if (!/^[2-8]$/.test(h.trim())) throw new Error(`--hosts expects counts from 2 to 8, e.g. 2,4; got ${h}`);
    return Number(h);
  });
  const git = checkTree(args.has('dirty'));
  const dir = await scratchDir('bench-deploy');
  const opts: Options = {
    rounds: countOption(args, 'rounds', 5),
    samples: countOption(args, 'samples', 5),
    hostCounts,
    bare: !args.has('no-bare'),
    verbose: args.has('verbose'),
    dir,
    log: path.join(dir, 'commands.log'),
  };
  await withLabCleanup(async () => {
    await build(args.has('no-build'));
    const record = newRecord<DeployData>('deploy', git, { rounds: opts.rounds, samples: opts.samples, hosts: opts.hostCounts, bare: opts.bare, labPrefix: LAB.slice(0, 2) }, { rounds: opts.rounds, results: [] });
    for (const hosts of opts.hostCounts) {
      console.log(`\n${hosts} hosts: ${opts.rounds} rounds of [lab up -> cold deploy -> unchanged deploy -> lab down]`);
      record.data.results.push({ hosts, rounds: await measureRounds(hosts, opts) });
    }
    if (opts.bare) {
      console.log('\nbare lab (keepalived installed by deploy from the offline repository), once');
      record.data.bare = await measureBare(opts);
    }
    await finishRecord(record, { markdown: renderMarkdown, text: renderText }, opts.log);
  }, opts.log);
}

await main().catch((err: unknown) => {
  console.error(`error: ${(err as Error).message}`);
  process.exitCode = 2;
});
