// The one place hasetup runs local programs, three ways: exec() waits and captures the output;
// execInteractive() hands the terminal over (lab ssh); spawnDetached() starts a program that outlives
// hasetup (a lab host's supervisor). Remote commands go through remote/ instead. Programs get an argv,
// never a shell line, unless argv itself is ['sh', '-c', CONSTANT, ...values].
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { ExecError } from './errors.js';
import { t } from './i18n/index.js';

export interface ExecOptions {
  /** Fail (throw ExecError) on a non-zero exit; default true. */
  check?: boolean;
  input?: string;
  /** Kill the process after this many milliseconds (its whole group with `group`). */
  timeoutMs?: number;
  /**
   * Run it in a process group of its own, so the timeout and `signal` kill everything it started (a wrapper
   * script's children hold its output open: killing only the wrapper would wait for them). For commands from
   * the inventory (power commands); a Ctrl-C on the terminal no longer reaches the group, `signal` does.
   */
  group?: boolean;
  /** Aborting it kills the program (its group with `group`): the run ends at once with signal SIGKILL. */
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with each line of output as it arrives (stdout and stderr). */
  onLine?: (line: string) => void;
  hint?: string;
}

export interface ExecResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export function exec(argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (!file) throw new Error('exec: empty argv');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      detached: opts.group === true,
    });
    const kill = () => {
      try {
        if (opts.group && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    };
    let stdout = '';
    let stderr = '';
    let partial = '';
    const feed = (chunk: string) => {
      if (!opts.onLine) return;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) opts.onLine(l);
    };
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      feed(d);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      feed(d);
    });
    const timer = opts.timeoutMs ? setTimeout(kill, opts.timeoutMs) : undefined;
    if (opts.signal?.aborted) kill();
    opts.signal?.addEventListener('abort', kill, { once: true });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', kill);
      const msg = err.code === 'ENOENT' ? t().errors.commandNotFound({ program: file }) : err.message;
      reject(new ExecError(argv.join(' '), null, null, '', msg, opts.hint));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', kill);
      if (partial && opts.onLine) opts.onLine(partial);
      const result = { code, signal, stdout, stderr };
      if ((opts.check ?? true) && code !== 0) {
        reject(new ExecError(argv.join(' '), code, signal, stdout, stderr, opts.hint));
      } else resolve(result);
    });
    if (opts.input !== undefined) {
      // A program that exits without reading its input closes the pipe: EPIPE here is not our error.
      child.stdin?.on('error', () => {});
      child.stdin?.end(opts.input);
    }
  });
}

/** Runs a program on this terminal (stdin, stdout, stderr inherited): its exit code, 127 when it could not start. */
export function execInteractive(argv: readonly string[]): Promise<number> {
  const [file, ...args] = argv;
  if (!file) throw new Error('execInteractive: empty argv');
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: 'inherit' });
    child.on('close', (c) => resolve(c ?? 1));
    child.on('error', () => resolve(127));
  });
}

/**
 * Starts a program in a session of its own (neither a Ctrl-C nor a hang-up of our terminal reaches it),
 * stdout and stderr appended to logFile (or dropped), not waited for: it outlives hasetup, as the lab's host
 * supervisors and the failsafes that must fire even when hasetup is killed do. Returns its PID (undefined:
 * it did not start).
 */
export function spawnDetached(argv: readonly string[], logFile?: string): number | undefined {
  const [file, ...args] = argv;
  if (!file) throw new Error('spawnDetached: empty argv');
  const log = logFile === undefined ? 'ignore' : openSync(logFile, 'a');
  try {
    const child = spawn(file, args, { detached: true, stdio: ['ignore', log, log] });
    child.on('error', () => {}); // a program that cannot start shows as no PID; nothing else to report
    child.unref();
    return child.pid;
  } finally {
    if (typeof log === 'number') closeSync(log);
  }
}

/** Whether a program is on PATH. */
export async function haveCommand(name: string): Promise<boolean> {
  const r = await exec(['sh', '-c', 'command -v "$1"', 'sh', name], { check: false });
  return r.code === 0;
}
