// The Chinese catalog uses the glossary's terms (docs/glossary.zh-CN.md): no message uses a word the glossary
// forbids (src/i18n/glossary.ts), and the doc's "不用的说法" table lists exactly those words.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORBIDDEN_TERMS, type ForbiddenTerm } from '../../../src/i18n/glossary.js';
import { zhCN } from '../../../src/i18n/zh-CN/index.js';

function leaves(obj: unknown, prefix = ''): { path: string; value: unknown }[] {
  if (typeof obj === 'string' || typeof obj === 'function') return [{ path: prefix, value: obj }];
  if (obj && typeof obj === 'object') return Object.entries(obj).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  return [];
}

/** The message with its placeholders shown as ⟦name⟧ (booleans read them as true). */
function render(fn: unknown): string {
  const params = new Proxy({}, { get: (_t, key) => (typeof key === 'symbol' ? undefined : `⟦${key}⟧`) });
  return typeof fn === 'function' ? String((fn as (p: unknown) => unknown)(params)) : String(fn);
}

const uses = (text: string, f: ForbiddenTerm) => (f.pattern ? f.pattern.test(text) : text.includes(f.term));

describe('glossary', () => {
  it('no Chinese catalog message uses a term the glossary forbids', () => {
    const found = leaves(zhCN)
      .flatMap((l) => {
        const text = render(l.value);
        return FORBIDDEN_TERMS.filter((f) => uses(text, f)).map((f) => `${l.path}: "${f.term}" (use "${f.use}")`);
      });
    expect(found).toEqual([]);
  });

  it('README.zh-CN.md uses none of them in its prose', () => {
    // Code blocks and inline code are quoted output and commands, not prose.
    const prose = fs.readFileSync('README.zh-CN.md', 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
    expect(FORBIDDEN_TERMS.filter((f) => uses(prose, f)).map((f) => f.term)).toEqual([]);
  });

  it('docs/glossary.zh-CN.md lists exactly the forbidden terms of src/i18n/glossary.ts', () => {
    const doc = fs.readFileSync('docs/glossary.zh-CN.md', 'utf8');
    const section = doc.slice(doc.indexOf('## 不用的说法'));
    const rows = [...section.matchAll(/^\| `([^`]+)` \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => ({ term: m[1]!, use: m[2]!.trim(), meaning: m[3]!.trim() }));
    expect(rows).toEqual(FORBIDDEN_TERMS.map(({ term, use, meaning }) => ({ term, use, meaning })));
  });
});
