// Benchmark: cold deploy and unchanged redeploy on the lab.
//
//   npx tsx bench/deploy.ts [--rounds 5] [--hosts 2,4] [--no-bare] [--no-build] [--verbose]
//
// For each host count, each round starts a fresh lab (`lab up`: truly cold hosts that already have
// keepalived and Tomcat installed), times `hasetup deploy INV` (cold: everything is written, keepalived
// started), times it again (unchanged: nothing should be written or restarted), and takes the lab down.
// Then, once, a `--bare` lab: a cold deploy that also installs keepalived (the install path).
// Prints median/min/max per host count and the goals as verdicts. Nothing is asserted.
import os from 'node:os';
import path from 'node:path';
import {
  build,
  countOption,
  hasetup,
  labDown,
  labUp,
  max,
  median,
  min,
  parseArgs,
  scratchDir,
  secs,
  tail,
  textTable,
  withLabCleanup,
} from './lib.js';

const LAB = 'bdep';

// The goals (seconds / ratio).
const GOAL_UNCHANGED_2 = 1.5; // unchanged redeploy of 2 hosts
const GOAL_COLD = 5; // cold deploy on hosts that already have the packages
const GOAL_RATIO_4_VS_2 = 1.5; // 4 hosts take less than 1.5 times as long as 2

interface Round {
  labUp: number;
  cold: number;
  unchanged: number;
  /** the second deploy said that nothing changed (a sanity check that it measured the unchanged path) */
  unchangedConfirmed: boolean;
}

interface Options {
  rounds: number;
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
      rounds.push({ labUp: up, cold: cold.seconds, unchanged: again.seconds, unchangedConfirmed: confirmed });
      console.log(
        `  ${hosts} hosts, round ${i}/${opts.rounds}: lab up ${secs(up, 2)}, cold ${secs(cold.seconds)}, unchanged ${secs(again.seconds)}` +
          (confirmed ? '' : '  (warning: the second deploy did not report "nothing changed")'),
      );
    } finally {
      await labDown(LAB, opts.log);
    }
  }
  return rounds;
}

/** What the bare lab gave: the figures, or the failure (a finding, reported with the other figures). */
interface BareResult {
  cold?: number;
  unchanged?: number;
  error?: string;
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

const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : 'NOT met');

function report(results: Map<number, Round[]>, bare: BareResult | undefined, opts: Options): void {
  const rows: string[][] = [];
  for (const [hosts, rounds] of results) {
    const cold = rounds.map((r) => r.cold);
    const unchanged = rounds.map((r) => r.unchanged);
    rows.push([
      String(hosts),
      String(rounds.length),
      secs(median(cold)),
      secs(min(cold)),
      secs(max(cold)),
      secs(median(unchanged)),
      secs(min(unchanged)),
      secs(max(unchanged)),
      secs(median(rounds.map((r) => r.labUp)), 2),
    ]);
  }
  console.log(`\nDeploy benchmark: median of ${opts.rounds} rounds, each on a fresh lab (${os.cpus().length} CPUs, ${os.hostname()})\n`);
  console.log(
    textTable(
      ['hosts', 'rounds', 'cold median', 'cold min', 'cold max', 'unchanged median', 'unchanged min', 'unchanged max', 'lab up median'],
      rows,
    ),
  );
  if (bare?.error) console.log(`\nbare lab, 2 hosts (install path, once): ${bare.error}`);
  else if (bare) {
    console.log(`\nbare lab, 2 hosts (install path, once): cold deploy ${secs(bare.cold)}, unchanged redeploy ${secs(bare.unchanged)}`);
  }
  const unconfirmed = [...results.values()].flat().filter((r) => !r.unchangedConfirmed).length;
  if (unconfirmed) console.log(`\nwarning: ${unconfirmed} unchanged redeploy(s) did not report "nothing changed": see ${opts.log}`);

  // Goals from the issue.
  const med = (hosts: number, key: 'cold' | 'unchanged') => median((results.get(hosts) ?? []).map((r) => r[key]));
  const ratio = (key: 'cold' | 'unchanged') => {
    const a = med(2, key);
    const b = med(4, key);
    return a !== null && b !== null && a > 0 ? b / a : null;
  };
  const u2 = med(2, 'unchanged');
  const goals: string[][] = [[`unchanged redeploy, 2 hosts < ${GOAL_UNCHANGED_2} s`, secs(u2), verdict(u2 === null ? null : u2 < GOAL_UNCHANGED_2)]];
  for (const hosts of results.keys()) {
    const c = med(hosts, 'cold');
    goals.push([`cold deploy, ${hosts} hosts (packages present) < ${GOAL_COLD} s`, secs(c), verdict(c === null ? null : c < GOAL_COLD)]);
  }
  for (const key of ['cold', 'unchanged'] as const) {
    const r = ratio(key);
    goals.push([`${key}: 4 hosts / 2 hosts < ${GOAL_RATIO_4_VS_2}`, r === null ? '-' : `${r.toFixed(2)}x`, verdict(r === null ? null : r < GOAL_RATIO_4_VS_2)]);
  }
  console.log('\nGoals (medians):\n');
  console.log(textTable(['goal', 'measured', 'verdict'], goals));
  console.log(`\nlog of every command: ${opts.log}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['rounds', 'hosts'], switches: ['no-bare', 'no-build', 'verbose'] });
  const dir = await scratchDir('bench-deploy');
  const opts: Options = {
    rounds: countOption(args, 'rounds', 5),
    hostCounts: (args.get('hosts') ?? '2,4').split(',').map((h) => {
      if (!/^[2-8]$/.test(h.trim())) throw new Error(`--hosts expects counts from 2 to 8, e.g. 2,4; got ${h}`);
      return Number(h);
    }),
    bare: !args.has('no-bare'),
    verbose: args.has('verbose'),
    dir,
    log: path.join(dir, 'commands.log'),
  };
  await withLabCleanup(async () => {
    await build(args.has('no-build'));
    const started = Date.now();
    const results = new Map<number, Round[]>();
    for (const hosts of opts.hostCounts) {
      console.log(`\n${hosts} hosts: ${opts.rounds} rounds of [lab up -> cold deploy -> unchanged deploy -> lab down]`);
      results.set(hosts, await measureRounds(hosts, opts));
    }
    let bare: BareResult | undefined;
    if (opts.bare) {
      console.log('\nbare lab (keepalived installed by deploy from the offline repository), once');
      bare = await measureBare(opts);
    }
    report(results, bare, opts);
    console.log(`benchmark wall time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }, opts.log);
}

await main();
