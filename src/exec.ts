// The one place hasetup runs local programs. Remote commands go through remote/ instead.
import { spawn } from 'node:child_process';
import { ExecError } from './errors.js';

export interface ExecOptions {
  /** Fail (throw ExecError) on a non-zero exit; default true. */
  check?: boolean;
  input?: string;
  /** Kill the process after this many milliseconds. */
  timeoutMs?: number;
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
    });
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
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const msg = err.code === 'ENOENT' ? `${file}: command not found` : err.message;
      reject(new ExecError(argv.join(' '), null, null, '', msg, opts.hint));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (partial && opts.onLine) opts.onLine(partial);
      const result = { code, signal, stdout, stderr };
      if ((opts.check ?? true) && code !== 0) {
        reject(new ExecError(argv.join(' '), code, signal, stdout, stderr, opts.hint));
      } else resolve(result);
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Whether a program is on PATH. */
export async function haveCommand(name: string): Promise<boolean> {
  const r = await exec(['sh', '-c', 'command -v "$1"', 'sh', name], { check: false });
  return r.code === 0;
}

/**
 * Starts a program that outlives hasetup (its own session: neither Ctrl-C nor a hang-up of our terminal
 * reaches it) and returns its PID. Used for failsafes that must fire even when hasetup is killed.
 */
export function spawnDetached(argv: readonly string[]): number {
  const [file, ...args] = argv;
  if (!file) throw new Error('spawnDetached: empty argv');
  const child = spawn(file, args, { detached: true, stdio: 'ignore' });
  child.unref();
  if (!child.pid) throw new ExecError(argv.join(' '), null, null, '', `${file}: could not be started`);
  return child.pid;
}
