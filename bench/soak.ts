// Benchmark: the other side of fast timers. Saturates the CPUs the lab hosts share, with nothing failed, and
// counts needless failovers (changes of the VIP holder) per timing preset.
//
//   npx tsx bench/soak.ts [--presets fast,standard,conservative] [--minutes 10] [--cpus N] [--dirty] [--no-build] [--verbose]
//   npx tsx bench/soak.ts --from bench/results/soak-....json     (render the Markdown again, run nothing)
//
// Per preset: a fresh lab, its inventory's `timing:` set to the preset, `hasetup deploy`, wait until the VIP is
// settled on the master; then watch the VIP's address events on every host (`ip monitor address` over
// `hasetup lab ssh`) while `stress-ng --cpu N --cpu-load 100 --timeout Ms` (from Debian: apt-get install
// stress-ng) saturates the machine's CPUs, plus a cool-down; then the hosts' transitions logs and `hasetup
// status --json`. stress-ng is bounded by its --timeout, stopped by its PID on an error or a signal, and the
// lab is always taken down. Raw JSON + Markdown go to bench/results/. Nothing is asserted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEffectiveConfig } from '../src/failover/params.js';
import { WATCH_COMMAND, parseWatchLine } from '../src/experiment/watch.js';
import { parseTransitions } from '../src/cluster/observe.js';
import { transitionsLog } from '../src/hostpaths.js';
import {
  benchLab,
  CLI,
  build,
  countOption,
  hasetup,
  Interrupted,
  labDown,
  labUp,
  parseArgs,
  scratchDir,
  sleep,
  start,
  tail,
  withLabCleanup,
  type Started,
} from './lib.js';
import { readLabInventory } from './handwritten.js';
import { PRESETS, headline, renderMarkdown, renderText, type Preset, type PresetRecord, type SoakData, type VipEvent } from './soak-report.js';
import { checkTree, finishRecord, newRecord, rerender } from './record.js';

/** Benchmark labs start with "bf" (lib.ts: never a test's lab; HASETUP_BENCH_LAB_PREFIX). */
const LAB: Record<Preset, string> = { fast: benchLab('tfskf'), standard: benchLab('tfsks'), conservative: benchLab('tfskc') };
/** Watching goes on this long after stress-ng ended: a failover late in the soak shows its move back too. */
const COOLDOWN_SECONDS = 15;

interface Options {
  presets: Preset[];
  minutes: number;
  cpus: number;
  verbose: boolean;
  dir: string;
  log: string;
}

const loadavg = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

async function onHost(lab: string, host: string, cmd: string, opts: Options) {
  return hasetup(['lab', 'ssh', host, '--name', lab, '--', cmd], { logFile: opts.log });
}

interface StatusJson {
  cluster: string;
  vipHolders: Record<string, string[]>;
  hosts: { host: string; state: string; keepalivedActive: boolean }[];
}

async function status(inventory: string, opts: Options): Promise<{ holders: string[]; states: Record<string, string> } | null> {
  const r = await hasetup(['status', inventory, '--json'], { logFile: opts.log });
  try {
    const doc = (JSON.parse(r.stdout) as StatusJson[])[0];
    if (!doc) return null;
    return {
      holders: Object.values(doc.vipHolders)[0] ?? [],
      states: Object.fromEntries(doc.hosts.map((h) => [h.host, h.keepalivedActive ? h.state : 'STOPPED'])),
    };
  } catch {
    return null;
  }
}

/** The inventory's `timing:` line set to the preset (the lab writes `timing: fast`). */
async function setTiming(inventory: string, preset: Preset): Promise<void> {
  const text = await fs.readFile(inventory, 'utf8');
  const re = /^(\s*timing:\s*)[a-z]+/m;
  if (!re.test(text)) throw new Error(`${inventory}: no "timing:" line to set to ${preset}`);
  await fs.writeFile(inventory, text.replace(re, `$1${preset}`));
}

