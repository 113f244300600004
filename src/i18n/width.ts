// Terminal columns, not string length: a CJK character takes two columns, so padEnd() misaligns Chinese text.
import stringWidth from 'string-width';

export function displayWidth(s: string): number {
  return stringWidth(s);
}

/** padEnd by terminal columns (ANSI colours count as zero). */
export function padEndColumns(s: string, columns: number): string {
  return s + ' '.repeat(Math.max(0, columns - stringWidth(s)));
}

export function padStartColumns(s: string, columns: number): string {
  return ' '.repeat(Math.max(0, columns - stringWidth(s))) + s;
}
