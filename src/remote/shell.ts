// Quoting for POSIX sh. Remote commands use it through cmd`...` (command.ts); templates of shell scripts
// through the {{sh}} helper (render.ts).

/** Quotes one value for a POSIX shell: plain words stay as they are, anything else in single quotes. */
export function sh(value: string | number): string {
  const s = String(value);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
