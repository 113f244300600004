// Inventory errors in Chinese: the position (FILE:LINE:COL) and the field path stay as they are, the explanation and
// the advice are the catalog's; zod's generic words come from zod's own zh-CN locale.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useLanguage } from '../../../src/i18n/index.js';
import { errorOf } from '../../support/inventory-error.js';

const dir = path.join(import.meta.dirname, '../../fixtures/inventories/invalid');
const CJK = /[\u4e00-\u9fff]/;


function fixture(name: string): string {
  return readFileSync(path.join(dir, name), 'utf8');
}

const base = `clusters:
  - name: web
    virtual_router_id: 51
    vips:
      - address: 192.0.2.100/24
    hosts:
      - name: node1
        address: 192.0.2.11
      - name: node2
        address: 192.0.2.12
`;

describe('inventory errors in zh-CN', () => {
  afterEach(async () => {
    await useLanguage('en');
  });

  it('keep file:line:column and the field path, with a Chinese explanation and hint', async () => {
    await useLanguage('zh-CN');
    const err = errorOf(fixture('two-masters.yaml'), 'inventories/two-masters.yaml');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      'inventories/two-masters.yaml:14:15: clusters[0].hosts[1].role: 第二台 role 为 master 的主机（node1 已是主节点，第 11 行）：一个集群只能有一个主节点；请在此处设置 role: backup',
    );
    expect(err.hint).toBe('inventories/example.zh-CN.yaml（带中文注释）列出了每个字段及其默认值');
  });

  it('are Chinese for every case of the invalid corpus, at the same positions as in English', async () => {
    const files = ['bad-role.yaml', 'vrid-quoted.yaml', 'unknown-key-typo.yaml', 'missing-address.yaml', 'bad-ip.yaml', 'yaml-tab-indent.yaml', 'vip-outside-subnet.yaml'];
    const english = files.map((f) => errorOf(fixture(f), f).issues);
    await useLanguage('zh-CN');
    files.forEach((f, i) => {
      const issues = errorOf(fixture(f), f).issues;
      expect(issues.map(({ file, line, column, path: p }) => ({ file, line, column, path: p }))).toEqual(
        english[i]!.map(({ file, line, column, path: p }) => ({ file, line, column, path: p })),
      );
      for (const issue of issues) expect(issue.message, `${f}: ${issue.message}`).toMatch(CJK);
    });
  });

  it('switch language after the schema was loaded in English (messages are looked up when a check fails)', async () => {
    const text = base.replace('name: web', 'name: Web Server');
    expect(errorOf(text, 'i.yaml').message).toContain('use 1 to 32 lower-case letters');
    await useLanguage('zh-CN');
    expect(errorOf(text, 'i.yaml').message).toBe('i.yaml:2:11: clusters[0].name: 请使用 1 到 32 个小写字母、数字和短横线，以字母或数字开头');
    await useLanguage('en');
    expect(errorOf(text, 'i.yaml').message).toBe('i.yaml:2:11: clusters[0].name: use 1 to 32 lower-case letters, digits and dashes, starting with a letter or digit');
  });

  it("use zod's zh-CN locale for its generic messages", async () => {
    const text = `${base}    power: { off: 5, on: [ipmitool] }\n`;
    const english = errorOf(text, 'p.yaml').message;
    await useLanguage('zh-CN');
    const chinese = errorOf(text, 'p.yaml').message;
    expect(chinese.split(': ').slice(0, 2)).toEqual(english.split(': ').slice(0, 2));
    expect(chinese).toMatch(/^p\.yaml:11:19: clusters\[0\]\.power\.off: /);
    expect(chinese.slice(chinese.lastIndexOf(': ') + 2)).toMatch(CJK);
  });
});
