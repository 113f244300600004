// A RemoteHost for unit tests: answers commands from a list of responders and records every call, so code that
// acts on hosts is tested as data (commands out, canned results in) without SSH.
import type { ShellCommand } from '../../src/remote/command.js';
import type { RemoteHost, RunOptions, RunResult, StreamHandle } from '../../src/remote/host.js';

export type Responder = {
  /** A RegExp tested against the command, or a string the command must contain. */
  match: RegExp | string;
  /** Tested against the standard input instead (scripts sent with `sh -s`). */
  onInput?: boolean;
  result: RunResult | ((command: string, input: string | undefined) => RunResult);
};

export interface RecordedCall {
  /** The command line as the host would run it (ShellCommand.text). */
  command: string;
  input?: string;
  /** 'run' or 'stream'. */
  kind: 'run' | 'stream';
}

export interface RecordingHostOptions {
  /** Throw on a command no responder matches (default: answer code 0 with empty output). */
  throwOnUnmatched?: boolean;
  /** Shared by several hosts: every call as `host: command-or-first-input-line`, in the order they happened. */
  log?: string[];
}

export const OK: RunResult = { code: 0, stdout: '', stderr: '' };

/**
 * A responder for a script of parts (src/deploy/apply.ts partsScript): the first `okParts` parts succeed (all of
 * them by default) and print their markers; a part that fails exits with 1 and `stderr`.
 */
export function partsAnswer(okParts = Infinity, stderr = ''): (command: string, input: string | undefined) => RunResult {
  return (_command, input) => {
    const all = [...(input ?? '').matchAll(/^echo '(@@part \d+ ok)'$/gm)].map((m) => m[1]!);
    const ok = all.slice(0, okParts);
    return { code: ok.length < all.length ? 1 : 0, stdout: ok.map((l) => `${l}\n`).join(''), stderr: ok.length < all.length ? stderr : '' };
  };
}

/** A RunResult in one call: result(0, 'out'), result(1, '', 'error text'). */
export function result(code: number, stdout = '', stderr = ''): RunResult {
  return { code, stdout, stderr };
}

export class RecordingHost implements RemoteHost {
  readonly calls: RecordedCall[] = [];
  closed = false;
  private readonly responders: Responder[];

  constructor(
    readonly name: string,
    readonly address: string,
    responders: Responder[] = [],
    private readonly opts: RecordingHostOptions = {},
  ) {
    this.responders = [...responders];
  }

  /** Adds a responder; the first matching responder wins, so earlier ones take precedence. */
  on(match: RegExp | string, res: Responder['result']): this {
    this.responders.push({ match, result: res });
    return this;
  }

  /** Adds a responder tested against a command's standard input (the scripts sent to `sh -s`). */
  onInput(match: RegExp | string, res: Responder['result']): this {
    this.responders.push({ match, result: res, onInput: true });
    return this;
  }

  /** The commands run so far, in order. */
  get commands(): string[] {
    return this.calls.map((c) => c.command);
  }

  private answer(command: string, input: string | undefined): RunResult {
    for (const r of this.responders) {
      const subject = r.onInput ? (input ?? '') : command;
      const hit = typeof r.match === 'string' ? subject.includes(r.match) : r.match.test(subject);
      if (!hit) continue;
      const res = typeof r.result === 'function' ? r.result(command, input) : r.result;
      return { ...res };
    }
    if (this.opts.throwOnUnmatched) throw new Error(`RecordingHost ${this.name}: no responder for command: ${command}`);
    return { ...OK };
  }

  async run(shellCommand: ShellCommand, opts: RunOptions = {}): Promise<RunResult> {
    const command = shellCommand.text;
    await Promise.resolve(); // answer asynchronously, like a real host
    if (this.closed) throw new Error(`RecordingHost ${this.name}: run() after close()`);
    this.calls.push(opts.input === undefined ? { command, kind: 'run' } : { command, input: opts.input, kind: 'run' });
    this.opts.log?.push(`${this.name}: ${opts.input === undefined ? command : `${command} <<< ${opts.input}`}`);
    return this.answer(command, opts.input);
  }

  /** Answers like run(), then hands each line of the responder's stdout to onLine; done settles right away. */
  async stream(shellCommand: ShellCommand, onLine: (line: string) => void): Promise<StreamHandle> {
    const command = shellCommand.text;
    await Promise.resolve();
    this.calls.push({ command, kind: 'stream' });
    const res = this.answer(command, undefined);
    const lines = res.stdout.split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (const l of lines) onLine(l);
    const done = Promise.resolve(res);
    return { stop: async () => void (await done), done };
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}
