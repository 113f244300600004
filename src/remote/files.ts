// Reading, writing and backing up files on any RemoteHost with plain POSIX tools (cat, base64, mktemp, chmod, mv),
// so it works the same over SSH, through sudo, and against a local shell in tests. Content always travels as base64
// (stdout for reads, stdin for writes): binary bytes and trailing newlines survive, and nothing lands on a command line.
import path from 'node:path';
import { HostStepError, indent, lastLines } from '../errors.js';
import type { RemoteHost, RunResult } from './host.js';
import { sh } from './shell.js';

export interface WriteFileOptions {
  /** Permission bits, as a number (0o644) or an octal string ('0644', '600'). */
  mode: number | string;
  /** 'root': chown root:root (the default leaves the owner the remote user has, which is root under sudo). */
  owner?: 'root';
  /** The step name errors carry; default `write PATH`. */
  step?: string;
}

const ABSENT_CODE = 3;
const READ_FAILED = 'hasetup: reading failed';

function checkPath(host: RemoteHost, step: string, p: string): void {
  if (!p.startsWith('/') || p.includes('\0') || p.endsWith('/')) {
    throw new HostStepError(host.name, step, `not an absolute file path: ${JSON.stringify(p)}`);
  }
}

function failure(host: RemoteHost, step: string, what: string, r: RunResult): HostStepError {
  const how = r.code === -1 ? r.stderr : `exit code ${r.code}`;
  const tail = r.code === -1 ? '' : lastLines(r.stderr || r.stdout, 8);
  return new HostStepError(host.name, step, `${what} failed (${how})${tail ? `:\n${indent(tail)}` : ''}`);
}

/** Octal mode string for chmod, from 0o644 or '644' / '0644'. */
export function modeString(mode: number | string): string {
  if (typeof mode === 'number') {
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o7777) throw new Error(`invalid file mode ${mode}`);
    return mode.toString(8).padStart(4, '0');
  }
  if (!/^[0-7]{3,4}$/.test(mode)) throw new Error(`invalid file mode ${JSON.stringify(mode)}`);
  return mode.padStart(4, '0');
}

/** The file's content as text (UTF-8), or undefined when it does not exist. */
export async function readRemoteFile(host: RemoteHost, file: string, opts: { step?: string } = {}): Promise<string | undefined> {
  const buf = await readRemoteFileBytes(host, file, opts);
  return buf?.toString('utf8');
}

/** The file's bytes, or undefined when it does not exist (a dangling symlink counts as absent). */
export async function readRemoteFileBytes(host: RemoteHost, file: string, opts: { step?: string } = {}): Promise<Buffer | undefined> {
  const step = opts.step ?? `read ${file}`;
  checkPath(host, step, file);
  const p = sh(file);
  // cat's failure (a directory, no permission) would be hidden by the pipe's status: a marker line tells it.
  const cmd = `[ -e ${p} ] || exit ${ABSENT_CODE}; { cat -- ${p} || echo ${sh(READ_FAILED)} >&2; } | base64`;
  const r = await host.run(cmd);
  if (r.code === ABSENT_CODE) return undefined;
  if (r.code === 0 && r.stderr.includes(READ_FAILED)) {
    const tail = lastLines(r.stderr.split(READ_FAILED).join('').trim(), 8);
    throw new HostStepError(host.name, step, `reading ${file} failed (cat failed)${tail ? `:\n${indent(tail)}` : ''}`);
  }
  if (r.code !== 0) throw failure(host, step, `reading ${file}`, r);
  return Buffer.from(r.stdout.replace(/\s+/g, ''), 'base64');
}

/** The shell script writeRemoteFile runs; the content (base64) comes on stdin. Exported for tests. */
export function writeFileScript(file: string, opts: WriteFileOptions): string {
  const dir = path.posix.dirname(file);
  const base = path.posix.basename(file);
  const lines = [
    'set -e',
    'umask 022',
    `mkdir -p -- ${sh(dir)}`,
    // same directory as the target, so the final mv is an atomic rename
    `tmp=$(mktemp -- ${sh(`${dir === '/' ? '' : dir}/.${base}.hasetup-XXXXXX`)})`,
    `trap 'rm -f -- "$tmp"' EXIT`,
    'base64 -d > "$tmp"',
    `chmod ${modeString(opts.mode)} "$tmp"`,
  ];
  if (opts.owner === 'root') lines.push('chown root:root "$tmp"');
  lines.push(`mv -f -- "$tmp" ${sh(file)}`);
  return lines.join('\n');
}

/**
 * Writes the file atomically: the content goes through stdin into a temporary file in the same directory, gets its
 * mode (and owner), then replaces the target with `mv -f`. Missing parent directories are created with mode 0755.
 */
export async function writeRemoteFile(host: RemoteHost, file: string, content: string | Buffer, opts: WriteFileOptions): Promise<void> {
  const step = opts.step ?? `write ${file}`;
  checkPath(host, step, file);
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const b64 = (data.toString('base64').match(/.{1,76}/g) ?? []).join('\n') + '\n';
  const r = await host.run(writeFileScript(file, opts), { input: b64 });
  if (r.code !== 0) throw failure(host, step, `writing ${file}`, r);
}

/** The path of the backup backupRemoteFile makes: PATH.hasetup-STAMP.bak. */
export function backupPath(file: string, stamp: string): string {
  return `${file}.hasetup-${stamp}.bak`;
}

/**
 * Copies the file to PATH.hasetup-STAMP.bak, keeping mode, owner and times (cp -p). Returns the backup's path, or
 * undefined when the file does not exist (nothing to back up).
 */
export async function backupRemoteFile(host: RemoteHost, file: string, stamp: string, opts: { step?: string } = {}): Promise<string | undefined> {
  const step = opts.step ?? `back up ${file}`;
  checkPath(host, step, file);
  if (!/^[A-Za-z0-9._:-]+$/.test(stamp)) throw new HostStepError(host.name, step, `invalid backup stamp ${JSON.stringify(stamp)}`);
  const dest = backupPath(file, stamp);
  const r = await host.run(`[ -e ${sh(file)} ] || exit ${ABSENT_CODE}; cp -p -- ${sh(file)} ${sh(dest)}`);
  if (r.code === ABSENT_CODE) return undefined;
  if (r.code !== 0) throw failure(host, step, `copying ${file} to ${dest}`, r);
  return dest;
}
