// Pure: the ECharts options of the HTML report (src/report/html/index.ts renders them to SVG). Every figure
// drawn comes from the scenario's result or its recording (src/failover/types.ts): nothing is measured here.
import type { EChartsOption } from 'echarts';
import type { FailoverReport, ProbeSample, ScenarioRecording, ScenarioResult } from '../../failover/types.js';
import type { Catalog } from '../../i18n/index.js';
import { secs, verdictWord } from '../format.js';

/** Fonts a Debian desktop, Windows and macOS have, CJK first so Chinese labels never fall back to boxes. Single
 * quotes: ECharts puts it into SVG style="..." attributes as it is. */
export const FONT_STACK =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans', 'DejaVu Sans', sans-serif";

export const COLORS = {
  hosts: ['#1f77b4', '#2ca02c', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#bcbd22', '#7f7f7f'],
  failed: '#d62728',
  timedOut: '#7b2cbf',
  outage: 'rgba(214, 39, 40, 0.14)',
  bound: '#2e7d32',
  marker: '#555555',
  pass: '#2ca02c',
  fail: '#d62728',
  vipMove: '#9e9e9e',
  boundBar: '#a5d6a7',
};

export const TIMELINE_WIDTH = 1100;
const GRID_LEFT = 120;
const TOP_GRID_TOP = 56;
const TOP_GRID_HEIGHT = 230;
const BAND_GRID_TOP = TOP_GRID_TOP + TOP_GRID_HEIGHT + 24;
const BAND_ROW = 26;

/** The probe's own words for a request that ran out of time (src/failover/probe.ts). */
export function isTimeout(error: string | undefined): boolean {
  return error !== undefined && /^timeout after \d+ ms$/.test(error);
}

/** The hosts in the order drawn: the master, its backups, then any other host that answered or held the VIP. */
export function hostsOf(r: ScenarioRecording): string[] {
  const hosts = [r.master, ...r.backups];
  for (const h of [...r.probes.map((p) => p.host), ...r.events.map((e) => e.host)]) {
    const name = h?.trim();
    if (name && !hosts.includes(name)) hosts.push(name);
  }
  return hosts;
}

/** Who held the VIP when, from the address events, starting (as measure.ts does) with the master holding it. */
export function holderBands(r: ScenarioRecording, endMs: number): { host: string; fromMs: number; toMs: number }[] {
  const start = Math.min(...r.probes.map((p) => p.t), ...r.events.map((e) => e.t), ...r.markers.map((m) => m.t), r.originMs);
  const open = new Map<string, number>([[r.master, start]]);
  const bands: { host: string; fromMs: number; toMs: number }[] = [];
  for (const e of [...r.events].sort((a, b) => a.t - b.t)) {
    if (e.kind === 'add') {
      if (!open.has(e.host)) open.set(e.host, e.t);
    } else {
      const from = open.get(e.host);
      if (from !== undefined) bands.push({ host: e.host, fromMs: from, toMs: e.t });
      open.delete(e.host);
    }
  }
  for (const [host, from] of open) bands.push({ host, fromMs: from, toMs: endMs });
  return bands.sort((a, b) => a.fromMs - b.fromMs);
}

export function timelineHeight(r: ScenarioRecording): number {
  return BAND_GRID_TOP + hostsOf(r).length * BAND_ROW + 56;
}

function markerLabel(label: string, m: Catalog['html']): string {
  switch (label) {
    case 'inject':
      return m.markerInject;
    case 'restore':
      return m.markerRestore;
    case 'settled':
      return m.markerSettled;
    case 'failback-settled':
      return m.markerFailbackSettled;
    case 'hand-over':
      return m.switchoverStart;
    default:
      return label;
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** One scenario's timeline: requests (top), the VIP's holders (bottom), markers, outage and bound. */
export function timelineOption(
  s: Pick<ScenarioResult, 'boundSeconds' | 'outageSeconds'>,
  r: ScenarioRecording,
  c: Catalog,
): EChartsOption {
  const m = c.html;
  const rel = (t: number) => round3((t - r.originMs) / 1000);
  const hosts = hostsOf(r);
  const ends = [...r.probes.map((p) => p.t + p.ms), ...r.events.map((e) => e.t), ...r.markers.map((x) => x.t)];
  const endMs = Math.max(r.originMs, ...ends);
  const startMs = Math.min(r.originMs, ...r.probes.map((p) => p.t), ...r.events.map((e) => e.t), ...r.markers.map((x) => x.t));
  const xMin = Math.floor(rel(startMs) * 2) / 2;
  const xMax = Math.ceil(rel(endMs) * 2) / 2;
  const maxMs = Math.max(1, ...r.probes.map((p) => p.ms));
  const yMax = 10 ** Math.ceil(Math.log10(maxMs * 1.5));
  // A request that answered in under 0.1 ms still needs a place on a log axis.
  const y = (ms: number) => Math.max(ms, 0.1);
  const hasInject = r.markers.some((x) => x.label === 'inject');
  const frame: Frame = { rel, hosts, endMs, yMax, hasInject };
  const requests = requestSeries(r, m, frame, y);
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK },
    // The VIP bands explain themselves by their row names: only the requests' series are in the legend.
    legend: { top: 4, left: GRID_LEFT, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 12 }, data: requests.legend },
    grid: [
      { left: GRID_LEFT, right: 30, top: TOP_GRID_TOP, height: TOP_GRID_HEIGHT },
      { left: GRID_LEFT, right: 30, top: BAND_GRID_TOP, height: hosts.length * BAND_ROW },
    ],
    xAxis: [
      { type: 'value', gridIndex: 0, min: xMin, max: xMax, axisLabel: { show: false }, splitLine: { lineStyle: { color: '#eeeeee' } } },
      {
        type: 'value',
        gridIndex: 1,
        min: xMin,
        max: xMax,
        name: hasInject ? m.axisTime : m.axisTimeNoInject,
        nameLocation: 'middle',
        nameGap: 26,
        splitLine: { lineStyle: { color: '#eeeeee' } },
      },
    ],
    yAxis: [
      { type: 'log', gridIndex: 0, min: 0.1, max: yMax, name: m.axisDuration, nameLocation: 'end', nameTextStyle: { align: 'left' } },
      { type: 'category', gridIndex: 1, data: hosts.map((h) => m.rowVip({ host: h })), inverse: true, axisTick: { show: false } },
    ],
    series: [
      ...requests.series,
      overlaySeries(s, r, m, frame),
      vipBandSeries(r, m, frame),
    ],
  };
}

