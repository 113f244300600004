// Shared wording and number formats for the report renderers (pure).
// Words come from the catalog (src/i18n/*/report.ts) in the reader's language; the English texts kept in the
// results (reasons, labels) are for the JSON report, the Said next to them for people (src/failover/types.ts).
import type { FailoverReport, RestoreFailure, ScenarioResult, TimelineEntry, TimingParams } from '../failover/types.js';
import { t } from '../i18n/index.js';
import { displayWidth } from '../i18n/width.js';

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

/**
 * A moment as a person reads it: the local time of the machine running hasetup, with its zone, to the second
 * ("2026-12-07 15:04:05 UTC+08:00"; "... UTC" where the machine runs on UTC). Reports keep ISO UTC in JSON and
 * JUnit (src/report/json.ts), where programs read them. `offsetMinutes` east of UTC, for tests.
 */
export function localTime(iso: string, offsetMinutes = -new Date(iso).getTimezoneOffset()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const shifted = new Date(at.getTime() + offsetMinutes * 60_000).toISOString();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = offsetMinutes === 0 ? 'UTC' : `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)} ${zone}`;
}

/** A relative timeline time: "+0.070", "-0.500". */
export function relTime(t: number): string {
  return `${t >= 0 ? '+' : '-'}${Math.abs(t).toFixed(3)}`;
}

export function verdict(status: ScenarioResult['status']): 'PASS' | 'FAIL' | 'ERROR' {
  return status === 'pass' ? 'PASS' : status === 'error' ? 'ERROR' : 'FAIL';
}

/** The verdict for people, in the reader's language ("PASS", "通过"); verdict() is the code machines read. */
export function verdictWord(status: ScenarioResult['status']): string {
  const r = t().report;
  return status === 'pass' ? r.verdictPass : status === 'error' ? r.verdictError : r.verdictFail;
}

/** The reasons in the reader's language (the English text when the result carries no Said). */
export function reasonsOf(s: ScenarioResult): string[] {
  const c = t();
  return s.said && s.said.reasons.length === s.reasons.length ? s.said.reasons.map((f) => f(c)) : s.reasons;
}

export function boundExplanationOf(s: ScenarioResult): string {
  return s.said ? s.said.bound(t()) : s.boundExplanation;
}

export function timelineOf(s: ScenarioResult): TimelineEntry[] {
  const c = t();
  const said = s.said?.timeline;
  return said && said.length === s.timeline.length ? s.timeline.map((e, i) => ({ t: e.t, label: said[i]!(c) })) : s.timeline;
}

export function errorOf(s: ScenarioResult): string | undefined {
  if (s.error === undefined) return undefined;
  return s.said?.error ? s.said.error(t()) : s.error;
}

export function restoreDetailOf(f: RestoreFailure): string {
  return f.said ? f.said(t()) : f.detail;
}

/** "1 away, 1 back": the VIP's holder changes; more than one each way is a flap. */
export function movesText(s: ScenarioResult): string {
  return s.status === 'error' ? DASH : t().report.movesCount({ away: s.movesAway, back: s.movesBack });
}

export function vipMoveText(s: ScenarioResult): string {
  if (s.vipMoveSeconds === null) return t().report.vipNeverMoved;
  return s.newHolder ? t().report.vipMovedTo({ seconds: secs(s.vipMoveSeconds), host: s.newHolder }) : secs(s.vipMoveSeconds);
}

export function requestsText(s: ScenarioResult): string {
  return `${s.failedRequests}/${s.totalRequests}`;
}

export function failbackText(s: ScenarioResult): string {
  const r = t().report;
  const outage = s.failbackOutageSeconds === null ? '' : r.failbackOutageSuffix({ outage: secs(s.failbackOutageSeconds) });
  if (s.failbackSeconds !== null) return `${secs(s.failbackSeconds)}${outage}`;
  if (s.params.nopreempt) return `${r.failbackStays}${outage}`;
  return `${DASH}${outage}`;
}

export function splitBrainText(s: ScenarioResult): string {
  return s.splitBrain ? t().report.splitBrainYes({ seconds: secs(s.splitBrainSeconds) }) : t().report.splitBrainNo;
}

