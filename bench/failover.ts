// Benchmark: failover-test on the lab, hasetup's default config against a tutorial-style keepalived.conf.
//
//   npx tsx bench/failover.ts [--runs 3] [--only default|tutorial] [--no-build] [--verbose]
//
// default:  a fresh lab, `hasetup deploy`, then N x `hasetup failover-test INV --yes --json FILE`.
// tutorial: another fresh lab, never deployed by hasetup; the classic tutorial keepalived.conf is written
//           by hand on both hosts (VRRPv2 multicast, advert_int 1, a curl check every 2 s, fall 2), then the
//           same N x failover-test (which reads the timing in effect from the hosts' config files).
// Per scenario: median VIP move and client outage for both configs side by side, the issue's goal for the
// default config, and whether split brain was seen in any run. Printed, and written as Markdown to
// bench/results/failover-<date>.md. Failed scenarios are data: failover-test exits 1 when any scenario
// fails, which is expected with the tutorial config. Nothing is asserted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  ROOT,
  build,
  countOption,
  hasetup,
  labDown,
  labUp,
  markdownTable,
  median,
  parseArgs,
  scratchDir,
  secs,
  tail,
  textTable,
  withLabCleanup,
} from './lib.js';

type Config = 'default' | 'tutorial';
const CONFIGS: readonly Config[] = ['default', 'tutorial'];
const LAB: Record<Config, string> = { default: 'bfod', tutorial: 'bfot' };

/** The issue's goals for the default config: client outage in seconds, with no split brain. */
const OUTAGE_GOALS: Record<string, number> = {
  'keepalived-stop': 0.2,
  'tomcat-crash': 0.3,
  'tomcat-stop': 0.5,
  'master-crash': 0.6,
  'tomcat-hang': 2.5,
};

/** One scenario of one failover-test run, as read from its --json report. */
interface ScenarioRun {
  name: string;
  passed: boolean;
  vipMoveSeconds: number | null;
  outageSeconds: number | null;
  splitBrain: boolean;
  reasons: string[];
  error: string | null;
}

/** One failover-test run: its scenarios, or why it produced no report. */
interface TestRun {
  exitCode: number | null;
  seconds: number;
  scenarios: ScenarioRun[];
  problem?: string;
}

interface Options {
  runs: number;
  configs: Config[];
  verbose: boolean;
  dir: string;
  log: string;
}

// ---------------------------------------------------------------------------------------------------------
// The lab inventory, and the tutorial config

interface LabCluster {
  vrid: number;
  vip: string; // with its /prefix
  hosts: string[];
}

async function readInventory(file: string): Promise<LabCluster> {
  const doc = parseYaml(await fs.readFile(file, 'utf8')) as {
    clusters: { virtual_router_id: number; vips: { address: string }[]; hosts: { name: string }[] }[];
  };
  const c = doc.clusters[0];
  if (!c?.vips[0]) throw new Error(`${file}: no cluster with a VIP`);
  return { vrid: c.virtual_router_id, vip: c.vips[0].address, hosts: c.hosts.map((h) => h.name) };
}

/**
 * The keepalived.conf of countless tutorials: VRRPv2 multicast (the default), advert_int 1, a curl health
 * check every 2 s with fall 2 / rise 2, master priority 150, backups 100. `script_user root` so that the
 * check runs with enable_script_security without creating a user.
 */
