// The failover report as Markdown, for a person to attach to a change ticket.
import type { FailoverReport, ScenarioResult } from '../failover/types.js';
import { failbackText, paramRows, plain, relTime, requestsText, sameParams, secs, splitBrainText, summaryLine, verdict, vipMoveText, movesText } from './format.js';

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
  const first = r.scenarios[0];
  if (!first) return ['No scenario ran.'];
  if (r.scenarios.every((s) => sameParams(s.params, first.params))) {
    return table(['parameter', 'value'], paramRows(first.params));
  }
  const names = paramRows(first.params).map(([k]) => k);
  const rows = r.scenarios.map((s) => {
    const byName = new Map(paramRows(s.params));
    return [s.name, ...names.map((n) => byName.get(n) ?? '-')];
  });
  return table(['scenario', ...names], rows);
}

function scenarioSection(s: ScenarioResult): string[] {
  const out = [`### ${s.name}: ${verdict(s.status)}`, ''];
  if (s.error !== undefined && !s.reasons.some((x) => x.includes(s.error!))) out.push(`The scenario did not run cleanly: ${text(s.error)}`, '');
  if (!s.passed && s.reasons.length) out.push(...s.reasons.map((x) => `- ${text(x)}`), '');
  out.push(`Theoretical bound ${secs(s.boundSeconds)}: ${text(s.boundExplanation)}`, '');
  if (s.timeline.length === 0) out.push('Nothing was recorded.');
  else out.push(...table(['t (s)', 'event'], s.timeline.map((e) => [relTime(e.t), e.label])));
  out.push('');
  return out;
}

export function renderMarkdown(report: FailoverReport): string {
  const lines = [
    `# Failover test: ${text(report.cluster)}: ${report.passed ? 'PASSED' : 'FAILED'}`,
    '',
    `- Cluster: ${text(report.cluster)}`,
    `- VIP: ${text(report.vip)}`,
    `- Started: ${report.startedAt}`,
    `- Finished: ${report.finishedAt}`,
    `- Allowed outage per scenario: ${secs(report.maxOutageSeconds)}`,
    `- hasetup ${report.hasetupVersion}`,
    '',
    `**${summaryLine(report)}**`,
    '',
    'Each scenario fails the master in one way while a probe sends HTTP requests to the VIP over fresh connections',
    'about every 10 ms. VIP move: from the failure to the VIP appearing on another host (its own address events).',
    'Outage: the longest time clients got no successful answer. Failback: from restoring the master to the VIP',
    'being back on it (preemption). Moves: how often the VIP changed hands, away from the master and back to it;',
    'a clean failover moves it away once and (with preemption) back once: anything more is a flap clients may see twice.',
    'Split brain: two hosts holding the VIP at once for longer than a normal hand-over. ERROR: the scenario could not',
    'be carried out (nothing was injected).',
    '',
    ...(report.restoreFailures?.length
      ? ['## Restores that failed', '', ...report.restoreFailures.map((f) => `- ${text(f.host)} (${f.scenario}): ${text(f.detail)}`), '']
      : []),
    '## Parameters in effect',
    '',
    ...paramsSection(report),
    '',
    '## Results',
    '',
    ...table(
      ['scenario', 'result', 'VIP move', 'moves', 'outage', 'failed/total requests', 'failback', 'split brain', 'bound'],
      report.scenarios.map((s) => [
        s.name,
        s.passed ? 'PASS' : `**${verdict(s.status)}**`,
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
    '## Timelines',
    '',
    'Times in seconds relative to the moment the failure was injected.',
    '',
    ...report.scenarios.flatMap(scenarioSection),
  ];
  return lines.join('\n').replace(/\n+$/, '') + '\n';
}
