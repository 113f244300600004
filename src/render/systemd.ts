// Values in systemd unit files, escaped by systemd's own rules (systemd.unit(5), systemd.service(5)), not the
// shell's. Every setting: `%` starts a specifier (`%%` is a literal %), a line break or a trailing backslash
// would end or continue the line. Exec lines: systemd splits them into words itself (quotes, C escapes),
// expands `$VAR` (`$$` is a literal $), and a lone `;` separates commands.
// Checked against systemd 252 in the lab: a unit whose ExecStart= held every string of
// test/fixtures/tricky-strings.ts (plus %, $ and quote mixes) passed each one to the program byte for byte.
import type { ShellCommand } from '../remote/command.js';

function refuseBreaks(value: string, where: string): void {
  if (/[\n\r\0]/.test(value)) throw new Error(`refusing to put ${JSON.stringify(value)} into ${where}: it holds a line break or a NUL`);
}

/** A value for a unit-file setting that systemd does not split (Description=, a comment): `%` doubled. */
export function unitValue(value: string | number): string {
  const s = String(value);
  refuseBreaks(s, 'a unit file');
  if (s.endsWith('\\')) throw new Error(`refusing to put ${JSON.stringify(s)} into a unit file: a trailing backslash continues the line`);
  return s.replace(/%/g, '%%');
}

/**
 * One word of a setting systemd splits into words (tmpfiles.d lines, Environment=): plain words as they
 * are, anything else single-quoted with C escapes (systemd unescapes inside quotes too).
 */
export function unitWord(value: string): string {
  refuseBreaks(value, 'a unit file');
  const s = value.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** One word of an Exec*= line: as unitWord, and `$` doubled (systemd expands $VAR in Exec lines). */
export function execWord(value: string): string {
  // A lone ";" separates commands even when quoted, and we never need one as an argument.
  if (value === ';') throw new Error('refusing to put a lone ";" into an Exec line: systemd reads it as a command separator');
  return unitWord(value.replace(/\$/g, '$$$$'));
}

/**
 * An Exec*= value that runs `command` with /bin/sh: `[prefix]/bin/sh -c '<command>'`. The prefix is one of
 * systemd's special executable prefixes (`-` ignore failure, `+` full privileges), or none.
 */
export function execShell(command: ShellCommand, prefix: '' | '-' | '+' = ''): string {
  return `${prefix}/bin/sh -c ${execWord(command.text)}`;
}