export function tutorialConfig(c: LabCluster, master: boolean): string {
  return `global_defs {
    enable_script_security
    script_user root
}

vrrp_script chk_tomcat {
    script "/usr/bin/curl -sf -o /dev/null http://127.0.0.1:8080/host.txt"
    interval 2
    fall 2
    rise 2
}

vrrp_instance VI_1 {
    state ${master ? 'MASTER' : 'BACKUP'}
    interface eth0
    virtual_router_id ${c.vrid}
    priority ${master ? 150 : 100}
    advert_int 1
    virtual_ipaddress {
        ${c.vip}
    }
    track_script {
        chk_tomcat
    }
}
`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function onHost(lab: string, host: string, cmd: string, opts: Options, input?: string) {
  return hasetup(['lab', 'ssh', host, '--name', lab, '--', cmd], { logFile: opts.log, input });
}

/** Writes the tutorial config on every host, restarts keepalived, checks the script runs and the VIP is on node1 only. */
async function setUpTutorial(lab: string, c: LabCluster, opts: Options): Promise<void> {
  const vipAddr = c.vip.split('/')[0]!;
  for (const [i, host] of c.hosts.entries()) {
    const r = await onHost(lab, host, 'cat > /etc/keepalived/keepalived.conf && systemctl restart keepalived', opts, tutorialConfig(c, i === 0));
    if (r.code !== 0) throw new Error(`${host}: writing the tutorial config failed:\n${tail(r)}`);
  }
  // Wait until node1 alone holds the VIP (v2 with advert_int 1: a few seconds).
  const deadline = Date.now() + 30_000;
  let holders: string[] = [];
  while (Date.now() < deadline) {
    holders = [];
    for (const host of c.hosts) {
      const r = await onHost(lab, host, 'ip -4 -o addr show dev eth0', opts);
      if (r.stdout.includes(` ${vipAddr}/`)) holders.push(host);
    }
    if (holders.length === 1 && holders[0] === c.hosts[0]) break;
    await sleep(500);
  }
  if (holders.length !== 1 || holders[0] !== c.hosts[0]) {
    throw new Error(`tutorial config: the VIP is not on ${c.hosts[0]} alone after 30 s (holders: ${holders.join(', ') || 'none'})`);
  }
  // The check must really run: "VRRP_Script(chk_tomcat) succeeded" in the journal, no SECURITY VIOLATION.
  for (const host of c.hosts) {
    const j = await onHost(lab, host, 'journalctl -u keepalived --no-pager -o cat', opts);
    if (/SECURITY VIOLATION|script_user/i.test(j.stdout) && /(violation|not found|doesn't exist)/i.test(j.stdout)) {
      throw new Error(`${host}: keepalived refuses the check script:\n${tail(j)}`);
    }
    if (!/VRRP_Script\(chk_tomcat\) succeeded/.test(j.stdout)) {
      throw new Error(`${host}: the journal does not show the check script running:\n${tail(j)}`);
    }
  }
  console.log(`  tutorial config in place: VIP ${c.vip} on ${c.hosts[0]} only, chk_tomcat runs on ${c.hosts.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Running failover-test

async function failoverRun(inventory: string, config: Config, i: number, opts: Options): Promise<TestRun> {
  const json = path.join(opts.dir, `${config}-${i}.json`);
  const r = await hasetup(['failover-test', inventory, '--yes', '--json', json], { logFile: opts.log, echo: opts.verbose });
  let scenarios: ScenarioRun[] = [];
  let problem: string | undefined;
  try {
    const doc = JSON.parse(await fs.readFile(json, 'utf8')) as { scenarios: ScenarioRun[] };
    scenarios = doc.scenarios.map((s) => ({
      name: s.name,
      passed: s.passed,
      vipMoveSeconds: s.vipMoveSeconds,
      outageSeconds: s.outageSeconds,
      splitBrain: s.splitBrain,
      reasons: s.reasons,
      error: s.error,
    }));
  } catch {
    // No report: failover-test could not run at all (precheck, connection). That is a finding too.
    problem = `no report (exit ${r.code}): ${tail(r, 6)}`;
  }
  const passed = scenarios.filter((s) => s.passed).length;
  console.log(
    `  ${config} run ${i}/${opts.runs}: ${r.seconds.toFixed(0)} s, exit ${r.code}, ${passed}/${scenarios.length} scenarios passed` +
      (problem ? ` - ${problem}` : ''),
  );
  for (const s of scenarios) {
    console.log(
      `    ${s.name.padEnd(16)} move ${secs(s.vipMoveSeconds).padStart(9)}  outage ${secs(s.outageSeconds).padStart(9)}` +
        `${s.splitBrain ? '  SPLIT BRAIN' : ''}${s.passed ? '' : `  FAIL: ${[...s.reasons, s.error ?? ''].filter(Boolean).join('; ')}`}`,
    );
  }
  return { exitCode: r.code, seconds: r.seconds, scenarios, problem };
}

/** A fresh lab for one config, set up, then N failover-test runs; the lab is always taken down. */
async function benchConfig(config: Config, opts: Options): Promise<TestRun[]> {
  const lab = LAB[config];
  const inventory = path.join(opts.dir, `${lab}.yaml`);
  console.log(`\n${config} config: lab ${lab}`);
  await labUp({ name: lab, hosts: 2, inventory, logFile: opts.log });
  try {
    if (config === 'default') {
      const d = await hasetup(['deploy', inventory], { logFile: opts.log, echo: opts.verbose });
      if (d.code !== 0) throw new Error(`deploy failed (exit ${d.code}):\n${tail(d, 15)}`);
      console.log(`  deployed with hasetup's defaults in ${secs(d.seconds, 2)}`);
    } else {
      await setUpTutorial(lab, await readInventory(inventory), opts);
    }
    const runs: TestRun[] = [];
    for (let i = 1; i <= opts.runs; i++) runs.push(await failoverRun(inventory, config, i, opts));
    return runs;
  } finally {
    await labDown(lab, opts.log);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Summary

interface Summary {
  move: number | null;
  outage: number | null;
  passed: number;
  ran: number;
  splitBrain: boolean;
  failures: string[];
}

function summarise(runs: TestRun[] | undefined, scenario: string): Summary | undefined {
  if (!runs) return undefined;
  const all = runs.flatMap((r) => r.scenarios.filter((s) => s.name === scenario));
  const nums = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null && Number.isFinite(x));
  return {
    move: median(nums(all.map((s) => s.vipMoveSeconds))),
    outage: median(nums(all.map((s) => s.outageSeconds))),
    passed: all.filter((s) => s.passed).length,
    ran: all.length,
    splitBrain: all.some((s) => s.splitBrain),
    failures: reasonCounts(all),
  };
}

/** Why a scenario failed, each distinct reason once (figures left out: the runs table has them), with how often. */
function reasonCounts(all: ScenarioRun[]): string[] {
  const counts = new Map<string, number>();
  for (const s of all) {
    if (s.passed) continue;
    const reasons = new Set([...s.reasons, ...(s.error ? [s.error] : [])].map((r) => r.replace(/\d+\.\d+ s/g, 'N s').replace(/\s+/g, ' ')));
    for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  }
  return [...counts].map(([r, n]) => `${r} (${n} of ${all.length} runs)`);
}

function buildTable(results: Map<Config, TestRun[]>): { head: string[]; rows: string[][]; notes: string[] } {
  const names: string[] = [];
  for (const runs of results.values()) for (const r of runs) for (const s of r.scenarios) if (!names.includes(s.name)) names.push(s.name);
  const head = [
    'scenario',
    'default move',
    'default outage',
    'default passed',
    'tutorial move',
    'tutorial outage',
    'tutorial passed',
    'goal (default outage)',
    'goal met',
    'split brain (def/tut)',
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  const yn = (s: Summary | undefined) => (s ? (s.splitBrain ? 'y' : 'n') : '-');
  for (const name of names) {
    const d = summarise(results.get('default'), name);
    const t = summarise(results.get('tutorial'), name);
    const goal = OUTAGE_GOALS[name];
    let met = '-';
    if (goal !== undefined && d?.ran) met = d.outage !== null && d.outage <= goal && !d.splitBrain ? 'yes' : 'NO';
    rows.push([
      name,
      secs(d?.move),
      secs(d?.outage),
      d ? `${d.passed}/${d.ran}` : '-',
      secs(t?.move),
      secs(t?.outage),
      t ? `${t.passed}/${t.ran}` : '-',
      goal === undefined ? '-' : `<= ${goal} s`,
      met,
      `${yn(d)}/${yn(t)}`,
    ]);
    for (const [config, s] of [['default', d], ['tutorial', t]] as const) {
      for (const f of s?.failures ?? []) notes.push(`${config} / ${name}: ${f}`);
    }
  }
  for (const [config, runs] of results) {
    for (const [i, r] of runs.entries()) if (r.problem) notes.push(`${config} run ${i + 1}: ${r.problem.replace(/\s+/g, ' ')}`);
  }
  return { head, rows, notes };
}

/** bench/results/failover-YYYY-MM-DD.md, with -2, -3 ... when that day already has one. */
async function resultFile(): Promise<string> {
  const dir = path.join(ROOT, 'bench', 'results');
  await fs.mkdir(dir, { recursive: true });
  const day = new Date().toISOString().slice(0, 10);
  for (let n = 1; ; n++) {
    const file = path.join(dir, `failover-${day}${n === 1 ? '' : `-${n}`}.md`);
    try {
      await fs.access(file);
    } catch {
      return file;
    }
  }
}

function gitRevision(): string {
  try {
    return execFileSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function report(results: Map<Config, TestRun[]>, opts: Options, started: Date): Promise<void> {
  const { head, rows, notes } = buildTable(results);
  const machine = `${os.cpus().length} CPUs, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${os.release()}`;
  const title = `Failover benchmark: median of ${opts.runs} run(s) per config`;
  console.log(`\n${title} (${machine})\n`);
  console.log(textTable(head, rows));
  if (notes.length) console.log(`\nWhy scenarios failed (data, not errors):\n${notes.map((n) => `- ${n}`).join('\n')}`);
  console.log('\nmove = injection to the VIP appearing on a backup (host address events); outage = longest run of failed client requests.');

  const md = [
    `# ${title}`,
    '',
    `- date: ${started.toISOString()}; hasetup commit ${gitRevision()} (working tree may differ); machine: ${machine}`,
    `- lab: 2 hosts (systemd-nspawn, Debian 12, keepalived 2.2.7, Tomcat 10); \`hasetup failover-test INV --yes\`, all default scenarios`,
    "- **default**: a fresh lab deployed by `hasetup deploy` with the lab inventory (timing preset `fast`: VRRPv3 unicast, advert_int 0.1, watchdog + track_file + HTTP check)",
    '- **tutorial**: a fresh lab with a hand-written keepalived.conf: VRRPv2 multicast, advert_int 1, `curl -sf` check interval 2 fall 2 rise 2, priority 150/100, `enable_script_security` with `script_user root`',
    '- move = injection (timestamped on the master) to the VIP appearing on a backup; outage = longest run of failed client requests (HTTP GET to the VIP every 10 ms, 500 ms timeout); medians over the runs; "passed" counts runs in which failover-test passed the scenario (outage <= 2 s, no split brain, recovered)',
    '- goals (issue): client outage with the default config, with no split brain',
    '',
    markdownTable(head, rows),
    '',
    ...(notes.length ? ['## Why scenarios failed (data, not errors)', '', ...notes.map((n) => `- ${n}`), ''] : []),
    '## Every run',
    '',
    markdownTable(
      ['config', 'run', 'scenario', 'move', 'outage', 'split brain', 'passed'],
      [...results].flatMap(([config, runs]) =>
        runs.flatMap((r, i) =>
          r.scenarios.map((s) => [config, String(i + 1), s.name, secs(s.vipMoveSeconds), secs(s.outageSeconds), s.splitBrain ? 'y' : 'n', s.passed ? 'yes' : 'no']),
        ),
      ),
    ),
    '',
  ].join('\n');
  const file = await resultFile();
  await fs.writeFile(file, md);
  console.log(`\nMarkdown: ${path.relative(ROOT, file)}\nraw JSON reports and the log of every command: ${opts.dir}`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['runs', 'only'], switches: ['no-build', 'verbose'] });
  const only = args.get('only');
  if (only !== undefined && !CONFIGS.includes(only as Config)) throw new Error(`--only expects default or tutorial, got ${only}`);
  const dir = await scratchDir('bench-failover');
  const opts: Options = {
    runs: countOption(args, 'runs', 3),
    configs: only ? [only as Config] : [...CONFIGS],
    verbose: args.has('verbose'),
    dir,
    log: path.join(dir, 'commands.log'),
  };
  await withLabCleanup(async () => {
    await build(args.has('no-build'));
    const started = new Date();
    const results = new Map<Config, TestRun[]>();
    for (const config of opts.configs) results.set(config, await benchConfig(config, opts));
    await report(results, opts, started);
    console.log(`benchmark wall time: ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`);
  }, opts.log);
}

await main();
