// The HTML report: one self-contained page with the charts drawn in (SVG by Apache ECharts on the server,
// no DOM, no script in the page), in the reader's language. ECharts is loaded here, and this module only by
// `--html`: the CLI's start-up never loads it (the build keeps it out of the bundle: scripts/build.ts;
// the choice: docs/dependencies.md).
import { createRequire } from 'node:module';
import type { EChartsOption } from 'echarts';
import type { FailoverReport, ScenarioRecording } from '../../failover/types.js';
import type { MoveResult } from '../../day-two/measure.js';
import { t } from '../../i18n/index.js';
import { secs } from '../format.js';
import { SUMMARY_HEIGHT, SUMMARY_WIDTH, TIMELINE_WIDTH, summaryOption, timelineHeight, timelineOption } from './charts.js';
import { document, esc, failoverPage } from './page.js';

type ECharts = typeof import('echarts');

/**
 * require(), not import(): the launcher runs the bundle through vm.Script, where a dynamic import() has no
 * loader (src/launcher.ts). Relative to this file in development, to dist/hasetup.cjs in the build; both get
 * ECharts' CommonJS build (dist/echarts.js), which has the SVG renderer and server-side rendering.
 */
function loadEcharts(): ECharts {
  return createRequire(import.meta.url)('echarts') as ECharts;
}

/** Server-side rendering: the chart as an SVG string (docs/dependencies.md, "ECharts"). */
export function renderSvg(echarts: ECharts, option: EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    // Disposing stops zrender's animation loop, which would otherwise keep Node running.
    chart.dispose();
  }
}

function drawable(r: ScenarioRecording | undefined): r is ScenarioRecording {
  return r !== undefined && r.probes.length > 0;
}

export function renderHtml(report: FailoverReport): string {
  const echarts = loadEcharts();
  const c = t();
  const timelines = report.scenarios.map((s) =>
    drawable(s.recording) ? renderSvg(echarts, timelineOption(s, s.recording, c), TIMELINE_WIDTH, timelineHeight(s.recording)) : undefined,
  );
  const summary = renderSvg(echarts, summaryOption(report, c), SUMMARY_WIDTH, SUMMARY_HEIGHT);
  return failoverPage(report, { summary, timelines });
}

/** A planned move: what clients saw across the hand-over, as one chart. */
export function renderSwitchoverHtml(cluster: string, result: MoveResult): string {
  const m = t().html;
  const title = m.switchoverTitle({ cluster, from: result.from, to: result.to });
  const lines = [
    result.moved && result.moveSeconds !== null ? m.switchoverMoved({ seconds: secs(result.moveSeconds) }) : m.switchoverNotMoved,
    m.switchoverRequests({ failed: result.failedRequests, total: result.totalRequests, outage: secs(result.outageSeconds) }),
  ];
  let chart = `<p class="note no-chart">${esc(m.noRecording)}</p>`;
  const rec = result.recording;
  if (rec && rec.probes.length > 0) {
    const recording: ScenarioRecording = {
      originMs: rec.startMs,
      master: result.from,
      backups: [result.to],
      probes: rec.probes,
      events: rec.events,
      markers: [{ t: rec.startMs, label: 'hand-over' }],
      outages: [],
    };
    const svg = renderSvg(loadEcharts(), timelineOption({ boundSeconds: null, outageSeconds: result.outageSeconds }, recording, t()), TIMELINE_WIDTH, timelineHeight(recording));
    chart = `<div class="chart timeline">${svg}</div>`;
  }
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<p class="summary ${result.moved && result.failedRequests === 0 ? 'pass' : 'fail'}" id="verdict">${lines.map(esc).join('<br>')}</p>`,
    `<p class="note">${esc(m.timelinesIntro)}</p>`,
    `<section class="scenario" data-scenario="switchover">${chart}</section>`,
  ];
  return document(title, body.join('\n'));
}
