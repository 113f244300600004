// YAML syntax errors in Chinese, by the yaml library's error code, with line and column; and punctuation typed with
// a Chinese input method (：，、 and the full-width space) named where it is (issue 26, src/inventory/load.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseInventory } from '../../../src/inventory/load.js';
import { useLanguage } from '../../../src/i18n/index.js';
import { zhCN } from '../../../src/i18n/zh-CN/index.js';
import { errorOf } from '../../support/inventory-error.js';

const problem = zhCN.inventory.yamlProblem;
const ENGLISH_WORD = /\b[A-Za-z]{3,}\b/g;
/** Latin words a Chinese YAML message may hold: the format's name and the file names it points to. */
const ALLOWED = new Set(['YAML', 'Tab', 'yaml', 'inventories', 'example', 'name']);

function englishWords(text: string): string[] {
  return [...text.replace(/^\S+:\d+:\d+: /gm, '').matchAll(ENGLISH_WORD)].map((m) => m[0]).filter((w) => !ALLOWED.has(w));
}

describe('YAML syntax errors in zh-CN', () => {
  beforeAll(() => useLanguage('zh-CN'));
  afterAll(() => useLanguage('en'));

  // One text per error code the library reports for a hand-typed inventory, and where it reports it.
  const cases: [string, string, string, number, number][] = [
    ['DUPLICATE_KEY', 'a: 1\na: 2\n', problem.DUPLICATE_KEY, 2, 1],
    ['TAB_AS_INDENT', 'a:\n\tb: 1\n', problem.TAB_AS_INDENT, 2, 1],
    ['MULTIPLE_DOCS', 'a: 1\n---\nb: 2\n', problem.MULTIPLE_DOCS, 2, 1],
    ['MISSING_CHAR (no colon)', 'a: 1\nb\nc: 2\n', problem.missingColon, 2, 1],
    ['MISSING_CHAR (quote)', 'a: "x\n', problem.missingClosingQuote, 2, 1],
    ['MISSING_CHAR (comment)', 'a: 1\nb: "x"#c\n', problem.commentNeedsSpace, 2, 7],
    ['BAD_SCALAR_START', 'a: @x\n', problem.BAD_SCALAR_START, 1, 4],
    ['BAD_DQ_ESCAPE', 'a: "\\q"\n', problem.BAD_DQ_ESCAPE, 1, 5],
    ['MULTIPLE_ANCHORS', 'a: &x &y 1\n', problem.MULTIPLE_ANCHORS, 1, 7],
    ['BAD_INDENT', 'a: [1, 2\n', problem.BAD_INDENT, 2, 1],
    ['BLOCK_IN_FLOW', 'a: { b:\n  - 1 }\n', problem.BLOCK_IN_FLOW, 2, 3],
    ['UNEXPECTED_TOKEN', 'a: ]\n', problem.UNEXPECTED_TOKEN, 1, 4],
    ['BAD_ALIAS', 'a: *\n', problem.BAD_ALIAS, 1, 4],
    ['MULTILINE_IMPLICIT_KEY', 'clusters:\n  - name: web\n    vrid 51\n    a: 1\n', problem.MULTILINE_IMPLICIT_KEY, 3, 5],
  ];

  it.each(cases)('%s: in Chinese, at its line and column', (_code, text, want, line, column) => {
    const err = errorOf(text, 'inv.yaml');
    expect(err.exitCode).toBe(2);
    const first = err.issues[0]!;
    expect({ line: first.line, column: first.column }).toEqual({ line, column });
    expect(first.message).toContain(`YAML 语法错误：${want}`);
    expect(englishWords(err.message)).toEqual([]);
    expect(err.hint).toContain('inventories/example.zh-CN.yaml');
  });

  it('has a Chinese text for every code the library has', () => {
    for (const [code, text] of Object.entries(problem)) {
      expect(text, code).toMatch(/[\u4e00-\u9fff]/);
      expect(englishWords(text), code).toEqual([]);
    }
  });
});

describe('full-width punctuation', () => {
  beforeAll(() => useLanguage('zh-CN'));
  afterAll(() => useLanguage('en'));

  const inventory = (line: string) => `clusters:
  - name: web
${line}
    vips:
      - address: 192.0.2.100/24
    hosts:
      - name: node1
        address: 192.0.2.11
      - name: node2
        address: 192.0.2.12
`;

  it('names a full-width colon with its line and column, instead of the YAML error it causes', () => {
    const err = errorOf(inventory('    virtual_router_id：51'), 'inv.yaml');
    expect(err.message).toBe(`inv.yaml:3:22: ${zhCN.inventory.fullWidth({ char: '：', name: '冒号', fix: zhCN.inventory.fullWidthFix.colon })}`);
    expect(err.hint).toBe(zhCN.inventory.fullWidthHint);
  });

  it('names the full-width comma, enumeration comma and space, each where it is', () => {
    const text = inventory('    virtual_router_id: 51\n    timing:　fast').replace('name: node1', 'name: node1，node3').replace('name: node2', 'name: node2、x');
    const err = errorOf(text, 'inv.yaml');
    expect(err.issues.map((i) => [i.line, i.column, i.message.slice(0, 4)])).toEqual([
      [4, 12, '全角空格'],
      [8, 20, '全角逗号'],
      [10, 20, '全角顿号'],
    ]);
  });

  it('leaves Chinese punctuation alone in comments, quoted values and block text', () => {
    const text = inventory('    virtual_router_id: 51 # 虚拟路由器 ID：1 到 255，网段内唯一\n    notify: "/usr/local/bin/通知：x"');
    const err = errorOf(text, 'inv.yaml');
    expect(err.message).not.toContain('全角');
  });

  it('says the same in English', async () => {
    await useLanguage('en');
    const err = errorOf(inventory('    virtual_router_id：51'), 'inv.yaml');
    expect(err.message).toBe('inv.yaml:3:22: full-width colon "：" (typed with a Chinese input method): YAML reads only ASCII punctuation; write ":" followed by a space');
    await useLanguage('zh-CN');
  });
});

describe('inventories/example.zh-CN.yaml', () => {
  it('validates and holds the same inventory as example.yaml, with Chinese comments', () => {
    const read = (f: string) => readFileSync(path.resolve(import.meta.dirname, '../../../inventories', f), 'utf8');
    const zhText = read('example.zh-CN.yaml');
    expect(parseInventory(zhText, 'example.zh-CN.yaml')).toEqual(parseInventory(read('example.yaml'), 'example.zh-CN.yaml'));
    expect(parseDocument(zhText).toJS()).toEqual(parseDocument(read('example.yaml')).toJS());
    const comments = zhText.split('\n').filter((l) => l.includes('#') && !l.trimStart().startsWith('# yaml-language-server'));
    for (const l of comments) expect(l.slice(l.indexOf('#')), l).toMatch(/[\u4e00-\u9fff]|^#\s*$|^# +[a-z_]+:|^#\s+\w+: /);
  });
});
