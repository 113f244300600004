// The failover report as JUnit XML for CI: one testsuite for the cluster, one testcase per scenario
// (time = the outage clients saw), a <failure> with the reasons when a criterion failed, an <error> when
// the scenario could not run or restore. Names (testsuite, testcase, classname) and the failure types are the
// same in every language, so CI history matches across runs; messages and system-out are in the reader's.
import type { FailoverReport, ScenarioResult } from '../failover/types.js';
import { t } from '../i18n/index.js';
import {
  boundExplanationOf,
  errorOf,
  failbackText,
  movesText,
  plain,
  reasonsOf,
  relTime,
  requestsText,
  secs,
  splitBrainText,
  summaryLine,
  timelineOf,
  vipMoveText,
} from './format.js';

/** Escapes text for XML content and attribute values, and drops ANSI sequences and characters XML 1.0 cannot hold. */
export function xmlEscape(s: string): string {
  return plain(s)
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values also keep their line breaks and tabs (a parser would normalise them to spaces). */
function attr(s: string): string {
  return xmlEscape(s).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const time = (s: number | null): string => (s ?? 0).toFixed(3);

function testcase(r: FailoverReport, s: ScenarioResult): string {
  const lines = [`    <testcase name="${attr(s.name)}" classname="${attr(`hasetup.failover.${r.cluster}`)}" time="${time(s.outageSeconds)}">`];
  if (!s.passed) {
    const element = s.status === 'error' ? 'error' : 'failure';
    const type = s.status === 'error' ? 'ScenarioError' : 'FailoverCriteria';
    const reasons = reasonsOf(s);
    const message = reasons[0] ?? errorOf(s) ?? t().report.junit.failedWithoutReason;
    const body = reasons.map((x) => `- ${x}`).join('\n');
    lines.push(`      <${element} message="${attr(message)}" type="${type}">${xmlEscape(body)}</${element}>`);
  }
  const out = [
    t().report.junit.figures({
      vipMove: vipMoveText(s),
      moves: movesText(s),
      outage: secs(s.outageSeconds),
      requests: requestsText(s),
      failback: failbackText(s),
      splitBrain: splitBrainText(s),
      bound: secs(s.boundSeconds),
    }),
    boundExplanationOf(s),
    ...timelineOf(s).map((e) => `${relTime(e.t)} ${e.label}`),
  ].join('\n');
  lines.push(`      <system-out>${xmlEscape(out)}</system-out>`);
  lines.push('    </testcase>');
  return lines.join('\n');
}

export function renderJunit(report: FailoverReport): string {
  const tests = report.scenarios.length;
  const errors = report.scenarios.filter((s) => s.status === 'error').length;
  const failures = report.scenarios.filter((s) => s.status === 'fail').length;
  const total = time(report.scenarios.reduce((sum, s) => sum + (s.outageSeconds ?? 0), 0));
  const props: [string, string][] = [
    ['cluster', report.cluster],
    ['vip', report.vip],
    ['maxOutageSeconds', String(report.maxOutageSeconds)],
    ['hasetupVersion', report.hasetupVersion],
    ['finishedAt', report.finishedAt],
    ['summary', summaryLine(report)],
  ];
  const suite = `failover ${report.cluster}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hasetup failover" tests="${tests}" failures="${failures}" errors="${errors}" time="${total}">`,
    `  <testsuite name="${attr(suite)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="0" time="${total}" timestamp="${attr(report.startedAt)}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`),
    '    </properties>',
    ...report.scenarios.map((s) => testcase(report, s)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
