// The failover report as a table for the terminal (pure: returns the text, colour only when asked), in the
// reader's language. cli-table3 measures cells with string-width, so Chinese cells line up (two columns each).
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { FailoverReport } from '../failover/types.js';
import { t } from '../i18n/index.js';
import {
  failbackText,
  localTime,
  movesText,
  plain,
  reasonsOf,
  requestsText,
  restoreDetailOf,
  secs,
  splitBrainText,
  summaryLine,
  verdictWord,
  vipMoveText,
  wrap,
} from './format.js';

export interface TerminalOptions {
  color: boolean;
}

/** Reasons are wrapped to keep the table about as wide as its columns (terminal columns, not characters). */
const REASON_WIDTH = 100;

export function renderTerminal(report: FailoverReport, opts: TerminalOptions): string {
  const m = t().report;
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const col = m.column;
  const head = [col.scenario, col.result, col.vipMove, col.moves, col.outage, col.failedTotal, col.failback, col.splitBrain, col.bound];
  const table = new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [] } });
  for (const s of report.scenarios) {
    const word = verdictWord(s.status);
    table.push([
      s.name,
      s.status === 'pass' ? c.green(word) : s.status === 'error' ? c.yellow.bold(word) : c.red.bold(word),
      s.vipMoveSeconds === null ? c.red(vipMoveText(s)) : vipMoveText(s),
      s.status !== 'error' && (s.movesAway !== 1 || s.movesBack > 1) ? c.red(movesText(s)) : movesText(s),
      s.outageSeconds !== null && s.outageSeconds > report.maxOutageSeconds ? c.red(secs(s.outageSeconds)) : secs(s.outageSeconds),
      requestsText(s),
      failbackText(s),
      s.splitBrain ? c.red(splitBrainText(s)) : splitBrainText(s),
      secs(s.boundSeconds),
    ]);
    const reasons = reasonsOf(s);
    if (!s.passed && reasons.length) {
      const lines = reasons.flatMap((r) => wrap(plain(r), REASON_WIDTH).map((l, i) => c.red(`${i === 0 ? '  - ' : '    '}${l}`)));
      table.push([{ colSpan: head.length, content: lines.join('\n') }]);
    }
  }
  const restores = (report.restoreFailures ?? []).map((f) =>
    c.red.bold(m.terminal.restoreFailed({ host: f.host, scenario: f.scenario, detail: plain(restoreDetailOf(f)) })),
  );
  const lines = [
    m.terminal.title({
      cluster: report.cluster,
      vip: report.vip,
      started: localTime(report.startedAt),
      finished: localTime(report.finishedAt),
      version: report.hasetupVersion,
    }),
    table.toString(),
    ...restores,
    report.passed ? c.green.bold(summaryLine(report)) : c.red.bold(summaryLine(report)),
  ];
  return lines.join('\n') + '\n';
}
