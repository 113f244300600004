// The --timings output (src/timings.ts): phases in start order, names from the catalog in the reader's language,
// columns lined up by terminal width (a Chinese name takes two columns a character).
import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en/index.js';
import { useLanguage } from '../../src/i18n/index.js';
import { displayWidth } from '../../src/i18n/width.js';
import { formatTimings, type Phase, type PhaseName } from '../../src/timings.js';

afterEach(() => useLanguage('en'));

const sample: Phase[] = [
  { name: (n) => n.facts, start: 300.4, end: 520.6 },
  { name: (n) => n.startUp, start: 0, end: 90 },
  { name: (n) => n.connect({ host: 'node1' }), start: 120, end: 299.5 },
  { name: (n) => n.stage, start: 600, end: 850 },
  { name: (n) => n.hostStep({ host: 'node1', step: n.prepare }), part: true, start: 601, end: 700 },
];

/** Every phase the catalog has, one after another (a host's step as node1's). */
function everyPhase(): Phase[] {
  return Object.keys(en.timings.phase).map((key, i) => {
    const name: PhaseName = (n) => {
      const m: string | ((p: { host: string; step: string }) => string) = n[key as keyof typeof n];
      return typeof m === 'function' ? m({ host: 'node1', step: n.prepare }) : m;
    };
    return { name, part: key === 'hostStep', start: i * 10, end: i * 10 + 5 };
  });
}

/** Latin words that are not a host name, a unit, a technical name the glossary keeps or a command. */
function strayEnglish(text: string): string[] {
  const allowed = /^(node\d|ms|SSH|VIP|VRID|keepalived|t|systemd-analyze|verify)$/;
  return (text.match(/[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*/g) ?? []).filter((w) => !allowed.test(w));
}

describe('formatTimings', () => {
  it('lists phases in start order with their duration and start, overlapping ones side by side', () => {
    expect(formatTimings(sample, 1234.4)).toBe(
      'timings (1234 ms in all):\n' +
        '  start-up             90 ms  (at 0 ms)\n' +
        '  connect node1       180 ms  (at 120 ms)\n' +
        '  facts               220 ms  (at 300 ms)\n' +
        '  stage               250 ms  (at 600 ms)\n' +
        '    node1: prepare     99 ms  (at 601 ms)\n',
    );
  });

  it('prints the total alone when no phase was recorded', () => {
    expect(formatTimings([], 12)).toBe('timings (12 ms in all):\n');
  });

  it('in Chinese: the heading, every phase and the start time in Chinese, the durations lined up by columns', async () => {
    await useLanguage('zh-CN');
    const text = formatTimings(sample, 1234.4, displayWidth);
    expect(text).toBe(
      '各阶段耗时（共 1234 ms）：\n' +
        '  启动              90 ms  （开始于 0 ms）\n' +
        '  连接 node1       180 ms  （开始于 120 ms）\n' +
        '  收集主机信息     220 ms  （开始于 300 ms）\n' +
        '  暂存             250 ms  （开始于 600 ms）\n' +
        '    node1：准备     99 ms  （开始于 601 ms）\n',
    );
    const durationEnds = text.split('\n').slice(1, -1).map((l) => displayWidth(l.slice(0, l.indexOf(' ms') + 3)));
    expect(new Set(durationEnds).size).toBe(1);
  });

  it('in Chinese: no phase is left in English (every phase of the catalog rendered)', async () => {
    await useLanguage('zh-CN');
    const text = formatTimings(everyPhase(), 99, displayWidth);
    expect(text.split('\n').filter(Boolean)).toHaveLength(Object.keys(en.timings.phase).length + 1);
    expect(strayEnglish(text)).toEqual([]);
    await useLanguage('en');
    // The same check finds the English output (it could fail).
    expect(strayEnglish(formatTimings(everyPhase(), 99))).toContain('observe');
  });
});
