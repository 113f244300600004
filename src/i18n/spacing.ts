// Spaces in Chinese, in one place (docs/i18n.md, "Lists and spaces"): one space between a Chinese character and a
// Latin word or number ("VIP 漂移到 node2"), none between two Chinese characters and none next to full-width
// punctuation ("应为整数", "错误：node1"). Apart from text.ts because the catalogs use it: it imports no catalog.

const WIDE_PUNCTUATION = /[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u201c\u201d\u2018\u2019]/u;
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u;
const LATIN = /[A-Za-z0-9]/;

/** Whether a space belongs between two neighbouring characters of Chinese text; undefined: as the writer wrote it. */
export function spaceBetween(left: string, right: string): boolean | undefined {
  if (WIDE_PUNCTUATION.test(left) || WIDE_PUNCTUATION.test(right)) return false;
  if (HAN.test(left) && HAN.test(right)) return false;
  if ((HAN.test(left) && LATIN.test(right)) || (LATIN.test(left) && HAN.test(right))) return true;
  return undefined;
}

/**
 * Tag for Chinese catalog messages whose values may be Chinese or Latin: `` zh`应为 ${p.want}` `` reads
 * "应为整数" and "应为 true 或 false". Only the spaces of the template at each value's edges change (one space or
 * none, by `spaceBetween`); the values themselves are kept as they are, so padded columns stay aligned.
 */
export function zh(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]!;
  values.forEach((value, i) => {
    const v = String(value);
    out = joinAt(out, v);
    out = joinAt(out, strings[i + 1]!, true);
  });
  return out;
}

/** Appends `next` to `text`, fixing the template's spaces at the seam (`templateOnRight`: next is template text). */
function joinAt(text: string, next: string, templateOnRight = false): string {
  if (next === '') return text;
  if (templateOnRight) {
    const trimmed = next.replace(/^ +/, '');
    const a = text.at(-1);
    const b = trimmed[0];
    if (a === undefined || b === undefined) return text + next;
    const want = spaceBetween(a, b);
    return want === undefined ? text + next : text + (want ? ' ' : '') + trimmed;
  }
  const trimmed = text.replace(/ +$/, '');
  const a = trimmed.at(-1);
  const b = next[0];
  if (a === undefined || b === undefined || a === '\n') return text + next;
  const want = spaceBetween(a, b);
  return want === undefined ? text + next : trimmed + (want ? ' ' : '') + next;
}
