/// <reference lib="dom" />
// The HTML report in a real browser: Debian's chromium, driven by puppeteer-core (which downloads nothing),
// with every request but the report file itself blocked and recorded. Screenshots of each page are written
// to test/artifacts/ (gitignored) for a person to look at. Skipped where chromium is absent, never in CI.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FailoverReport } from '../../../src/failover/types.js';
import { useLanguage } from '../../../src/i18n/index.js';
import { SUMMARY_SERIES } from '../../../src/report/html/charts.js';
import { renderHtml } from '../../../src/report/html/index.js';
import { findProgram, needs } from '../tools.js';
import { failAndErrorReport, recordedReport } from './html-fixtures.js';
import { openOffline } from './html-page.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const artifacts = path.join(root, 'test/artifacts/html');
const chromium = findProgram('chromium', ['/usr/bin/chromium']);
const need = needs(chromium, 'chromium', 'chromium');

async function write(name: string, report: FailoverReport, lang: 'en' | 'zh-CN'): Promise<string> {
  await useLanguage(lang);
  try {
    const file = path.join(artifacts, name);
    writeFileSync(file, renderHtml(report));
    return file;
  } finally {
    await useLanguage('en');
  }
}

describe.skipIf(need.skip)(`HTML report in chromium${need.why}`, { timeout: 120_000 }, () => {
  let browser: Browser;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    if (need.missing) throw new Error(need.missing);
    mkdirSync(artifacts, { recursive: true });
    files.en = await write('report-en.html', recordedReport(), 'en');
    files.zh = await write('report-zh-CN.html', recordedReport(), 'zh-CN');
    files.failError = await write('fail-error-en.html', failAndErrorReport(), 'en');
    const { launch } = await import('puppeteer-core');
    browser = await launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--font-render-hinting=none'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  async function open(key: string): Promise<{ page: Page; blocked: string[] }> {
    const opened = await openOffline(browser, pathToFileURL(files[key]!).href);
    await opened.page.screenshot({ path: files[key]!.replace(/\.html$/, '.png'), fullPage: true });
    return opened;
  }

  it('the English report: no request leaves the page, one chart with marks per scenario, one bar per scenario', async () => {
    const report = recordedReport();
    const { page, blocked } = await open('en');
    expect(blocked).toEqual([]);
    const charts = await page.$$eval('section.scenario', (sections) =>
      sections.map((s) => ({
        name: s.getAttribute('data-scenario'),
        svgs: s.querySelectorAll('svg').length,
        // every drawn datum carries ECharts' series and data index (ssr: true)
        marks: s.querySelectorAll('svg [ecmeta_ssr_type="chart"][ecmeta_data_index]').length,
      })),
    );
    expect(charts.map((c) => c.name)).toEqual(report.scenarios.map((s) => s.name));
    for (const [i, c] of charts.entries()) {
      expect(c.svgs, c.name!).toBe(1);
      // at least every request the scenario sent in its window is a mark
      expect(c.marks, c.name!).toBeGreaterThanOrEqual(report.scenarios[i]!.totalRequests);
    }
    const bars = await page.$$eval(
      `.summary-chart svg path[ecmeta_ssr_type="chart"][ecmeta_series_index="${SUMMARY_SERIES.outage}"]`,
      (paths) => paths.map((p) => p.getAttribute('ecmeta_data_index')),
    );
    expect(bars).toEqual(report.scenarios.map((_, i) => String(i)));
    expect(await page.$eval('#verdict', (e) => e.textContent)).toContain('PASSED');
    await page.close();
  });

  it('the Chinese report: lang zh-CN, Chinese axis names and labels in the charts', async () => {
    const { page, blocked } = await open('zh');
    expect(blocked).toEqual([]);
    expect(await page.$eval('html', (e) => e.getAttribute('lang'))).toBe('zh-CN');
    const texts = await page.$$eval('section.scenario svg text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(texts).toContain('注入后的秒数');
    expect(texts).toContain('请求耗时（毫秒，对数）');
    expect(texts.some((t) => t.startsWith('VIP 在 '))).toBe(true);
    const summary = await page.$$eval('.summary-chart svg text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(summary).toContain('中断时间');
    expect(summary).toContain('通过');
    expect(await page.$eval('#verdict', (e) => e.textContent)).toContain('测试通过');
    await page.close();
  });

  it('a FAIL and an ERROR scenario render as such', async () => {
    const report = failAndErrorReport();
    const [failed, notRun] = report.scenarios;
    expect([failed!.status, notRun!.status]).toEqual(['fail', 'error']);
    const { page, blocked } = await open('failError');
    expect(blocked).toEqual([]);
    const sections = await page.$$eval('section.scenario', (ss) =>
      ss.map((s) => ({
        status: s.getAttribute('data-status'),
        verdict: s.querySelector('.verdict')?.textContent,
        reasons: [...s.querySelectorAll('ul.reasons li')].map((li) => li.textContent),
        svgs: s.querySelectorAll('svg').length,
        noChart: s.querySelector('.no-chart') !== null,
      })),
    );
    expect(sections[0]).toMatchObject({ status: 'fail', verdict: 'FAIL', svgs: 1 });
    expect(sections[0]!.reasons.join(' ')).toContain('outage');
    expect(sections[1]).toMatchObject({ status: 'error', verdict: 'ERROR', svgs: 0, noChart: true });
    expect(sections[1]!.reasons.join(' ')).toContain('keepalived is not running on node2');
    // the summary chart: red bars for both, their verdicts under their names
    const bars = await page.$$eval('.summary-chart svg path[ecmeta_ssr_type="chart"][ecmeta_series_index="0"]', (ps) => ps.map((p) => p.getAttribute('fill')));
    expect(bars.slice(0, 2)).toEqual(['#d62728', '#d62728']);
    expect(bars.slice(2).every((f) => f === '#2ca02c')).toBe(true);
    const labels = await page.$$eval('.summary-chart svg text', (ts) => ts.map((t) => t.textContent ?? ''));
    expect(labels).toEqual(expect.arrayContaining(['FAIL', 'ERROR']));
    expect(await page.$eval('#verdict', (e) => e.textContent)).toContain('FAILED');
    await page.close();
  });
});
