// Lists and spaces (src/i18n/text.ts, docs/i18n.md): Chinese lists use 、, never ", ", and the zh tag puts one space
// between Chinese and Latin text and none between two Chinese characters.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../../../src/i18n/zh-CN/index.js';
import { useLanguage } from '../../../src/i18n/index.js';
import { joinAlternatives, joinList, spaceBetween, zh } from '../../../src/i18n/text.js';

function leaves(obj: unknown, prefix = ''): { path: string; value: unknown }[] {
  if (typeof obj === 'string' || typeof obj === 'function') return [{ path: prefix, value: obj }];
  if (obj && typeof obj === 'object') return Object.entries(obj).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  return [];
}

/** Renders a message with every parameter set to `value` (booleans and counts read it as truthy). */
function renderWith(fn: unknown, value: string): string {
  const params = new Proxy({}, { get: (_t, key) => (typeof key === 'symbol' ? undefined : value) });
  return typeof fn === 'function' ? String((fn as (p: unknown) => unknown)(params)) : String(fn);
}

describe('lists', () => {
  afterAll(() => useLanguage('en'));

  it('joins with ", " in English and 、 in Chinese', async () => {
    await useLanguage('en');
    expect(joinList(['node1', 'node2', 'node3'])).toBe('node1, node2, node3');
    expect(joinAlternatives(['eth0', 'eth1'])).toBe('eth0 or eth1');
    await useLanguage('zh-CN');
    expect(joinList(['node1', 'node2', 'node3'])).toBe('node1、node2、node3');
    expect(joinAlternatives(['eth0', 'eth1'])).toBe('eth0 或 eth1');
    expect(joinList([])).toBe('');
  });

  describe('in Chinese', () => {
    beforeAll(() => useLanguage('zh-CN'));

    it('no Chinese message rendered with list parameters contains ", "', () => {
      const list = joinList(['node1', 'node2']);
      const found = leaves(zhCN)
        .map((l) => ({ path: l.path, text: renderWith(l.value, list) }))
        // ", " after a space or "..." is code quoted in the message (the characters " , " of a URL path, a YAML
        // flow map `{ off: ..., on: ... }`), not a list.
        .filter((r) => /(?<![ .]), /.test(r.text));
      expect(found).toEqual([]);
    });
  });

  it('no user-facing list in src/ is joined with ", " by hand', () => {
    // What is written for programs, not people: an nftables set on a lab host.
    const allowed = new Set(['src/lab/firewall.ts: ports']);
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const f = path.join(dir, e.name);
        if (e.isDirectory()) walk(f);
        else if (f.endsWith('.ts')) {
          for (const m of fs.readFileSync(f, 'utf8').matchAll(/(\w+)\.join\(', '\)/g)) {
            const key = `${f.split(path.sep).join('/')}: ${m[1]}`;
            if (!allowed.has(key)) found.push(key);
          }
        }
      }
    };
    walk('src');
    expect(found).toEqual([]);
  });
});

describe('spaces in Chinese (zh tag)', () => {
  it('puts one space between Chinese and Latin, none between Chinese characters or next to full-width punctuation', () => {
    const want = (w: string) => zh`应为 ${w}，实际为 ${'文本 "a"'}`;
    expect(want('整数')).toBe('应为整数，实际为文本 "a"');
    expect(want('true 或 false')).toBe('应为 true 或 false，实际为文本 "a"');
    expect(zh`应为${'不小于 1'}的数字`).toBe('应为不小于 1 的数字');
    expect(zh`错误： ${'node1'}`).toBe('错误：node1');
    expect(zh`VIP ${'漂移'}到 ${'node2'}`).toBe('VIP 漂移到 node2');
  });

  it('keeps the values as they are (padded columns stay aligned) and Latin neighbours as written', () => {
    expect(zh`${'主节点  '} 优先级`).toBe('主节点   优先级');
    expect(zh`${'a'}-${'b'}`).toBe('a-b');
    expect(zh`${'a'} (${'b'})`).toBe('a (b)');
  });

  it('knows which neighbours take a space', () => {
    expect(spaceBetween('字', 'a')).toBe(true);
    expect(spaceBetween('1', '字')).toBe(true);
    expect(spaceBetween('字', '字')).toBe(false);
    expect(spaceBetween('：', 'a')).toBe(false);
    expect(spaceBetween('a', '（')).toBe(false);
    expect(spaceBetween('a', 'b')).toBeUndefined();
  });
});
