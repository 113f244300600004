// What deploy --dry-run prints: a unified diff per file (3 lines of context, from an LCS of lines, so small
// config files diff exactly as a reader expects), and secrets hidden before anything is printed.
import { t } from '../i18n/index.js';

/**
 * Hides secrets for printing: auth_pass values, and the path and query of every URL but a loopback one (a
 * webhook's token lives there: in its curl config file now, in the notify script of hosts deployed before).
 */
export function redact(content: string): string {
  return content
    .replace(/^([-+ ]?\s*auth_pass\s+)\S+/gm, '$1******')
    .replace(/\b(https?:\/\/([A-Za-z0-9.-]+)(?::\d+)?)([/?#][^\s'"]*)/g, (url, origin: string, hostname: string) =>
      /^(127\.\d+\.\d+\.\d+|localhost)$/.test(hostname) ? url : `${origin}/******`,
    );
}

/** A unified diff (3 lines of context) from an LCS of lines; before undefined = a new file. */
export function unifiedDiff(path: string, before: string | undefined, after: string): string {
  const a = before === undefined ? [] : splitLines(before);
  const b = splitLines(after);
  const n = a.length;
  const m = b.length;
  // LCS lengths from the end: lcs[i][j] = LCS of a[i..] and b[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  type Op = { kind: ' ' | '-' | '+'; text: string; ai: number; bi: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', text: a[i]!, ai: i++, bi: j++ });
    else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: '-', text: a[i]!, ai: i++, bi: j });
    else ops.push({ kind: '+', text: b[j]!, ai: i, bi: j++ });
  }
  if (!ops.some((o) => o.kind !== ' ')) return '';
  const ctx = 3;
  const out = [`--- ${before === undefined ? '/dev/null' : t().deploy.diffOnHost({ path })}`, `+++ ${t().deploy.diffPlanned({ path })}`];
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k]!.kind === ' ') k++;
    if (k >= ops.length) break;
    const start = Math.max(0, k - ctx);
    let end = k;
    // extend the hunk while changes are within 2*ctx of each other
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]!.kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * ctx) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + ctx);
    const hunk = ops.slice(start, stop);
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    const aStart = aLen === 0 ? hunk[0]!.ai : hunk[0]!.ai + 1;
    const bStart = bLen === 0 ? hunk[0]!.bi : hunk[0]!.bi + 1;
    out.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.text}`);
    k = stop;
  }
  return `${out.join('\n')}\n`;
}

function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
