// The failover report as JUnit XML for CI: one testsuite for the cluster, one testcase per scenario
// (time = the outage clients saw), a <failure> with the reasons when a criterion failed, an <error> when
// the scenario could not run or restore.
import type { FailoverReport, ScenarioResult } from '../failover/types.js';
import { failbackText, movesText, plain, relTime, requestsText, secs, splitBrainText, summaryLine, vipMoveText } from './format.js';

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
    const message = s.reasons[0] ?? (s.error !== undefined ? s.error : 'failed');
    const body = s.reasons.map((x) => `- ${x}`).join('\n');
    lines.push(`      <${element} message="${attr(message)}" type="${type}">${xmlEscape(body)}</${element}>`);
  }
  const out = [
    `VIP move: ${vipMoveText(s)}; moves: ${movesText(s)}; outage: ${secs(s.outageSeconds)}; failed/total requests: ${requestsText(s)}; ` +
      `failback: ${failbackText(s)}; split brain: ${splitBrainText(s)}; bound: ${secs(s.boundSeconds)}`,
    s.boundExplanation,
    ...s.timeline.map((e) => `${relTime(e.t)} ${e.label}`),
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
