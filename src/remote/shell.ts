// Quoting for POSIX sh: every value that reaches a remote command line goes through sh().

/** Quotes one value for a POSIX shell: plain words stay as they are, anything else in single quotes. */
export function sh(value: string | number): string {
  const s = String(value);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Joins argv into a command line, quoting each word. */
export function shJoin(argv: readonly (string | number)[]): string {
  return argv.map(sh).join(' ');
}
