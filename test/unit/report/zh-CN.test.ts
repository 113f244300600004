// The failover report in Chinese: what a Chinese admin attaches to a change ticket (Markdown), what CI reads
// (JUnit: the same names as in English, Chinese messages), what the terminal shows (columns line up), and what
// machines read (JSON: the same bytes in both languages).
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { useLanguage } from '../../../src/i18n/index.js';
import { displayWidth } from '../../../src/i18n/width.js';
import { renderJson } from '../../../src/report/json.js';
import { renderJunit } from '../../../src/report/junit.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { renderTerminal } from '../../../src/report/terminal.js';
import { wrap } from '../../../src/report/format.js';
import { fixtureReport } from '../../fixtures/report.js';
import { measuredReport } from '../../fixtures/report-measured.js';
import { checkWellFormedXml } from '../../support/xml-check.js';

afterEach(async () => {
  await useLanguage('en');
});

/** Latin letters that are not in a code span, a scenario id, a host name, a technical name or a unit. */
function strayEnglish(text: string): string[] {
  const allowed =
    /^(VIP|IP|reboot|VRRP|VRRPv2|Tomcat|keepalived|java|HTTP|SSH|JUnit|hasetup|node\d|shop-prod|advert_int|track_process|track_file|vrrp_script|fall|rise|skew|time|Master_Down|nopreempt|preempt|ms|s|ECONNREFUSED|timeout|after|T\d.*|Z|UTC|[a-z]+-[a-z-]+)$/;
  return (text.match(/[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/g) ?? []).filter((w) => !allowed.test(w));
}

describe('the failover report in zh-CN', () => {
  it('Markdown (snapshot), with the English one of the same report to compare', async () => {
    const report = measuredReport();
    await expect(renderMarkdown(report)).toMatchFileSnapshot('./__snapshots__/report.measured.en.md');
    await useLanguage('zh-CN');
    const md = renderMarkdown(report);
    await expect(md).toMatchFileSnapshot('./__snapshots__/report.measured.zh-CN.md');
    expect(md).toMatch(/^# 故障切换测试：shop-prod：测试未通过\n/);
    expect(md).toContain('### keepalived-stop：通过');
    expect(md).toContain('### keepalived-kill：失败');
    expect(md).toContain('### network-loss：错误');
    expect(md).toContain('脑裂：node1 和 node2 同时持有 198.18.1.100');
    expect(md).toContain('| +0.070 | node2 添加了 198.18.1.100 |');
    // Read as written in Chinese: no English words besides names, ids, units and host output.
    expect(strayEnglish(md.replace(/Failed to start transient timer unit/g, ''))).toEqual([]);
  });

  it('the English rendering of the Saids is the English text the results hold (what the JSON writes)', () => {
    const report = measuredReport();
    const bare = { ...report, scenarios: report.scenarios.map(({ said: _, ...s }) => s), restoreFailures: report.restoreFailures!.map(({ said: _, ...f }) => f) };
    expect(renderMarkdown(report)).toBe(renderMarkdown(bare));
    expect(renderTerminal(report, { color: false })).toBe(renderTerminal(bare, { color: false }));
    expect(renderJunit(report)).toBe(renderJunit(bare));
  });

  it('JUnit: the same suite, test-case names and classnames in both languages; the messages in Chinese', async () => {
    const report = measuredReport();
    const names = (xml: string) => [...xml.matchAll(/<(testsuites?|testcase) name="([^"]*)"(?: classname="([^"]*)")?/g)].map((m) => m.slice(1).join(' '));
    const types = (xml: string) => [...xml.matchAll(/<(failure|error) message="[^"]*" type="([^"]*)"/g)].map((m) => `${m[1]} ${m[2]}`);
    const english = renderJunit(report);
    await useLanguage('zh-CN');
    const chinese = renderJunit(report);
    await expect(chinese).toMatchFileSnapshot('./__snapshots__/report.measured.zh-CN.junit.xml');
    expect(() => checkWellFormedXml(chinese)).not.toThrow();
    expect(names(chinese)).toEqual(names(english));
    expect(names(chinese)).toContain('testcase keepalived-kill hasetup.failover.shop-prod');
    expect(types(chinese)).toEqual(types(english));
    expect(chinese).toContain('<failure message="脑裂：node1 和 node2 同时持有 198.18.1.100，累计 2.000 s（不超过 0.200 s 的重叠属于正常交接）" type="FailoverCriteria">');
    expect(chinese).toContain('<error message="未能执行：无法在 node1 上设置保险定时器（退出码 1：Failed to start transient timer unit）；没有注入任何故障" type="ScenarioError">');
    expect(chinese).toContain('<property name="summary" value="测试未通过：7 个场景中有');
  });

  it('JSON is the same in both languages, byte for byte', async () => {
    const report = measuredReport();
    const english = renderJson(report);
    await useLanguage('zh-CN');
    expect(renderJson(report)).toBe(english);
    expect(renderJson(fixtureReport)).toBe(fs.readFileSync(new URL('./__snapshots__/report.json', import.meta.url), 'utf8'));
  });

  it('the terminal table lines up: every line of it has the same width, and the column borders stay in place', async () => {
    await useLanguage('zh-CN');
    const out = renderTerminal(measuredReport(), { color: false });
    await expect(out).toMatchFileSnapshot('./__snapshots__/report.measured.zh-CN.terminal.txt');
    const lines = out.split('\n');
    const table = lines.filter((l) => /^[┌│├└]/.test(l));
    expect(table.length).toBeGreaterThan(10);
    const width = displayWidth(table[0]!);
    for (const l of table) expect(displayWidth(l), l).toBe(width);
    // The header and each scenario row put their borders at the same columns as the top border's ┬.
    const columnsOf = (l: string, marks: RegExp) => {
      const at: number[] = [];
      let col = 0;
      for (const ch of l) {
        if (marks.test(ch)) at.push(col);
        col += displayWidth(ch);
      }
      return at;
    };
    const borders = columnsOf(table[0]!, /[┌┬┐]/);
    const rows = table.filter((l) => l.startsWith('│') && /│ (keepalived|tomcat|network|reboot|场景)/.test(l));
    expect(rows.length).toBe(8);
    for (const r of rows) expect(columnsOf(r, /│/), r).toEqual(borders);
    expect(out).toContain('│ 场景 ');
    expect(out).toMatch(/│ keepalived-stop +│ 通过 +│ 0\.070 s，漂移到 node2 +│ 漂走 1 次，回切 1 次 +│/);
    expect(lines.filter(Boolean).at(-1)).toMatch(/^测试未通过：7 个场景中有 \d 个失败（.*）；1 个未能执行（network-loss）；1 次恢复失败（node1 上的 reboot）；最长中断时间 /);
  });

  it('the English fixture report keeps its words when nothing says them in Chinese (a report made without Saids)', async () => {
    await useLanguage('zh-CN');
    const md = renderMarkdown(fixtureReport);
    expect(md).toContain('## 测试结果');
    expect(md).toContain('- the VIP 198.18.1.100 never moved');
  });
});

describe('wrap by terminal columns', () => {
  it('breaks Chinese between characters, keeps punctuation with the character before it, and English at spaces', () => {
    expect(wrap('客户端中断时间 5.150 s，超过了允许的 1.000 s', 20)).toEqual(['客户端中断时间 5.150', 's，超过了允许的', '1.000 s']);
    for (const l of wrap('在 node1 上注入故障后，没有其他主机接管它。VIP 始终没有漂移，客户端一直收到 HTTP 503。', 24)) {
      expect(displayWidth(l)).toBeLessThanOrEqual(24);
      expect(l).not.toMatch(/^[，。）]/);
    }
    expect(wrap('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
  });
});
