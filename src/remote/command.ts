// The one way to build a command line for a remote host. cmd`...` quotes every interpolated value for POSIX
// sh (with sh() from shell.ts); only a ShellCommand (a nested cmd`...` result) goes in as it is. RemoteHost.run
// takes a ShellCommand, never a string, so a command built with a plain template literal does not compile.
//
//   cmd`systemctl restart ${unit}`            -> systemctl restart 'my unit.service'
//   cmd`install -d -- ${dirs}`                 -> an array becomes one quoted word per element
//   cmd`${inner} || ${fallback}`               -> nested commands are trusted fragments
//   raw('2>/dev/null')                         -> a constant fragment (lint: string literals only)
//
// Quoting makes a value one word; it does not stop a word starting with '-' from being read as an option:
// put `--` before such values, as every call site that passes a path or a name does.
import { sh } from './shell.js';

class Command {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  /** The command line, ready for `sh -c`. */
  get text(): string {
    return this.#text;
  }
  toString(): string {
    return this.#text;
  }
}

/** A command line whose every value was quoted when it was built (by cmd`...`, raw() or joinCommands()). */
export type ShellCommand = Command;

/** What may be interpolated: words (quoted), nested commands (as they are), or arrays of both. */
export type CommandValue = string | number | ShellCommand | readonly (string | number | ShellCommand)[];

function piece(value: unknown): string {
  if (value instanceof Command) return value.text;
  if (typeof value === 'string' || typeof value === 'number') return sh(value);
  if (Array.isArray(value)) return value.map((v: unknown) => (Array.isArray(v) ? bad(v) : piece(v))).join(' ');
  return bad(value);
}

function bad(value: unknown): never {
  throw new TypeError(`cmd: cannot put a ${Array.isArray(value) ? 'nested array' : typeof value} into a command line`);
}

/** Tagged template: every value is quoted, nested ShellCommands are kept as they are. */
export function cmd(strings: TemplateStringsArray, ...values: CommandValue[]): ShellCommand {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += piece(v) + (strings[i + 1] ?? '');
  });
  return new Command(out);
}

/**
 * A constant fragment of shell syntax (a redirection, an operator). Lint allows only a string literal here
 * (no-restricted-syntax in eslint.config.js), so a value can never reach a command line this way.
 */
export function raw(fragment: string): ShellCommand {
  return new Command(fragment);
}

/** Joins commands with a separator from a fixed set (lines of a script, a list, a pipeline of && / ||). */
export function joinCommands(parts: readonly ShellCommand[], separator: '\n' | '; ' | ' && ' | ' || ' | ' ' = '\n'): ShellCommand {
  return new Command(parts.map((p) => p.text).join(separator));
}

/** A script of lines (joined with newlines, with a final newline), for `sh -s` on standard input. */
export function script(lines: readonly ShellCommand[]): ShellCommand {
  return new Command(lines.map((l) => `${l.text}\n`).join(''));
}