export const SUMMARY_WIDTH = 1100;
export const SUMMARY_HEIGHT = 360;
/** The series of the summary chart in order; the browser test finds the outage bars by this index. */
export const SUMMARY_SERIES = { outage: 0, vipMove: 1, bound: 2 } as const;

/** Outage per scenario against its bound and the allowed outage; failed scenarios' bars red. */
export function summaryOption(report: FailoverReport, c: Catalog): EChartsOption {
  const m = c.html;
  const names = report.scenarios.map((s) => `${s.name}\n${verdictWord(s.status)}`);
  const barColor = (s: ScenarioResult) => (s.status === 'pass' ? COLORS.pass : COLORS.fail);
  return {
    animation: false,
    textStyle: { fontFamily: FONT_STACK },
    legend: { top: 4 },
    grid: { left: 70, right: 150, top: 44, bottom: 56 },
    xAxis: { type: 'category', data: names, axisLabel: { interval: 0, fontSize: 11, lineHeight: 15 } },
    yAxis: { type: 'value', name: m.axisSeconds, min: 0 },
    series: [
      {
        type: 'bar',
        name: m.seriesOutage,
        itemStyle: { color: COLORS.pass },
        label: { show: true, position: 'top', fontSize: 10, formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? p.value.toFixed(3) : '') },
        // An ERROR scenario measured nothing: its bar stands at 0, its label says ERROR below it.
        data: report.scenarios.map((s) => ({ value: s.outageSeconds ?? 0, itemStyle: { color: barColor(s) } })),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: COLORS.fail, type: 'dashed', width: 2 },
          label: { position: 'end', formatter: m.allowedOutage({ seconds: secs(report.maxOutageSeconds) }), color: COLORS.fail },
          data: [{ yAxis: report.maxOutageSeconds }],
        },
      },
      { type: 'bar', name: m.seriesVipMove, itemStyle: { color: COLORS.vipMove }, data: report.scenarios.map((s) => s.vipMoveSeconds ?? 0) },
      { type: 'bar', name: m.seriesBound, itemStyle: { color: COLORS.boundBar }, data: report.scenarios.map((s) => s.boundSeconds ?? 0) },
    ],
  };
}

/** What the series of one timeline share: the time axis (relative seconds), the hosts, the top grid's height. */
interface Frame {
  rel: (t: number) => number;
  hosts: string[];
  endMs: number;
  yMax: number;
  hasInject: boolean;
}