/** Watches one host's address events until stop(); resolves once its monitor runs. */
async function watchHost(lab: string, host: string, vip: string, events: VipEvent[], opts: Options): Promise<Started> {
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  const w = start([process.execPath, CLI, 'lab', 'ssh', host, '--name', lab, '--', WATCH_COMMAND.text], {
    logFile: opts.log,
    onLine: (line) => {
      if (line.includes('hasetup-watch-ready')) ready();
      const e = parseWatchLine(line, host, 0); // the lab's hosts share this machine's clock
      if (e && e.address.split('/')[0] === vip) events.push({ t: e.t, host, kind: e.kind });
    },
  });
  w.done.catch(() => undefined); // stopped by us, or by a signal: handled by the caller
  const timeout = sleep(20_000).then(() => 'timeout' as const);
  if ((await Promise.race([isReady, timeout])) === 'timeout') {
    w.stop();
    throw new Error(`${host}: the address monitor did not start within 20 s`);
  }
  return w;
}

async function soakPreset(preset: Preset, opts: Options): Promise<PresetRecord> {
  const lab = LAB[preset];
  const inventory = path.join(opts.dir, `${lab}.yaml`);
  const record: PresetRecord = {
    preset,
    lab,
    timing: null,
    initialHolder: null,
    watchedFrom: 0,
    watchedTo: 0,
    events: [],
    monitorsLost: [],
    transitions: [],
    final: null,
    loadAverage: { before: [], after: [] },
  };
  console.log(`\n${preset}: lab ${lab}`);
  try {
    await labUp({ name: lab, hosts: 2, inventory, logFile: opts.log });
  } catch (err) {
    record.setupError = (err as Error).message;
    console.log(`  ${record.setupError}`);
    return record;
  }
  const monitors: Started[] = [];
  let stress: Started | undefined;
  try {
    await setTiming(inventory, preset);
    const d = await hasetup(['deploy', inventory], { logFile: opts.log, echo: opts.verbose });
    if (d.code !== 0) throw new Error(`deploy with timing ${preset} failed (exit ${d.code}):\n${tail(d, 15)}`);
    const cluster = await readLabInventory(inventory);
    const vip = cluster.vip.split('/')[0]!;
    const master = cluster.hosts[0]!.name;

    // The timing actually in effect, from the master's own config files.
    const conf = await onHost(lab, master, 'cat /etc/keepalived/keepalived.conf /etc/keepalived/hasetup.d/*.conf', opts);
    const p = parseEffectiveConfig(conf.stdout, { master: 0, backup: 0 }).params;
    record.timing = { vrrpVersion: p.vrrpVersion, advertInt: p.advertInt, checkInterval: p.checkInterval, fall: p.fall, rise: p.rise };
    console.log(`  deployed (VRRPv${p.vrrpVersion}, advert_int ${p.advertInt} s, check every ${p.checkInterval} s fall ${p.fall})`);

    // Settled: the VIP on the master alone and every keepalived MASTER or BACKUP, twice in a row 2 s apart.
    const deadline = Date.now() + 60_000;
    let settled = 0;
    let last: Awaited<ReturnType<typeof status>> = null;
    while (settled < 2) {
      if (Date.now() > deadline) throw new Error(`the cluster did not settle within 60 s after deploy: ${JSON.stringify(last)}`);
      last = await status(inventory, opts);
      const ok = last !== null && last.holders.length === 1 && last.holders[0] === master && Object.values(last.states).every((s) => s === 'MASTER' || s === 'BACKUP');
      settled = ok ? settled + 1 : 0;
      await sleep(2000);
    }
    record.initialHolder = master;

    // Transitions logged so far: only what comes after counts.
    const logFile = transitionsLog(lab);
    const before = new Map<string, number>();
    for (const h of cluster.hosts) before.set(h.name, parseTransitions((await onHost(lab, h.name, `cat ${logFile} 2>/dev/null; true`, opts)).stdout).length);

    // Watch every host, then saturate the CPUs.
    record.watchedFrom = Date.now();
    for (const h of cluster.hosts) monitors.push(await watchHost(lab, h.name, vip, record.events, opts));
    record.loadAverage.before = loadavg();
    const seconds = opts.minutes * 60;
    const command = ['stress-ng', '--cpu', String(opts.cpus), '--cpu-load', '100', '--timeout', `${seconds}s`, '--metrics-brief'];
    console.log(`  VIP on ${master}; ${command.join(' ')} (watching ${cluster.hosts.map((h) => h.name).join(', ')})`);
    const startedAt = Date.now();
    stress = start(command, { logFile: opts.log });
    const s = await stress.done;
    record.stress = { command, startedAt, endedAt: Date.now(), exitCode: s.code, output: (s.stdout + s.stderr).trim().split('\n').slice(-12).join('\n') };
    record.loadAverage.after = loadavg();
    console.log(`  stress-ng done after ${s.seconds.toFixed(0)} s (exit ${s.code}); ${COOLDOWN_SECONDS} s of cool-down`);
    await sleep(COOLDOWN_SECONDS * 1000);
    record.watchedTo = Date.now();
    for (const [i, m] of monitors.entries()) if (m.exited()) record.monitorsLost.push(cluster.hosts[i]!.name);
    for (const m of monitors) m.stop();

    for (const h of cluster.hosts) {
      const all = parseTransitions((await onHost(lab, h.name, `cat ${logFile} 2>/dev/null; true`, opts)).stdout);
      for (const t of all.slice(before.get(h.name) ?? 0)) record.transitions.push({ host: h.name, t: t.t * 1000, state: t.state });
    }
    record.transitions.sort((a, b) => a.t - b.t);
    record.final = await status(inventory, opts);
    console.log(`  ${headline(record, opts.cpus)}`);
  } catch (err) {
    if (err instanceof Interrupted) throw err;
    record.setupError = (err as Error).message;
    console.log(`  ${preset}: ${record.setupError}`);
  } finally {
    // stress-ng by its PID (its process group), should anything above have failed while it ran.
    if (stress && !stress.exited()) {
      console.log(`  stopping stress-ng (PID ${stress.pid})`);
      stress.stop('SIGINT');
    }
    for (const m of monitors) m.stop();
    await labDown(lab, opts.log);
  }
  return record;
}

