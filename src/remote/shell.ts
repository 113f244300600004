// Quoting for POSIX sh. Remote commands use it through cmd`...` (command.ts); templates of shell scripts
// through the {{sh}} helper (render.ts).

/** Quotes one value for a POSIX shell: plain words stay as they are, anything else in single quotes. */
export function sh(value: string | number): string {
  const s = String(value);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A script for `sh -s` as it travels on standard input: its body inside a function that its last line calls.
 * sh runs what it has read line by line, so a stdin cut short (a dropped connection) would run half a script
 * (a truncated `rm`, say) and exit 0; cut anywhere here, the function is unfinished or never called and
 * nothing runs (issue 21). `:` keeps an empty body valid.
 */
export function wholeOrNothing(body: string): string {
  return `hasetup_script() {\n:\n${body}${body.endsWith('\n') ? '' : '\n'}}\nhasetup_script\n`;
}