/** Markers, the outage runs and the bound: an empty series in the top grid carries them. */
function overlaySeries(s: Pick<ScenarioResult, 'boundSeconds' | 'outageSeconds'>, r: ScenarioRecording, m: Catalog['html'], f: Frame): never {
  const { rel, yMax, hasInject } = f;
  const longestOutage = r.outages.filter((o) => !o.failback).reduce<(typeof r.outages)[number] | undefined>(
    (best, o) => (!best || o.toMs - o.fromMs > best.toMs - best.fromMs ? o : best),
    undefined,
  );
  return {
    type: 'line',
    xAxisIndex: 0,
    yAxisIndex: 0,
    data: [],
    silent: true,
    markLine: {
      symbol: 'none',
      silent: true,
      lineStyle: { color: COLORS.marker, type: 'dashed' },
      label: { position: 'insideEndTop', fontSize: 11, color: '#333333' },
      data: [
        ...r.markers.map((x) => ({ xAxis: rel(x.t), name: markerLabel(x.label, m), label: { formatter: markerLabel(x.label, m) } })),
        ...(hasInject && s.boundSeconds !== null
          ? [
              [
                {
                  coord: [0, yMax * 0.6],
                  lineStyle: { color: COLORS.bound, type: 'solid' as const, width: 3 },
                  label: { position: 'middle' as const, formatter: m.boundSpan({ seconds: secs(s.boundSeconds) }), color: COLORS.bound },
                },
                { coord: [s.boundSeconds, yMax * 0.6] },
              ],
            ]
          : []),
      ],
    },
    markArea: {
      silent: true,
      itemStyle: { color: COLORS.outage },
      label: { position: 'insideBottom', color: COLORS.failed, fontSize: 11 },
      data: r.outages.map((o) => [
        {
          xAxis: rel(o.fromMs),
          name: o === longestOutage && s.outageSeconds !== null ? m.outageSpan({ seconds: secs(s.outageSeconds) }) : '',
        },
        { xAxis: rel(o.toMs) },
      ]),
    },
  } as never;
}

/** The VIP's holders as bands, one row per host, with a dotted line at every address event. */
function vipBandSeries(r: ScenarioRecording, m: Catalog['html'], f: Frame): never {
  const { rel, hosts, endMs } = f;
  return {
    type: 'custom',
    name: 'vip',
    xAxisIndex: 1,
    yAxisIndex: 1,
    silent: true,
    encode: { x: [0, 1], y: 2 },
    renderItem: (_params: unknown, api: { value: (i: number) => number; coord: (v: number[]) => number[]; size: (v: number[]) => number[] }) => {
      const from = api.coord([api.value(0), api.value(2)]);
      const to = api.coord([api.value(1), api.value(2)]);
      const height = api.size([0, 1])[1]! * 0.6;
      return {
        type: 'rect',
        shape: { x: from[0]!, y: from[1]! - height / 2, width: Math.max(1, to[0]! - from[0]!), height },
        style: { fill: COLORS.hosts[api.value(3)]! },
      };
    },
    data: holderBands(r, endMs).map((b) => [rel(b.fromMs), rel(b.toMs), hosts.indexOf(b.host), hosts.indexOf(b.host) % COLORS.hosts.length]),
    markLine: {
      symbol: 'none',
      silent: true,
      lineStyle: { color: COLORS.marker, type: 'dotted' },
      label: { position: 'insideEndTop', fontSize: 10, color: '#333333' },
      data: r.events.map((e) => ({
        xAxis: rel(e.t),
        label: { formatter: e.kind === 'add' ? m.vipAdded({ host: e.host }) : m.vipRemoved({ host: e.host }) },
      })),
    },
  } as never;
}

/** The requests: one series per answering host, then the failed and the timed-out ones; and the legend's names. */
function requestSeries(r: ScenarioRecording, m: Catalog['html'], f: Frame, y: (ms: number) => number) {
  const { rel, hosts } = f;
  const color = (h: string) => COLORS.hosts[hosts.indexOf(h) % COLORS.hosts.length]!;
  /** One series of requests: a mark each, at its send time, as high as it took. */
  const requests = (name: string, probes: ProbeSample[], symbol: string, size: number, itemColor: string) => ({
    type: 'scatter' as const,
    name,
    xAxisIndex: 0,
    yAxisIndex: 0,
    symbol,
    symbolSize: size,
    itemStyle: { color: itemColor },
    data: probes.map((p) => [rel(p.t), y(p.ms)]),
  });
  const answered = hosts.map((h) =>
    requests(
      m.answeredBy({ host: h }),
      r.probes.filter((p) => p.ok && p.host?.trim() === h),
      'circle',
      4,
      color(h),
    ),
  );
  const unknown = r.probes.filter((p) => p.ok && !hosts.includes(p.host?.trim() ?? ''));
  const failed = r.probes.filter((p) => !p.ok && !isTimeout(p.error));
  const timedOut = r.probes.filter((p) => !p.ok && isTimeout(p.error));
  const legend = [
    ...answered.filter((a) => a.data.length > 0).map((a) => a.name),
    ...(unknown.length ? [m.answeredByUnknown] : []),
    m.failed,
    m.timedOut,
  ];
  const series = [
    ...answered,
    ...(unknown.length ? [requests(m.answeredByUnknown, unknown, 'circle', 4, '#000000')] : []),
    requests(m.failed, failed, 'triangle', 6, COLORS.failed),
    requests(m.timedOut, timedOut, 'diamond', 7, COLORS.timedOut),
  ];
  return { legend, series };
}
