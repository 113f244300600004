// Pure: the HTML page around the charts, one file with its styles inline and no external reference (it opens
// offline). The words and figures are the Markdown report's (src/report/format.ts and the report catalog),
// so both renderings say the same; the charts come in as SVG strings (src/report/html/index.ts).
import type { FailoverReport, ScenarioResult } from '../../failover/types.js';
import { lang, t } from '../../i18n/index.js';
import {
  boundExplanationOf,
  errorOf,
  failbackText,
  movesText,
  paramsTable,
  plain,
  reasonsOf,
  relTime,
  requestsText,
  restoreDetailOf,
  secs,
  splitBrainText,
  summaryLine,
  timelineOf,
  verdictWord,
  vipMoveText,
} from '../format.js';
import { FONT_STACK } from './charts.js';

/** Text for HTML: control characters dropped, the five specials as entities. */
export function esc(s: string): string {
  return plain(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The Markdown catalog's lines without their Markdown ("## Results" -> "Results", "- VIP: x" -> "VIP: x"). */
export function unmark(s: string): string {
  return s.replace(/^#+\s+/, '').replace(/^-\s+/, '').replace(/\s*\n\s*/g, ' ');
}

function table(head: string[], rows: string[][], rowClass: (i: number) => string = () => ''): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  const trs = rows.map((r, i) => `<tr${rowClass(i) ? ` class="${rowClass(i)}"` : ''}>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
  return `<table><thead><tr>${th}</tr></thead><tbody>${trs.join('')}</tbody></table>`;
}

const CSS = `
body { font-family: ${FONT_STACK}; margin: 24px auto; max-width: 1160px; color: #222; padding: 0 16px; }
h1 { font-size: 24px; } h2 { font-size: 20px; margin-top: 32px; border-bottom: 1px solid #ddd; } h3 { font-size: 17px; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 4px; color: #fff; font-weight: bold; }
.pass { background: #2ca02c; } .fail { background: #d62728; } .error { background: #7b2cbf; }
tr.row-fail td:nth-child(2), tr.row-error td:nth-child(2) { color: #d62728; font-weight: bold; }
.summary { font-size: 16px; font-weight: bold; padding: 10px; border-radius: 4px; }
.summary.pass { background: #e8f5e9; color: #1b5e20; } .summary.fail { background: #ffebee; color: #b71c1c; }
.chart svg { max-width: 100%; height: auto; }
.note { color: #555; font-size: 13px; }
ul.reasons { color: #b71c1c; }
footer { margin-top: 32px; color: #777; font-size: 12px; }
`;

export function statusClass(s: ScenarioResult['status']): string {
  return s === 'pass' ? 'pass' : s === 'error' ? 'error' : 'fail';
}

function paramsSection(r: FailoverReport): string {
  const p = paramsTable(r);
  return p ? table(p.head, p.rows) : `<p>${esc(t().report.markdown.noScenarioRan)}</p>`;
}

/** One scenario's section: verdict, reasons, bound, the chart (or why there is none), the timeline as a table. */
function scenarioSection(s: ScenarioResult, chart: string | undefined): string {
  const r = t().report;
  const m = r.markdown;
  const reasons = reasonsOf(s);
  const error = errorOf(s);
  const parts = [
    `<section class="scenario" id="scenario-${esc(s.name)}" data-scenario="${esc(s.name)}" data-status="${s.status}">`,
    `<h3>${esc(s.name)} <span class="verdict ${statusClass(s.status)}">${esc(verdictWord(s.status))}</span></h3>`,
  ];
  if (error !== undefined && !reasons.some((x) => x.includes(error))) parts.push(`<p>${esc(m.didNotRunCleanly({ error }))}</p>`);
  if (!s.passed && reasons.length) parts.push(`<ul class="reasons">${reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`);
  parts.push(
    table(
      [r.column.vipMove, r.column.moves, r.column.outage, r.column.failedTotalRequests, r.column.failback, r.column.splitBrain, r.column.bound],
      [[vipMoveText(s), movesText(s), secs(s.outageSeconds), requestsText(s), failbackText(s), splitBrainText(s), secs(s.boundSeconds)]],
    ),
  );
  parts.push(`<p class="note">${esc(m.theoreticalBound({ seconds: secs(s.boundSeconds), explanation: boundExplanationOf(s) }))}</p>`);
  parts.push(chart !== undefined ? `<div class="chart timeline">${chart}</div>` : `<p class="note no-chart">${esc(t().html.noRecording)}</p>`);
  const timeline = timelineOf(s);
  if (timeline.length) {
    parts.push(
      `<details><summary>${esc(unmark(m.timelinesHeading))}</summary>${table(
        [r.column.time, r.column.event],
        timeline.map((e) => [relTime(e.t), e.label]),
      )}</details>`,
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

export interface FailoverCharts {
  summary: string;
  /** by scenario index; undefined: nothing recorded to draw */
  timelines: (string | undefined)[];
}

export function failoverPage(report: FailoverReport, charts: FailoverCharts): string {
  const r = t().report;
  const m = r.markdown;
  const col = r.column;
  const verdict = report.passed ? r.overallPassed : r.overallFailed;
  const restores = report.restoreFailures ?? [];
  const body = [
    `<h1>${esc(t().html.title({ cluster: report.cluster, verdict }))}</h1>`,
    `<ul>${[
      m.cluster({ cluster: report.cluster }),
      m.vip({ vip: report.vip }),
      m.started({ time: report.startedAt }),
      m.finished({ time: report.finishedAt }),
      m.allowedOutage({ seconds: secs(report.maxOutageSeconds) }),
      m.version({ version: report.hasetupVersion }),
    ]
      .map((x) => `<li>${esc(unmark(x))}</li>`)
      .join('')}</ul>`,
    `<p class="summary ${report.passed ? 'pass' : 'fail'}" id="verdict">${esc(summaryLine(report))}</p>`,
    `<h2>${esc(t().html.summaryChartHeading)}</h2>`,
    `<p class="note">${esc(t().html.summaryChartIntro)}</p>`,
    `<div class="chart summary-chart">${charts.summary}</div>`,
    `<h2>${esc(unmark(m.resultsHeading))}</h2>`,
    table(
      [col.scenario, col.result, col.vipMove, col.moves, col.outage, col.failedTotalRequests, col.failback, col.splitBrain, col.bound],
      report.scenarios.map((s) => [
        s.name,
        verdictWord(s.status),
        vipMoveText(s),
        movesText(s),
        secs(s.outageSeconds),
        requestsText(s),
        failbackText(s),
        splitBrainText(s),
        secs(s.boundSeconds),
      ]),
      (i) => `row-${statusClass(report.scenarios[i]!.status)}`,
    ),
    `<p class="note">${esc(unmark(m.explanation))}</p>`,
    ...(restores.length
      ? [
          `<h2>${esc(unmark(m.restoresFailedHeading))}</h2>`,
          `<ul class="reasons">${restores.map((f) => `<li>${esc(unmark(m.restoreItem({ host: f.host, scenario: f.scenario, detail: restoreDetailOf(f) })))}</li>`).join('')}</ul>`,
        ]
      : []),
    `<h2>${esc(unmark(m.parametersHeading))}</h2>`,
    paramsSection(report),
    `<h2>${esc(unmark(m.timelinesHeading))}</h2>`,
    `<p class="note">${esc(t().html.timelinesIntro)}</p>`,
    ...report.scenarios.map((s, i) => scenarioSection(s, charts.timelines[i])),
    `<footer>${esc(t().html.generatedBy({ version: report.hasetupVersion }))}</footer>`,
  ];
  return document(t().html.title({ cluster: report.cluster, verdict }), body.join('\n'));
}

export function document(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang()}">`,
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may load from anywhere: the page is the whole report (docs/day-two.md, the HTML report).
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
