// Benchmark: failover-test on the lab, hasetup's default config against a tuned and a classic tutorial config.
//
//   npx tsx bench/failover.ts [--runs 3] [--only default,tuned,tutorial] [--dirty] [--no-build] [--verbose]
//   npx tsx bench/failover.ts --from bench/results/failover-....json     (render the Markdown again, run nothing)
//
// default:  a fresh lab, `hasetup deploy`, then N x `hasetup failover-test INV --yes --scenario ... --allow-power-off`.
// tuned:    another fresh lab, never deployed by hasetup; the tutorial keepalived.conf tuned (VRRPv3, advert_int
//           0.1, unicast, a curl check every 1 s with fall 1 rise 1) written by hand on every host; the same N runs.
// tutorial: the same with the classic tutorial keepalived.conf (VRRPv2 multicast, advert_int 1, check every 2 s, fall 2).
// Each run: the default scenarios plus host-crash (the lab inventory has power commands). Per config and scenario:
// PASS / FAIL / ERROR counts, median and max of VIP move and client outage, the moves seen, and for the default
// config the issue's goals. The raw JSON (every report, the machine, the options, the commit) and the Markdown
// rendered from it go to bench/results/. Failed scenarios are data, not errors. Nothing is asserted.
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  benchLab,
  build,
  countOption,
  hasetup,
  Interrupted,
  labDown,
  labUp,
  parseArgs,
  scratchDir,
  secs,
  sleep,
  tail,
  withLabCleanup,
} from './lib.js';
import {
  CONFIGS,
  CONFIG_DESCRIPTIONS,
  SCENARIOS,
  renderMarkdown,
  renderText,
  type Config,
  type ConfigRecord,
  type FailoverData,
  type ReportJson,
  type TestRunRecord,
} from './failover-report.js';
import { TRANSITIONS_SCRIPT, readLabInventory, transitionsScript, tunedConfig, tutorialConfig, type LabCluster } from './handwritten.js';
import { checkTree, finishRecord, newRecord, rerender } from './record.js';

/** Benchmark labs start with "bf" (lib.ts: never a test's lab; HASETUP_BENCH_LAB_PREFIX). */
const LAB: Record<Config, string> = { default: benchLab('tfod'), tuned: benchLab('tfou'), tutorial: benchLab('tfot') };

interface Options {
  runs: number;
  configs: Config[];
  verbose: boolean;
  dir: string;
  log: string;
}

// ---------------------------------------------------------------------------------------------------------
// Setting up a lab with a hand-written config

async function onHost(lab: string, host: string, cmd: string, opts: Options, input?: string) {
  return hasetup(['lab', 'ssh', host, '--name', lab, '--', cmd], { logFile: opts.log, input });
}

