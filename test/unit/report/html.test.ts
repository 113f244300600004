// The HTML report's pure parts: what the charts are given (options as data) and the page around them.
import { describe, expect, it } from 'vitest';
import { measureScenario } from '../../../src/failover/measure.js';
import type { FailoverReport } from '../../../src/failover/types.js';
import { en } from '../../../src/i18n/en/index.js';
import { holderBands, hostsOf, isTimeout, summaryOption, timelineOption } from '../../../src/report/html/charts.js';
import { renderHtml } from '../../../src/report/html/index.js';
import { esc } from '../../../src/report/html/page.js';
import { T0, cleanKeepalivedStop, ev, masterCrashSplitBrain, mk, probeRun, timeline, V3_FAST } from '../../fixtures/timelines.js';

const split = measureScenario(masterCrashSplitBrain(), { maxOutageSeconds: 2 });
const clean = measureScenario(cleanKeepalivedStop(), { maxOutageSeconds: 2 });
const report: FailoverReport = {
  cluster: 'web',
  vip: '198.18.1.100',
  startedAt: '2026-12-07T10:00:00.000Z',
  finishedAt: '2026-12-07T10:01:00.000Z',
  passed: false,
  maxOutageSeconds: 2,
  hasetupVersion: '0.1.0',
  scenarios: [clean, split],
};

describe('timeline chart', () => {
  it('draws every request once: answered by host, failed, timed out', () => {
    const tl = timeline(
      'tomcat-hang',
      V3_FAST,
      probeRun(-100, 300, (rel) => (rel < 0 ? { host: 'node1' } : rel < 200 ? { error: 'timeout after 500 ms', ms: 500 } : { host: 'node2' })),
      [ev(150, 'node2', 'add'), ev(180, 'node1', 'del')],
      [mk(0, 'inject')],
    );
    const result = measureScenario(tl, { maxOutageSeconds: 2 });
    const option = timelineOption(result, result.recording!, en);
    const series = option.series as { name?: string; data?: unknown[] }[];
    const count = (name: string) => series.find((s) => s.name === name)?.data?.length ?? 0;
    expect(count('answered by node1') + count('answered by node2') + count('failed') + count('timed out')).toBe(tl.probes.length);
    expect(count('timed out')).toBe(tl.probes.filter((p) => p.error).length);
    expect(count('failed')).toBe(0);
  });

  it('the VIP bands follow the address events, the master holding it from the start', () => {
    const r = split.recording!;
    const bands = holderBands(r, r.originMs + 3000);
    expect(bands.map((b) => b.host)).toContain('node2');
    expect(bands[0]!.host).toBe('node1');
    expect(bands.every((b) => b.toMs >= b.fromMs)).toBe(true);
    expect(hostsOf(r).slice(0, 2)).toEqual(['node1', 'node2']);
  });

  it('knows the probe timeout by its words', () => {
    expect(isTimeout('timeout after 500 ms')).toBe(true);
    expect(isTimeout('ECONNREFUSED')).toBe(false);
    expect(isTimeout(undefined)).toBe(false);
  });
});

describe('summary chart', () => {
  it('one outage bar per scenario, red when it failed, the allowed outage as a line', () => {
    const option = summaryOption(report, en);
    const [outage] = option.series as { data: { value: number; itemStyle: { color: string } }[]; markLine: { data: { yAxis: number }[] } }[];
    expect(outage!.data.map((d) => d.value)).toEqual([clean.outageSeconds, split.outageSeconds]);
    expect(outage!.data.map((d) => d.itemStyle.color)).toEqual(['#2ca02c', '#d62728']);
    expect(outage!.markLine.data).toEqual([{ yAxis: 2 }]);
  });
});

// Rendering loads ECharts (a second or more on a busy machine).
describe('page', { timeout: 60_000 }, () => {
  it('one file that loads nothing: no script, no link, no URL but the SVG namespaces', () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\((?!#)/i);
    const urls = [...html.matchAll(/https?:\/\/[^"'\s<>]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html).toContain("default-src 'none'");
    // ECharts writes the font stack into style="..." as it is: a double quote in it would end the attribute
    expect(html).not.toMatch(/font-family:"/);
    expect(html.match(/<svg /g)).toHaveLength(3);
  });

  it('escapes what came from hosts', () => {
    expect(esc('<b>"x" & \'y\'</b>\u001b[31m')).toBe('&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;');
  });

  it('no chart where nothing was recorded, saying why', () => {
    const { recording: _, ...old } = clean;
    const html = renderHtml({ ...report, scenarios: [old] });
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).toContain(en.html.noRecording);
    expect(T0).toBeGreaterThan(0);
  });
});