function parsePresets(list: string | undefined): Preset[] {
  if (list === undefined) return [...PRESETS];
  const names = list.split(',').map((s) => s.trim());
  for (const p of names) if (!PRESETS.includes(p as Preset)) throw new Error(`--presets expects ${PRESETS.join(', ')} (or a comma-separated list), got ${p}`);
  return PRESETS.filter((p) => names.includes(p));
}

function requireStressNg(): void {
  try {
    execFileSync('stress-ng', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('stress-ng is not installed: apt-get install stress-ng (see bench/README.md, "Setup")');
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    values: ['presets', 'minutes', 'cpus', 'from'],
    switches: ['no-build', 'verbose', 'dirty'],
  });
  const from = args.get('from');
  if (from !== undefined) {
    console.log(renderText(await rerender<SoakData>(from, 'soak', renderMarkdown)));
    return;
  }
  const presets = parsePresets(args.get('presets'));
  const minutes = countOption(args, 'minutes', 10);
  const cpus = countOption(args, 'cpus', os.cpus().length);
  requireStressNg();
  const git = checkTree(args.has('dirty'));
  const dir = await scratchDir('bench-soak');
  const opts: Options = { presets, minutes, cpus, verbose: args.has('verbose'), dir, log: path.join(dir, 'commands.log') };
  await withLabCleanup(async () => {
    await build(args.has('no-build'));
    const record = newRecord<SoakData>('soak', git, { presets, minutes, cpus, cooldownSeconds: COOLDOWN_SECONDS }, {
      minutes,
      cooldownSeconds: COOLDOWN_SECONDS,
      cpus,
      presets: [],
    });
    for (const preset of presets) record.data.presets.push(await soakPreset(preset, opts));
    await finishRecord(record, { markdown: renderMarkdown, text: renderText }, opts.log);
  }, opts.log);
}

await main().catch((err: unknown) => {
  console.error(`error: ${(err as Error).message}`);
  process.exitCode = 2;
});
