// The failover report as a table for the terminal (pure: returns the text, colour only when asked).
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { FailoverReport } from '../failover/types.js';
import { failbackText, movesText, plain, wrap, requestsText, secs, splitBrainText, summaryLine, verdict, vipMoveText } from './format.js';

export interface TerminalOptions {
  color: boolean;
}

/** Reasons are wrapped to keep the table about as wide as its columns. */
const REASON_WIDTH = 100;

export function renderTerminal(report: FailoverReport, opts: TerminalOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const head = ['scenario', 'result', 'VIP move', 'moves', 'outage', 'failed/total', 'failback', 'split brain', 'bound'];
  const table = new Table({ head: head.map((h) => c.bold(h)), style: { head: [], border: [] } });
  for (const s of report.scenarios) {
    table.push([
      s.name,
      s.status === 'pass' ? c.green(verdict(s.status)) : s.status === 'error' ? c.yellow.bold(verdict(s.status)) : c.red.bold(verdict(s.status)),
      s.vipMoveSeconds === null ? c.red(vipMoveText(s)) : vipMoveText(s),
      s.status !== 'error' && (s.movesAway !== 1 || s.movesBack > 1) ? c.red(movesText(s)) : movesText(s),
      s.outageSeconds !== null && s.outageSeconds > report.maxOutageSeconds ? c.red(secs(s.outageSeconds)) : secs(s.outageSeconds),
      requestsText(s),
      failbackText(s),
      s.splitBrain ? c.red(splitBrainText(s)) : splitBrainText(s),
      secs(s.boundSeconds),
    ]);
    if (!s.passed && s.reasons.length) {
      const lines = s.reasons.flatMap((r) => wrap(plain(r), REASON_WIDTH).map((l, i) => c.red(`${i === 0 ? '  - ' : '    '}${l}`)));
      table.push([{ colSpan: head.length, content: lines.join('\n') }]);
    }
  }
  const restores = (report.restoreFailures ?? []).map((f) => c.red.bold(`restore failed on ${f.host} (${f.scenario}): ${plain(f.detail)}`));
  const lines = [
    `Failover test of ${report.cluster} (VIP ${report.vip}), ${report.startedAt} to ${report.finishedAt}, hasetup ${report.hasetupVersion}`,
    table.toString(),
    ...restores,
    report.passed ? c.green.bold(summaryLine(report)) : c.red.bold(summaryLine(report)),
  ];
  return lines.join('\n') + '\n';
}
