// Every error hasetup expects carries an exit code and a message written for the person at the terminal.
// Anything else reaching the entry point is a bug (and is reported as one, with a hint, not a bare stack).
import { t } from './i18n/index.js';

export const ExitCode = {
  ok: 0,
  failure: 1, // a host, a step or a test failed
  usage: 2, // bad input: arguments, inventory, answers; nothing was touched
  interrupted: 130,
} as const;

export class HasetupError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(message: string, opts: { exitCode?: number; hint?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = new.target.name;
    this.exitCode = opts.exitCode ?? ExitCode.failure;
    this.hint = opts.hint;
  }
}

/** Wrong arguments or input files: exit 2, nothing on any host was touched. */
export class UsageError extends HasetupError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: ExitCode.usage, hint });
  }
}

/** A step that failed on one host: says which host and which step. */
export class HostStepError extends HasetupError {
  constructor(
    readonly host: string,
    readonly step: string,
    message: string,
    /** label: the step as the message names it, in the current language (default: `step` itself). */
    opts: { hint?: string; cause?: unknown; label?: string } = {},
  ) {
    super(`${host}: ${opts.label ?? step}: ${message}`, { hint: opts.hint, cause: opts.cause, exitCode: ExitCode.failure });
  }
}

export class InterruptedError extends HasetupError {
  constructor(message = t().errors.interrupted) {
    super(message, { exitCode: ExitCode.interrupted });
  }
}

/** A local command that failed: the command, its exit code or signal, and the tail of what it printed. */
export class ExecError extends HasetupError {
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly signal: string | null,
    readonly stdout: string,
    readonly stderr: string,
    hint?: string,
  ) {
    const head = signal ? t().errors.commandKilled({ command, signal }) : t().errors.commandExited({ command, code: String(code) });
    const tail = lastLines(stderr || stdout, 8);
    super(`${head}${tail ? `\n${indent(tail)}` : ''}`, { hint });
  }
}

export function lastLines(text: string, n: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.slice(-n).join('\n');
}

export function indent(text: string, prefix = '  '): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}
