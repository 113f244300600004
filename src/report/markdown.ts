// The failover report as Markdown, for a person to attach to a change ticket, in the reader's language
// (headings, explanations, timelines; scenario ids and figures are the same in every language).
import type { FailoverReport, ScenarioResult } from '../failover/types.js';
import { t } from '../i18n/index.js';
import {
  boundExplanationOf,
  errorOf,
  failbackText,
  localTime,
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
} from './format.js';

/** Text on one line: control characters dropped, HTML specials as entities (a viewer would take `<x>` for a tag). */
function text(s: string): string {
  return plain(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\s*\r?\n\s*/g, ' ');
}

/** A table cell: like text, with pipes escaped. */
function cell(s: string): string {
  return text(s).replace(/\|/g, '\\|');
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.map(cell).join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
}

function paramsSection(r: FailoverReport): string[] {
  const p = paramsTable(r);
  return p ? table(p.head, p.rows) : [t().report.markdown.noScenarioRan];
}

function scenarioSection(s: ScenarioResult): string[] {
  const m = t().report.markdown;
  const col = t().report.column;
  const reasons = reasonsOf(s);
  const error = errorOf(s);
  const out = [m.scenarioHeading({ scenario: s.name, verdict: verdictWord(s.status) }), ''];
  if (error !== undefined && !reasons.some((x) => x.includes(error))) out.push(m.didNotRunCleanly({ error: text(error) }), '');
  if (!s.passed && reasons.length) out.push(...reasons.map((x) => `- ${text(x)}`), '');
  out.push(m.theoreticalBound({ seconds: secs(s.boundSeconds), explanation: text(boundExplanationOf(s)) }), '');
  const timeline = timelineOf(s);
  if (timeline.length === 0) out.push(m.nothingRecorded);
  else out.push(...table([col.time, col.event], timeline.map((e) => [relTime(e.t), e.label])));
  out.push('');
  return out;
}

export function renderMarkdown(report: FailoverReport): string {
  const r = t().report;
  const m = r.markdown;
  const col = r.column;
  const lines = [
    m.title({ cluster: text(report.cluster), verdict: report.passed ? r.overallPassed : r.overallFailed }),
    '',
    m.cluster({ cluster: text(report.cluster) }),
    m.vip({ vip: text(report.vip) }),
    m.started({ time: localTime(report.startedAt) }),
    m.finished({ time: localTime(report.finishedAt) }),
    m.allowedOutage({ seconds: secs(report.maxOutageSeconds) }),
    m.version({ version: report.hasetupVersion }),
    '',
    `**${summaryLine(report)}**`,
    '',
    m.explanation,
    '',
    ...(report.restoreFailures?.length
      ? [
          m.restoresFailedHeading,
          '',
          ...report.restoreFailures.map((f) => m.restoreItem({ host: text(f.host), scenario: f.scenario, detail: text(restoreDetailOf(f)) })),
          '',
        ]
      : []),
    m.parametersHeading,
    '',
    ...paramsSection(report),
    '',
    m.resultsHeading,
    '',
    ...table(
      [col.scenario, col.result, col.vipMove, col.moves, col.outage, col.failedTotalRequests, col.failback, col.splitBrain, col.bound],
      report.scenarios.map((s) => [
        s.name,
        s.passed ? verdictWord(s.status) : `**${verdictWord(s.status)}**`,
        vipMoveText(s),
        movesText(s),
        secs(s.outageSeconds),
        requestsText(s),
        failbackText(s),
        splitBrainText(s),
        secs(s.boundSeconds),
      ]),
    ),
    '',
    m.timelinesHeading,
    '',
    m.timelinesIntro,
    '',
    ...report.scenarios.flatMap(scenarioSection),
  ];
  return lines.join('\n').replace(/\n+$/, '') + '\n';
}
