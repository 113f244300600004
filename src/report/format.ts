// Shared wording and number formats for the report renderers (pure).
import type { FailoverReport, ScenarioResult, TimingParams } from '../failover/types.js';

export const DASH = '-';

/**
 * Text that came from hosts (error messages, command output) can hold ANSI colour sequences and other
 * control characters: drop them, keeping line breaks and tabs.
 */
export function plain(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
  );
}

/** Seconds with millisecond precision: "0.070 s". */
export function secs(s: number | null | undefined): string {
  return s === null || s === undefined ? DASH : `${s.toFixed(3)} s`;
}

/** A relative timeline time: "+0.070", "-0.500". */
export function relTime(t: number): string {
  return `${t >= 0 ? '+' : '-'}${Math.abs(t).toFixed(3)}`;
}

export function verdict(status: ScenarioResult['status']): 'PASS' | 'FAIL' | 'ERROR' {
  return status === 'pass' ? 'PASS' : status === 'error' ? 'ERROR' : 'FAIL';
}

/** "1 away, 1 back": the VIP's holder changes; more than one each way is a flap. */
export function movesText(s: ScenarioResult): string {
  return s.status === 'error' ? DASH : `${s.movesAway} away, ${s.movesBack} back`;
}

export function vipMoveText(s: ScenarioResult): string {
  if (s.vipMoveSeconds === null) return 'never moved';
  return s.newHolder ? `${secs(s.vipMoveSeconds)} to ${s.newHolder}` : secs(s.vipMoveSeconds);
}

export function requestsText(s: ScenarioResult): string {
  return `${s.failedRequests}/${s.totalRequests}`;
}

export function failbackText(s: ScenarioResult): string {
  const outage = s.failbackOutageSeconds === null ? '' : ` (outage ${secs(s.failbackOutageSeconds)})`;
  if (s.failbackSeconds !== null) return `${secs(s.failbackSeconds)}${outage}`;
  if (s.params.nopreempt) return `stays (nopreempt)${outage}`;
  return `${DASH}${outage}`;
}

export function splitBrainText(s: ScenarioResult): string {
  return s.splitBrain ? `YES ${secs(s.splitBrainSeconds)}` : 'no';
}

export function summaryLine(r: FailoverReport): string {
  const total = r.scenarios.length;
  const failed = r.scenarios.filter((s) => s.status === 'fail');
  const errors = r.scenarios.filter((s) => s.status === 'error');
  const outages = r.scenarios.map((s) => s.outageSeconds).filter((x): x is number => x !== null);
  const longest = outages.length ? ` longest outage ${secs(Math.max(...outages))} (allowed ${secs(r.maxOutageSeconds)}).` : '';
  if (r.passed) return `PASSED: ${total} of ${total} scenarios passed;${longest || ` allowed outage ${secs(r.maxOutageSeconds)}.`}`;
  const parts: string[] = [];
  if (failed.length) parts.push(`${failed.length} of ${total} scenarios failed (${failed.map((s) => s.name).join(', ')})`);
  if (errors.length) parts.push(`${errors.length} could not be carried out (${errors.map((s) => s.name).join(', ')})`);
  const restores = r.restoreFailures ?? [];
  if (restores.length) parts.push(`${restores.length} restore${restores.length === 1 ? '' : 's'} failed (${restores.map((f) => `${f.host}: ${f.scenario}`).join(', ')})`);
  const what = parts.length ? parts.join('; ') : 'the test failed';
  return `FAILED: ${what};${longest || ` allowed outage ${secs(r.maxOutageSeconds)}.`}`;
}

/** The parameters in effect as (name, value) rows, in keepalived's words. */
export function paramRows(p: TimingParams): [string, string][] {
  const rows: [string, string][] = [
    ['VRRP version', String(p.vrrpVersion)],
    ['advert_int', `${p.advertInt} s`],
    ['priority (master / backup)', `${p.priorityMaster} / ${p.priorityBackup}`],
    ['check interval', `${p.checkInterval} s`],
    ['check fall / rise', `${p.fall} / ${p.rise}`],
  ];
  if (p.checkTimeout !== undefined) rows.push(['check timeout', `${p.checkTimeout} s`]);
  rows.push(['track_process', p.trackProcess ? 'yes' : 'no']);
  rows.push(['watchdog', p.watchdogMs === undefined ? 'none' : `every ${p.watchdogMs} ms`]);
  rows.push(['preemption', p.nopreempt ? 'nopreempt' : 'preempt']);
  return rows;
}

export function sameParams(a: TimingParams, b: TimingParams): boolean {
  return JSON.stringify(paramRows(a)) === JSON.stringify(paramRows(b));
}

/** Wraps text at word boundaries to lines of at most `width` characters (longer words stay whole). */
export function wrap(s: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
