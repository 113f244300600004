// The catalogs are checked here beyond what the compiler checks: every placeholder of the English message is
// used by the Chinese one (and no other), every key is used by the code, and no Chinese message is the English
// text left untranslated. docs/i18n.md.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en/index.js';
import { zhCN } from '../../../src/i18n/zh-CN/index.js';

type Leaf = { path: string; value: unknown };

function leaves(obj: unknown, prefix = ''): Leaf[] {
  if (typeof obj === 'string' || typeof obj === 'function') return [{ path: prefix, value: obj }];
  if (obj && typeof obj === 'object')
    return Object.entries(obj).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  return [{ path: prefix, value: obj }];
}

/** Calls a message function with a parameter object that records which placeholders it reads. */
function render(fn: unknown): { text: string; used: string[] } {
  const used = new Set<string>();
  const params = new Proxy(
    {},
    {
      get: (_t, key) => {
        if (typeof key === 'symbol') return undefined;
        used.add(key);
        return `⟦${key}⟧`;
      },
    },
  );
  const text = typeof fn === 'function' ? String((fn as (p: unknown) => unknown)(params)) : String(fn);
  return { text, used: [...used].sort() };
}

/** Messages that are the same in both languages on purpose (a unit, a code, a name). */
const SAME_IN_BOTH = new Set<string>([]);

const enLeaves = leaves(en);
const zhByPath = new Map(leaves(zhCN).map((l) => [l.path, l.value]));

describe('message catalogs', () => {
  it('zh-CN has exactly the keys of en', () => {
    expect([...zhByPath.keys()].sort()).toEqual(enLeaves.map((l) => l.path).sort());
  });

  it('every message is a string or a function of one parameter object', () => {
    for (const { path: p, value } of [...enLeaves, ...leaves(zhCN)]) {
      const ok = typeof value === 'string' || (typeof value === 'function' && value.length <= 1);
      expect(ok, `${p} is ${typeof value}`).toBe(true);
    }
  });

  it('each zh-CN message uses the same placeholders as the English one', () => {
    for (const { path: p, value } of enLeaves) {
      const a = render(value);
      const b = render(zhByPath.get(p));
      expect(b.used, `${p}: placeholders read`).toEqual(a.used);
      for (const key of a.used) {
        if (a.text.includes(`⟦${key}⟧`)) expect(b.text, `${p}: {${key}} missing in zh-CN`).toContain(`⟦${key}⟧`);
      }
    }
  });

  it('no zh-CN message is the English text left as it was', () => {
    const same = enLeaves.filter((l) => !SAME_IN_BOTH.has(l.path) && render(l.value).text === render(zhByPath.get(l.path)).text);
    expect(same.map((l) => l.path)).toEqual([]);
  });

  it('every key is used by the code', () => {
    const code: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const f = path.join(dir, e.name);
        if (e.isDirectory()) {
          // The catalogs themselves are not code that uses them; the helpers next to them (src/i18n/commander.ts, text.ts) are.
          if (f !== path.join('src', 'i18n', 'en') && f !== path.join('src', 'i18n', 'zh-CN')) walk(f);
        } else if (f.endsWith('.ts')) code.push(fs.readFileSync(f, 'utf8'));
      }
    };
    walk('src');
    const all = code.join('\n');
    const unused = enLeaves.filter((l) => {
      const last = l.path.split('.').at(-1)!;
      return !new RegExp(`\\.${last}\\b|\\['${last}'\\]`).test(all);
    });
    expect(unused.map((l) => l.path)).toEqual([]);
  });
});
