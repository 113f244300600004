// Shared helpers for the benchmarks in bench/: running the built CLI and timing it, starting and
// always removing labs (also on Ctrl-C / SIGTERM), small statistics and plain-text / Markdown tables.
//
// The benchmarks only print figures; they assert nothing about speed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/ is one level below it). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

// ---------------------------------------------------------------------------------------------------------
// Running commands

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** wall-clock duration in seconds, from spawn to exit */
  seconds: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** text written to the child's stdin (otherwise stdin is /dev/null) */
  input?: string;
  /** append the child's output to this file as well */
  logFile?: string;
  /** pass the child's output through to ours */
  echo?: boolean;
  /** part of the clean-up after a signal: runs even then (everything else is refused once interrupted) */
  cleanup?: boolean;
  /** called with each line of the child's stdout as it arrives */
  onLine?: (line: string) => void;
  /** extra environment variables for the child */
  env?: NodeJS.ProcessEnv;
}

/** Thrown by run() once a signal has arrived: the benchmark stops where it is (labs are taken down). */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** Set by the signal handler in withLabCleanup. */
let interrupted = false;

/** Children currently running, so that a signal handler can stop them before the labs go down. */
const running = new Set<ChildProcess>();

/** A program started by start(): its PID, a way to stop it, and its result once it has exited. */
export interface Started {
  pid: number | undefined;
  /** resolves when the program has exited (rejects with Interrupted once a signal has arrived) */
  done: Promise<RunResult>;
  /** signals the program's process group (it has its own: see start); no-op once it has exited */
  stop(sig?: NodeJS.Signals): void;
  /** the program has exited */
  exited(): boolean;
}

/**
 * Starts a program and times it. Children get their own process group (`detached`): a Ctrl-C in the
 * terminal reaches only this script, which then decides what to stop, in which order (see withLabCleanup).
 */
export function start(argv: readonly string[], opts: RunOptions = {}): Started {
  const [file, ...args] = argv;
  if (!file) throw new Error('run: empty argv');
  if (interrupted && !opts.cleanup) {
    const done = Promise.reject(new Interrupted());
    done.catch(() => undefined); // the caller may never await it
    return { pid: undefined, done, stop: () => undefined, exited: () => true };
  }
  const log = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  log?.write(`\n$ ${argv.join(' ')}\n`);
  const started = performance.now();
  const child = spawn(file, args, {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
    stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let exited = false;
  const done = new Promise<RunResult>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      log?.write(d);
      if (opts.echo) process.stdout.write(d);
      if (opts.onLine) {
        const lines = (partial + d).split('\n');
        partial = lines.pop() ?? '';
        for (const l of lines) opts.onLine(l);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      log?.write(d);
      if (opts.echo) process.stderr.write(d);
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    child.on('error', (err) => {
      exited = true;
      running.delete(child);
      log?.end();
      reject(err);
    });
    child.on('close', (code, signal) => {
      exited = true;
      const seconds = (performance.now() - started) / 1000;
      running.delete(child);
      if (partial && opts.onLine) opts.onLine(partial);
      log?.end(`[exit ${code ?? signal} after ${seconds.toFixed(3)} s]\n`);
      // A child stopped because of our signal is no figure: stop the benchmark here.
      if (interrupted && !opts.cleanup) reject(new Interrupted());
      else resolve({ code, signal, seconds, stdout, stderr });
    });
  });
  return {
    pid: child.pid,
    done,
    stop: (sig = 'SIGTERM') => {
      if (!exited && child.pid) signalGroup(child.pid, sig);
    },
    exited: () => exited,
  };
}

/** Runs a program to its end and times it (see start). */
export function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return start(argv, opts).done;
}

/** Runs `node dist/cli.js ARGS...`. */
export function hasetup(args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return run([process.execPath, CLI, ...args], opts);
}

/** The last lines of a command's output, for error messages. */
export function tail(r: RunResult, lines = 8): string {
  return (r.stdout + r.stderr).trim().split('\n').slice(-lines).join('\n');
}