/** Writes the config on every host, restarts keepalived, checks the script runs and the VIP is on the first host only. */
async function setUpHandWritten(config: 'tutorial' | 'tuned', lab: string, c: LabCluster, opts: Options): Promise<void> {
  const vipAddr = c.vip.split('/')[0]!;
  const write = config === 'tuned' ? tunedConfig : tutorialConfig;
  for (const [i, host] of c.hosts.entries()) {
    const aid = await onHost(lab, host.name, `cat > ${TRANSITIONS_SCRIPT} && chmod 0755 ${TRANSITIONS_SCRIPT}`, opts, transitionsScript(c));
    if (aid.code !== 0) throw new Error(`${host.name}: writing ${TRANSITIONS_SCRIPT} failed:\n${tail(aid)}`);
    const r = await onHost(lab, host.name, 'cat > /etc/keepalived/keepalived.conf && systemctl restart keepalived', opts, write(c, i));
    if (r.code !== 0) throw new Error(`${host.name}: writing the ${config} config failed:\n${tail(r)}`);
  }
  // Wait until the first host alone holds the VIP (v2 with advert_int 1: a few seconds).
  const first = c.hosts[0]!.name;
  const deadline = Date.now() + 30_000;
  let holders: string[] = [];
  while (Date.now() < deadline) {
    holders = [];
    for (const host of c.hosts) {
      const r = await onHost(lab, host.name, 'ip -4 -o addr show dev eth0', opts);
      if (r.stdout.includes(` ${vipAddr}/`)) holders.push(host.name);
    }
    if (holders.length === 1 && holders[0] === first) break;
    await sleep(500);
  }
  if (holders.length !== 1 || holders[0] !== first) {
    throw new Error(`${config} config: the VIP is not on ${first} alone after 30 s (holders: ${holders.join(', ') || 'none'})`);
  }
  // The check must really run: "VRRP_Script(chk_tomcat) succeeded" in the journal, no SECURITY VIOLATION.
  for (const host of c.hosts) {
    const j = await onHost(lab, host.name, 'journalctl -u keepalived --no-pager -o cat', opts);
    if (/SECURITY VIOLATION|script_user/i.test(j.stdout) && /(violation|not found|doesn't exist)/i.test(j.stdout)) {
      throw new Error(`${host.name}: keepalived refuses the check script:\n${tail(j)}`);
    }
    if (!/VRRP_Script\(chk_tomcat\) succeeded/.test(j.stdout)) {
      throw new Error(`${host.name}: the journal does not show the check script running:\n${tail(j)}`);
    }
  }
  console.log(`  ${config} config in place: VIP ${c.vip} on ${first} only, chk_tomcat runs on ${c.hosts.map((h) => h.name).join(', ')}`);
}

// ---------------------------------------------------------------------------------------------------------
// Running failover-test

async function failoverRun(inventory: string, config: Config, i: number, opts: Options): Promise<TestRunRecord> {
  const json = path.join(opts.dir, `${config}-${i}.json`);
  const r = await hasetup(['failover-test', inventory, '--yes', '--scenario', SCENARIOS.join(','), '--allow-power-off', '--json', json], {
    logFile: opts.log,
    echo: opts.verbose,
  });
  const record: TestRunRecord = { run: i, exitCode: r.code, signal: r.signal, seconds: Math.round(r.seconds * 10) / 10, report: null };
  try {
    record.report = JSON.parse(await fs.readFile(json, 'utf8')) as ReportJson;
  } catch {
    // No report: failover-test could not run at all (precheck, connection). That is a finding too.
    record.problem = `no report (exit ${r.code ?? r.signal}): ${tail(r, 6).replace(/\s+/g, ' ')}`;
  }
  const scenarios = record.report?.scenarios ?? [];
  const count = (st: string) => scenarios.filter((s) => s.status === st).length;
  console.log(
    `  ${config} run ${i}/${opts.runs}: ${r.seconds.toFixed(0)} s, exit ${r.code ?? r.signal}, ` +
      `${count('pass')} PASS, ${count('fail')} FAIL, ${count('error')} ERROR` +
      (record.problem ? ` - ${record.problem}` : ''),
  );
  for (const s of scenarios) {
    const why = [...s.reasons, s.error ?? ''].filter(Boolean).join('; ');
    console.log(
      `    ${s.name.padEnd(16)} move ${secs(s.vipMoveSeconds).padStart(9)}  outage ${secs(s.outageSeconds).padStart(9)}` +
        `  moves ${s.movesAway}/${s.movesBack}${s.splitBrain ? '  SPLIT BRAIN' : ''}${s.status === 'pass' ? '' : `  ${s.status.toUpperCase()}: ${why}`}`,
    );
  }
  return record;
}

/** A fresh lab for one config, set up, then N failover-test runs; the lab is always taken down. */
async function benchConfig(config: Config, opts: Options): Promise<ConfigRecord> {
  const lab = LAB[config];
  const record: ConfigRecord = { config, lab, description: CONFIG_DESCRIPTIONS[config], setupSeconds: null, runs: [] };
  const inventory = path.join(opts.dir, `${lab}.yaml`);
  console.log(`\n${config} config: lab ${lab}`);
  try {
    await labUp({ name: lab, hosts: 2, inventory, logFile: opts.log });
  } catch (err) {
    // One config's lab not coming up is no reason to lose the others' figures: recorded, counted as ERROR.
    record.setupError = (err as Error).message;
    console.log(`  ${record.setupError}`);
    return record;
  }
  try {
    const t0 = Date.now();
    if (config === 'default') {
      const d = await hasetup(['deploy', inventory], { logFile: opts.log, echo: opts.verbose });
      if (d.code !== 0) throw new Error(`deploy failed (exit ${d.code}):\n${tail(d, 15)}`);
      console.log(`  deployed with hasetup's defaults in ${secs(d.seconds, 2)}`);
    } else {
      await setUpHandWritten(config, lab, await readLabInventory(inventory), opts);
    }
    record.setupSeconds = (Date.now() - t0) / 1000;
    for (let i = 1; i <= opts.runs; i++) record.runs.push(await failoverRun(inventory, config, i, opts));
  } catch (err) {
    if (err instanceof Interrupted) throw err;
    record.setupError ??= (err as Error).message;
    console.log(`  ${config}: ${record.setupError}`);
  } finally {
    await labDown(lab, opts.log);
  }
  return record;
}

// ---------------------------------------------------------------------------------------------------------

function parseConfigs(only: string | undefined): Config[] {
  if (only === undefined) return [...CONFIGS];
  const list = only.split(',').map((s) => s.trim());
  for (const c of list) if (!CONFIGS.includes(c as Config)) throw new Error(`--only expects ${CONFIGS.join(', ')} (or a comma-separated list), got ${c}`);
  return CONFIGS.filter((c) => list.includes(c));
}

/** --from FILE: renders the Markdown of a saved run again (beside it) and prints the summary; runs nothing. */
async function fromFile(file: string): Promise<void> {
  const record = await rerender<FailoverData>(file, 'failover', renderMarkdown);
  console.log(renderText(record));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), { values: ['runs', 'only', 'from'], switches: ['no-build', 'verbose', 'dirty'] });
  const from = args.get('from');
  if (from !== undefined) return fromFile(from);
  const configs = parseConfigs(args.get('only'));
  const git = checkTree(args.has('dirty'));
  const dir = await scratchDir('bench-failover');
  const opts: Options = {
    runs: countOption(args, 'runs', 3),
    configs,
    verbose: args.has('verbose'),
    dir,
    log: path.join(dir, 'commands.log'),
  };
  await withLabCleanup(async () => {
    await build(args.has('no-build'));
    const record = newRecord<FailoverData>('failover', git, { runs: opts.runs, configs, scenarios: [...SCENARIOS], allowPowerOff: true }, {
      runs: opts.runs,
      scenarios: [...SCENARIOS],
      configs: [],
    });
    for (const config of opts.configs) record.data.configs.push(await benchConfig(config, opts));
    await finishRecord(record, { markdown: renderMarkdown, text: renderText }, opts.log);
  }, opts.log);
}

await main().catch((err: unknown) => {
  console.error(`error: ${(err as Error).message}`);
  process.exitCode = 2;
});