export function summaryLine(r: FailoverReport): string {
  const m = t().report;
  const total = r.scenarios.length;
  const failed = r.scenarios.filter((s) => s.status === 'fail');
  const errors = r.scenarios.filter((s) => s.status === 'error');
  const outages = r.scenarios.map((s) => s.outageSeconds).filter((x): x is number => x !== null);
  const outage = outages.length
    ? m.summaryLongestOutage({ longest: secs(Math.max(...outages)), allowed: secs(r.maxOutageSeconds) })
    : m.summaryAllowedOutage({ allowed: secs(r.maxOutageSeconds) });
  if (r.passed) return m.summaryPassed({ verdict: m.overallPassed, total, outage });
  const names = (list: ScenarioResult[]) => list.map((s) => s.name).join(m.nameSeparator);
  const parts: string[] = [];
  if (failed.length) parts.push(m.summaryScenariosFailed({ count: failed.length, total, names: names(failed) }));
  if (errors.length) parts.push(m.summaryNotCarriedOut({ count: errors.length, names: names(errors) }));
  const restores = r.restoreFailures ?? [];
  if (restores.length) {
    const list = restores.map((f) => m.summaryRestoreItem({ host: f.host, scenario: f.scenario })).join(m.nameSeparator);
    parts.push(m.summaryRestoresFailed({ count: restores.length, list }));
  }
  const what = parts.length ? parts.join(m.summarySeparator) : m.summaryTestFailed;
  return m.summaryFailed({ verdict: m.overallFailed, what, outage });
}

/** The parameters in effect as (name, value) rows, in keepalived's words. */
/**
 * The parameters in effect as one table, for every rendering: a parameter/value table when all scenarios ran with
 * the same ones, else a row per scenario and a column per parameter. undefined when no scenario ran.
 */
export function paramsTable(r: FailoverReport): { head: string[]; rows: string[][] } | undefined {
  const col = t().report.column;
  const first = r.scenarios[0];
  if (!first) return undefined;
  if (r.scenarios.every((s) => sameParams(s.params, first.params))) return { head: [col.parameter, col.value], rows: paramRows(first.params) };
  const names = paramRows(first.params).map(([k]) => k);
  const rows = r.scenarios.map((s) => {
    const byName = new Map(paramRows(s.params));
    return [s.name, ...names.map((n) => byName.get(n) ?? '-')];
  });
  return { head: [col.scenario, ...names], rows };
}

export function paramRows(p: TimingParams): [string, string][] {
  const m = t().report.param;
  const rows: [string, string][] = [
    [m.vrrpVersion, String(p.vrrpVersion)],
    [m.advertInt, `${p.advertInt} s`],
    [m.priority, `${p.priorityMaster} / ${p.priorityBackup}`],
    [m.checkInterval, `${p.checkInterval} s`],
    [m.checkFallRise, `${p.fall} / ${p.rise}`],
  ];
  if (p.checkTimeout !== undefined) rows.push([m.checkTimeout, `${p.checkTimeout} s`]);
  rows.push([m.trackProcess, p.trackProcess ? m.yes : m.no]);
  rows.push([m.watchdog, p.watchdogMs === undefined ? m.watchdogNone : m.watchdogEvery({ ms: p.watchdogMs })]);
  rows.push([m.preemption, p.nopreempt ? m.nopreempt : m.preempt]);
  return rows;
}

export function sameParams(a: TimingParams, b: TimingParams): boolean {
  return JSON.stringify(paramRows(a)) === JSON.stringify(paramRows(b));
}

/** Where a line may break besides spaces: before and after a CJK character (closing punctuation stays with
 *  the character before it, opening punctuation with the one after). */
const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef';
const TOKEN = new RegExp(`\\s+|[（「『《]*[${CJK}][，。、；：！？）」』》]*|[^\\s${CJK}]+`, 'gu');

/**
 * Wraps text to lines of at most `width` terminal columns (a CJK character takes two): at spaces, and between
 * CJK characters, which Chinese writes without spaces. Longer words stay whole.
 */
export function wrap(s: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let space = false;
  for (const token of s.match(TOKEN) ?? []) {
    if (/^\s/.test(token)) {
      space = line !== '';
      continue;
    }
    const sep = space ? ' ' : '';
    space = false;
    if (line && displayWidth(line) + sep.length + displayWidth(token) > width) {
      lines.push(line);
      line = token;
    } else line += sep + token;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