/** Builds dist/ from src/ (the same command as `npm run build`), unless --no-build was given. */
export async function build(skip: boolean): Promise<void> {
  if (skip) {
    console.log('using the existing dist/ (--no-build)');
    return;
  }
  console.log('building dist/ (npm run build: type check, then the bundle) ...');
  const r = await run(['npm', 'run', '--silent', 'build']);
  if (r.code !== 0) {
    throw new Error(`the build failed (exit ${r.code}); fix it or run with --no-build:\n${tail(r, 20)}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Labs: every lab this process starts is taken down again, whatever happens

/**
 * Benchmark labs are named "bf..." (e2e tests' labs start with "t": the two never meet). Clean-up takes down
 * only the labs this process started itself (the set below), never every lab on the machine. Where several
 * people share a machine, HASETUP_BENCH_LAB_PREFIX (two letters starting with "b", e.g. "bg") replaces "bf".
 */
export const BENCH_LAB_PREFIX = benchLabPrefix(process.env.HASETUP_BENCH_LAB_PREFIX);
export const BENCH_LAB_RE = new RegExp(`^${BENCH_LAB_PREFIX}[a-z0-9]{0,8}$`);

export function benchLabPrefix(value: string | undefined): string {
  if (value === undefined || value === '') return 'bf';
  if (!/^b[a-z]$/.test(value)) throw new Error(`HASETUP_BENCH_LAB_PREFIX must be two letters starting with "b" (e.g. bg); got ${value}`);
  return value;
}

/** A benchmark's lab name ("tfdep" -> "bfdep") with the prefix in force ("bgdep" under HASETUP_BENCH_LAB_PREFIX=bg). */
export function benchLab(name: string): string {
  return BENCH_LAB_PREFIX + name.replace(/^tf/, '');
}

/** Lab names this process may have started (also half-started ones: `lab down` cleans up leftovers). */
const labs = new Set<string>();

/** A lab started without labUp (another name rule): taken down like the others on an error or a signal. */
export function trackLab(name: string): void {
  labs.add(name);
}

export interface LabUpOptions {
  name: string;
  hosts?: number;
  bare?: boolean;
  inventory: string;
  logFile?: string;
}

/** `hasetup lab up`; returns how long it took. Throws when the lab does not come up. */
export async function labUp(opts: LabUpOptions): Promise<number> {
  if (!BENCH_LAB_RE.test(opts.name)) throw new Error(`benchmark lab names start with "${BENCH_LAB_PREFIX}" (at most 10 characters): ${opts.name}`);
  // A lab of that name that is already up was not started by this process: never use it, never take it down.
  const st = await hasetup(['lab', 'status', '--name', opts.name], { logFile: opts.logFile });
  if (st.code === 0) {
    throw new Error(
      `a lab named ${opts.name} is already up; the benchmark does not use or take down labs it did not start. ` +
        `If it is left over from an earlier benchmark run, take it down: node dist/cli.js lab down --name ${opts.name}`,
    );
  }
  labs.add(opts.name);
  const args = ['lab', 'up', '--name', opts.name, '--hosts', String(opts.hosts ?? 2), '--inventory', opts.inventory];
  if (opts.bare) args.push('--bare');
  const r = await hasetup(args, { logFile: opts.logFile });
  if (r.code !== 0) {
    // Started by someone else in the meantime: not ours to take down.
    if (/is already up/.test(r.stdout + r.stderr)) labs.delete(opts.name);
    throw new Error(`lab up --name ${opts.name} failed (exit ${r.code}):\n${tail(r)}`);
  }
  return r.seconds;
}

/** Take-downs in progress: a finally block and the signal handler may both ask for the same lab. */
const goingDown = new Map<string, Promise<void>>();

/** `hasetup lab down` of a lab this process started; never throws (it is called from finally blocks and signal handlers). */
export function labDown(name: string, logFile?: string): Promise<void> {
  if (!labs.has(name)) return Promise.resolve(); // not started by this process (or already down): not ours to take down
  const pending = goingDown.get(name);
  if (pending) return pending;
  const p = (async () => {
    try {
      const r = await hasetup(['lab', 'down', '--name', name], { logFile, cleanup: true });
      if (r.code !== 0) console.error(`warning: lab down --name ${name} exited ${r.code}:\n${tail(r)}`);
      else labs.delete(name);
    } catch (err) {
      console.error(`warning: lab down --name ${name}: ${(err as Error).message}`);
    } finally {
      goingDown.delete(name);
    }
  })();
  goingDown.set(name, p);
  return p;
}

/** Takes down every lab this process started (one at a time: they share the machine's network setup). */
export async function downAll(logFile?: string): Promise<void> {
  for (const name of [...labs]) await labDown(name, logFile);
}

/**
 * Runs `main` so that its labs are always removed: on success, on an error, and on SIGINT / SIGTERM / SIGHUP.
 * A signal first asks the running child (e.g. a failover-test, which then restores its scenario) to stop,
 * gives it a few seconds, kills it, then takes the labs down and exits 130.
 */
export async function withLabCleanup(main: () => Promise<void>, logFile?: string): Promise<void> {
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals) => {
    if (stopping) {
      console.error(`\n${sig}: still taking the benchmark labs down, please wait`);
      return;
    }
    stopping = true;
    interrupted = true;
    console.error(`\n${sig}: stopping, then taking the benchmark labs down (${[...labs].join(', ') || 'none'})`);
    void (async () => {
      await stopChildren();
      await downAll(logFile);
      process.exit(130);
    })();
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  try {
    await main();
  } catch (err) {
    if (!stopping) {
      console.error(`\nerror: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  }
  // After a signal the handler owns the clean-up and exits the process: wait for it.
  if (stopping) await new Promise(() => undefined);
  await downAll(logFile);
  for (const s of signals) process.off(s, onSignal);
}

/** SIGINT to each running child's process group, then SIGKILL after 15 s if it is still there. */
async function stopChildren(): Promise<void> {
  const children = [...running];
  const closed = children.map((c) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once('close', () => r()))));
  for (const c of children) if (c.pid) signalGroup(c.pid, 'SIGINT');
  const timer = setTimeout(() => {
    for (const c of running) if (c.pid) signalGroup(c.pid, 'SIGKILL');
  }, 15_000);
  await Promise.all(closed);
  clearTimeout(timer);
}

