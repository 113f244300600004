// Reports for the HTML tests, from a JSON report: test/fixtures/html/report.json is what `failover-test --json`
// writes (its `recording` fields included), here made by measure.ts from the recordings of
// test/unit/failover/timelines.ts (cleanKeepalivedStop, tomcatHang, noFailures, networkLoss(3005)) and
// renderJson; a lab run's report.json can replace it as it is. The FAIL and ERROR scenarios are made from it
// by the real measure code: the same recording judged against a tighter allowed outage, and a scenario that
// could not be carried out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureScenario } from '../../../src/failover/measure.js';
import type { FailoverReport, ScenarioResult, ScenarioTimeline } from '../../../src/failover/types.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/html');

type JsonScenario = Omit<ScenarioResult, 'error'> & { error: string | null };

/** The JSON report back into the report the renderers take (its prose in English, as the JSON keeps it). */
export function reportFromJson(text: string): FailoverReport {
  const doc = JSON.parse(text) as Omit<FailoverReport, 'scenarios'> & { scenarios: JsonScenario[] };
  return {
    cluster: doc.cluster,
    vip: doc.vip,
    startedAt: doc.startedAt,
    finishedAt: doc.finishedAt,
    passed: doc.passed,
    maxOutageSeconds: doc.maxOutageSeconds,
    hasetupVersion: doc.hasetupVersion,
    restoreFailures: doc.restoreFailures,
    scenarios: doc.scenarios.map(({ error, ...s }) => (error === null ? s : { ...s, error })),
  };
}

export function recordedReport(): FailoverReport {
  return reportFromJson(readFileSync(path.join(fixtures, 'report.json'), 'utf8'));
}

function timelineOf(report: FailoverReport, s: ScenarioResult): ScenarioTimeline {
  const r = s.recording!;
  return { scenario: s.name, master: r.master, backups: r.backups, vip: report.vip, probes: r.probes, events: r.events, markers: r.markers, params: s.params };
}

/**
 * The recorded report with its first scenario judged again against an allowed outage of 1 ms (FAIL, with the
 * engine's own reasons, in the reader's language) and its second one not carried out (ERROR).
 */
export function failAndErrorReport(): FailoverReport {
  const lab = recordedReport();
  const [first, second, ...rest] = lab.scenarios;
  const failed = measureScenario(timelineOf(lab, first!), { maxOutageSeconds: 0.001 });
  const notRun = measureScenario(
    {
      ...timelineOf(lab, second!),
      probes: [],
      events: [],
      markers: [],
      notRun: 'the cluster was not healthy before the scenario: keepalived is not running on node2',
    },
    { maxOutageSeconds: lab.maxOutageSeconds },
  );
  return { ...lab, passed: false, scenarios: [failed, notRun, ...rest] };
}
