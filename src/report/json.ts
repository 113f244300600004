// The failover report as JSON for machines: the key figures first in each scenario, then everything else.
// It is the same in every language: besides the keys and codes (docs/i18n.md), the prose fields (reasons,
// error, boundExplanation, timeline labels, restore details) stay English on purpose, so a parser, a diff or
// a CI history never depends on the locale of the machine that ran the test. People read the terminal table
// and the Markdown report, which are in their language.
import type { FailoverReport } from '../failover/types.js';

export const REPORT_FORMAT = 'hasetup-failover-report';
export const REPORT_FORMAT_VERSION = 1;

export function renderJson(report: FailoverReport): string {
  const doc = {
    format: REPORT_FORMAT,
    formatVersion: REPORT_FORMAT_VERSION,
    passed: report.passed,
    cluster: report.cluster,
    vip: report.vip,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    maxOutageSeconds: report.maxOutageSeconds,
    hasetupVersion: report.hasetupVersion,
    scenarios: report.scenarios.map((s) => ({
      name: s.name,
      status: s.status,
      passed: s.passed,
      vipMoveSeconds: s.vipMoveSeconds,
      movesAway: s.movesAway,
      movesBack: s.movesBack,
      outageSeconds: s.outageSeconds,
      failedRequests: s.failedRequests,
      failbackSeconds: s.failbackSeconds,
      splitBrain: s.splitBrain,
      reasons: s.reasons,
      error: s.error ?? null,
      newHolder: s.newHolder,
      totalRequests: s.totalRequests,
      failbackOutageSeconds: s.failbackOutageSeconds,
      splitBrainSeconds: s.splitBrainSeconds,
      boundSeconds: s.boundSeconds,
      boundExplanation: s.boundExplanation,
      params: s.params,
      timeline: s.timeline,
      // Last, being long: every request and address change, which the HTML report draws (absent: not recorded).
      ...(s.recording ? { recording: s.recording } : {}),
    })),
    restoreFailures: report.restoreFailures ?? [],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