function signalGroup(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig); // the child's own process group (it was spawned detached)
  } catch {
    // already gone
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A fresh scratch directory for inventories, logs and reports. */
export async function scratchDir(prefix: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `hasetup-${prefix}-`));
}

// ---------------------------------------------------------------------------------------------------------
// Statistics and tables

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const min = (xs: readonly number[]): number | null => (xs.length ? Math.min(...xs) : null);
export const max = (xs: readonly number[]): number | null => (xs.length ? Math.max(...xs) : null);

/** Seconds with `digits` decimals, or "-" when there is no figure. */
export function secs(x: number | null | undefined, digits = 3): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : `${x.toFixed(digits)} s`;
}

/** A plain-text table with aligned columns (no colours, so it can be pasted anywhere). */
export function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)].join('\n');
}

/** The same table as GitHub-flavoured Markdown. */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${head.map(esc).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

/** Parses `--flag value` / `--flag=value` / `--switch` arguments; unknown flags are an error. */
export function parseArgs(argv: readonly string[], known: { values: string[]; switches: string[] }): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument ${a}`);
    const [, name = '', inline] = m;
    if (known.switches.includes(name)) out.set(name, 'true');
    else if (known.values.includes(name)) {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`--${name} needs a value`);
      out.set(name, v);
    } else {
      throw new Error(`unknown option --${name} (known: ${[...known.values, ...known.switches].map((k) => `--${k}`).join(', ')})`);
    }
  }
  return out;
}

/** A whole number >= 1 from an option, or the default. */
export function countOption(opts: Map<string, string>, name: string, dflt: number): number {
  const v = opts.get(name);
  if (v === undefined) return dflt;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--${name} expects a whole number >= 1, got ${v}`);
  return Number(v);
}

export interface DeployedLab {
  dir: string;
  log: string;
  /** the lab's inventory (`timing: fast`) and the same with `timing: standard` */
  fast: string;
  standard: string;
  vip: string;
}

/**
 * A lab up and deployed with `timing: fast`, with a `timing: standard` twin of its inventory (the kill-point and
 * interrupt benches switch between the two so that every deploy changes something). On a failure after `lab up`
 * the lab is taken down before the error goes on.
 */
export async function deployedLab(lab: string, scratch: string): Promise<DeployedLab> {
  const dir = await scratchDir(scratch);
  const log = path.join(dir, 'commands.log');
  const fast = path.join(dir, 'inventory.yaml');
  trackLab(lab);
  const up = await hasetup(['lab', 'up', '--name', lab, '--inventory', fast], { logFile: log });
  if (up.code !== 0) throw new Error(`lab up failed:\n${tail(up)}`);
  try {
    const text = await fs.readFile(fast, 'utf8');
    const standard = path.join(dir, 'standard.yaml');
    await fs.writeFile(standard, text.replace(/timing: fast/, 'timing: standard'));
    const vip = /address: (198\.18\.\d+\.\d+)\//.exec(text)![1]!;
    const first = await hasetup(['deploy', fast], { logFile: log });
    if (first.code !== 0) throw new Error(`first deploy failed:\n${tail(first)}`);
    return { dir, log, fast, standard, vip };
  } catch (err) {
    await labDown(lab, log);
    throw err;
  }
}

/** A command on a lab host through `hasetup lab ssh` (host-key checked); its stdout, trimmed. */
export async function labOnHost(lab: string, host: string, cmd: string): Promise<string> {
  const r = await hasetup(['lab', 'ssh', host, '--name', lab, '--', cmd]);
  return r.stdout.trim();
}

/** How many of `hosts` hold `vip`, one count per look, every 300 ms for `seconds` (from the hosts' kernels). */
export async function vipHolderCounts(lab: string, hosts: readonly string[], vip: string, seconds: number): Promise<number[]> {
  const counts: number[] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const held = await Promise.all(hosts.map(async (h) => (await labOnHost(lab, h, `ip -o -4 addr show | grep -c ' ${vip}/' || true`)) === '1'));
    counts.push(held.filter(Boolean).length);
    await sleep(300);
  }
  return counts;
}
