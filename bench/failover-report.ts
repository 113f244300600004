// The failover benchmark's data and what is made of it: per config and scenario, PASS / FAIL / ERROR counts,
// median and max of VIP move and client outage, the moves seen, the issue's goals; the terminal text and the
// Markdown. Pure: it works on a saved results file, so --from can render it again without running anything.
import { markdownTable, max, median, secs, textTable } from './lib.js';
import { provenanceMarkdown, type BenchRecord } from './record.js';

export type Config = 'default' | 'tutorial' | 'tuned';
export const CONFIGS: readonly Config[] = ['default', 'tuned', 'tutorial'];

/** The default scenarios plus host-crash (the lab inventory has power commands): run with --allow-power-off. */
export const SCENARIOS = ['keepalived-stop', 'tomcat-stop', 'tomcat-crash', 'tomcat-hang', 'keepalived-kill', 'network-loss', 'host-crash'] as const;

export const CONFIG_DESCRIPTIONS: Record<Config, string> = {
  default:
    'a fresh lab deployed by `hasetup deploy` with the lab inventory (timing preset `fast`: VRRPv3 unicast, advert_int 0.1, ' +
    'watchdog + track_file + Tomcat unit hooks + HTTP check, max_auto_priority, gratuitous ARP on partition heal)',
  tuned:
    'a fresh lab with a hand-written, tuned tutorial keepalived.conf: VRRPv3, advert_int 0.1, unicast (unicast_src_ip + ' +
    'unicast_peer), `curl -sf` check every 1 s with fall 1 rise 1, priority 150/100, `enable_script_security` with ' +
    '`script_user root`. What tuning alone gives, without hasetup\'s own mechanisms',
  tutorial:
    'a fresh lab with the classic tutorial keepalived.conf written by hand: VRRPv2 multicast, advert_int 1, `curl -sf` check ' +
    'every 2 s with fall 2 rise 2, priority 150/100, `enable_script_security` with `script_user root`',
};

/** The issue's goals for the default config: median client outage in seconds, and the moves a scenario must show. */
export const GOALS: Record<string, { outage: number; movesAway?: number }> = {
  'keepalived-stop': { outage: 0.1 },
  'tomcat-stop': { outage: 0.1, movesAway: 1 },
  'tomcat-crash': { outage: 0.2 },
  'keepalived-kill': { outage: 0.25 },
  'host-crash': { outage: 0.4 },
  'tomcat-hang': { outage: 1.0 },
};

/** The part of failover-test's --json report per scenario that the benchmark reads (the whole report is saved). */
export interface ScenarioJson {
  name: string;
  status: 'pass' | 'fail' | 'error';
  passed: boolean;
  vipMoveSeconds: number | null;
  movesAway: number;
  movesBack: number;
  outageSeconds: number | null;
  splitBrain: boolean;
  reasons: string[];
  error: string | null;
  timeline: { t: number; label: string }[];
}

export interface ReportJson {
  passed: boolean;
  scenarios: ScenarioJson[];
  restoreFailures?: { host: string; scenario: string; command: string; detail: string }[];
}

/** One `hasetup failover-test` run: its whole --json report, or why there is none. */
export interface TestRunRecord {
  run: number;
  exitCode: number | null;
  signal: string | null;
  seconds: number;
  report: ReportJson | null;
  /** no report: failover-test could not run at all (every scenario of the run counts as ERROR) */
  problem?: string;
}

export interface ConfigRecord {
  config: Config;
  lab: string;
  description: string;
  /** deploy, or writing the hand-written config and waiting for the VIP */
  setupSeconds: number | null;
  /** the lab could not be set up: no runs (every scenario run counts as ERROR) */
  setupError?: string;
  runs: TestRunRecord[];
}

export interface FailoverData {
  runs: number;
  scenarios: string[];
  configs: ConfigRecord[];
}

export type FailoverRecord = BenchRecord<FailoverData>;

// ---------------------------------------------------------------------------------------------------------
// Summary

/** A scenario run that did not pass, with what shows why. */
export interface Failure {
  config: Config;
  run: number;
  scenario: string;
  status: 'fail' | 'error';
  reasons: string[];
  timeline: { t: number; label: string }[];
}

export interface ScenarioSummary {
  scenario: string;
  /** runs x 1: the scenario runs there should have been */
  expected: number;
  pass: number;
  fail: number;
  /** error verdicts, plus runs with no report for this scenario */
  error: number;
  moveMedian: number | null;
  moveMax: number | null;
  outageMedian: number | null;
  outageMax: number | null;
  /** how often each count of moves was seen, e.g. {1: 19, 2: 1} */
  movesAway: Map<number, number>;
  movesBack: Map<number, number>;
  splitBrainRuns: number;
}

export interface ConfigSummary {
  config: Config;
  expected: number;
  pass: number;
  fail: number;
  error: number;
  scenarios: ScenarioSummary[];
  failures: Failure[];
}

const finite = (xs: (number | null | undefined)[]) => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));

function tally(xs: number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const x of [...xs].sort((a, b) => a - b)) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}

export function summariseConfig(c: ConfigRecord, scenarios: readonly string[], runs: number): ConfigSummary {
  const failures: Failure[] = [];
  const out: ScenarioSummary[] = [];
  // Runs that never happened (the lab could not be set up) are errors too: the count stays runs x scenarios.
  const runRecords: TestRunRecord[] = c.setupError
    ? Array.from({ length: runs }, (_, i) => ({ run: i + 1, exitCode: null, signal: null, seconds: 0, report: null, problem: `setup failed: ${c.setupError}` }))
    : c.runs;
  const missingRuns = Math.max(0, runs - runRecords.length);
  for (const name of scenarios) {
    const seen: ScenarioJson[] = [];
    let error = missingRuns;
    for (const r of runRecords) {
      const s = r.report?.scenarios.find((x) => x.name === name);
      if (!s) {
        error++;
        failures.push({
          config: c.config,
          run: r.run,
          scenario: name,
          status: 'error',
          reasons: [r.problem ?? `no result for ${name} in the report (exit ${r.exitCode ?? r.signal})`],
          timeline: [],
        });
        continue;
      }
      seen.push(s);
      if (s.status === 'pass') continue;
      if (s.status === 'error') error++;
      failures.push({
        config: c.config,
        run: r.run,
        scenario: name,
        status: s.status,
        reasons: [...s.reasons, ...(s.error && !s.reasons.includes(s.error) ? [s.error] : [])],
        timeline: s.timeline,
      });
    }
    const measured = seen.filter((s) => s.status !== 'error');
    out.push({
      scenario: name,
      expected: runs,
      pass: seen.filter((s) => s.status === 'pass').length,
      fail: seen.filter((s) => s.status === 'fail').length,
      error,
      moveMedian: median(finite(measured.map((s) => s.vipMoveSeconds))),
      moveMax: max(finite(measured.map((s) => s.vipMoveSeconds))),
      outageMedian: median(finite(measured.map((s) => s.outageSeconds))),
      outageMax: max(finite(measured.map((s) => s.outageSeconds))),
      movesAway: tally(measured.map((s) => s.movesAway)),
      movesBack: tally(measured.map((s) => s.movesBack)),
      splitBrainRuns: measured.filter((s) => s.splitBrain).length,
    });
  }
  const sum = (k: 'pass' | 'fail' | 'error') => out.reduce((a, s) => a + s[k], 0);
  return { config: c.config, expected: runs * scenarios.length, pass: sum('pass'), fail: sum('fail'), error: sum('error'), scenarios: out, failures };
}

/** "0 FAIL, 0 ERROR in 140 scenario runs (20 runs x 7 scenarios)": the reliability figure. */
export function reliabilityLine(s: ConfigSummary, runs: number, scenarios: number): string {
  return `${s.fail} FAIL, ${s.error} ERROR in ${s.expected} scenario runs (${runs} run${runs === 1 ? '' : 's'} x ${scenarios} scenarios; ${s.pass} PASS)`;
}

/** {1: 19, 2: 1} -> "1 x19, 2 x1"; one value seen every time -> just that value. */
export function movesText(m: Map<number, number>): string {
  if (m.size === 0) return '-';
  if (m.size === 1) return String([...m.keys()][0]);
  return [...m].map(([moves, n]) => `${moves} x${n}`).join(', ');
}

/** The goal's verdict for one scenario of the default config: medians meet the outage goal, no split brain, right moves. */
export function goalVerdict(s: ScenarioSummary): string {
  const goal = GOALS[s.scenario];
  if (!goal) return '-';
  if (s.outageMedian === null) return 'no figure';
  const moves = goal.movesAway === undefined || (s.movesAway.size === 1 && s.movesAway.has(goal.movesAway));
  return s.outageMedian <= goal.outage && s.splitBrainRuns === 0 && moves ? 'met' : 'NOT met';
}

export function goalText(scenario: string): string {
  const goal = GOALS[scenario];
  if (!goal) return '-';
  return `<= ${goal.outage} s${goal.movesAway === undefined ? '' : `, ${goal.movesAway} move`}`;
}

// ---------------------------------------------------------------------------------------------------------
// Rendering

const HEAD = ['scenario', 'move median', 'move max', 'outage median', 'outage max', 'moves away', 'moves back', 'PASS', 'FAIL', 'ERROR', 'split brain'];

function scenarioRow(s: ScenarioSummary): string[] {
  return [
    s.scenario,
    secs(s.moveMedian),
    secs(s.moveMax),
    secs(s.outageMedian),
    secs(s.outageMax),
    movesText(s.movesAway),
    movesText(s.movesBack),
    String(s.pass),
    String(s.fail),
    String(s.error),
    s.splitBrainRuns ? `${s.splitBrainRuns} run(s)` : 'no',
  ];
}

function configTable(s: ConfigSummary, table: typeof textTable): string {
  const withGoals = s.config === 'default';
  const head = withGoals ? [...HEAD, 'goal (median outage)', 'goal'] : HEAD;
  const rows = s.scenarios.map((x) => (withGoals ? [...scenarioRow(x), goalText(x.scenario), goalVerdict(x)] : scenarioRow(x)));
  return table(head, rows);
}

/** Median client outage of each config side by side: what tuning gives, and what hasetup's mechanisms add. */
function comparison(summaries: ConfigSummary[], table: typeof textTable): string | undefined {
  if (summaries.length < 2) return undefined;
  const names = summaries[0]!.scenarios.map((s) => s.scenario);
  const head = ['scenario', ...summaries.flatMap((s) => [`${s.config} outage`, `${s.config} pass`]), 'goal (default)'];
  const rows = names.map((n) => [
    n,
    ...summaries.flatMap((s) => {
      const x = s.scenarios.find((y) => y.scenario === n);
      return [secs(x?.outageMedian), x ? `${x.pass}/${x.expected}` : '-'];
    }),
    goalText(n),
  ]);
  return table(head, rows);
}

function timelineLines(f: Failure): string[] {
  return f.timeline.map((e) => `${e.t >= 0 ? '+' : ''}${e.t.toFixed(3)} ${e.label}`);
}

export function renderText(record: FailoverRecord): string {
  const d = record.data;
  const summaries = d.configs.map((c) => summariseConfig(c, d.scenarios, d.runs));
  const out: string[] = [];
  const m = record.machine;
  out.push(`Failover benchmark: ${d.runs} run(s) per config, commit ${record.commit.slice(0, 12)}${record.dirty ? ' + uncommitted changes' : ''} (${m.cpus} CPUs, load ${m.loadAverage.join(' / ')})`);
  for (const s of summaries) {
    const c = d.configs.find((x) => x.config === s.config)!;
    out.push('', `${s.config}: ${reliabilityLine(s, d.runs, d.scenarios.length)}`);
    if (c.setupError) out.push(`  setup failed: ${c.setupError}`);
    out.push('', configTable(s, textTable));
  }
  const cmp = comparison(summaries, textTable);
  if (cmp) out.push('', 'Median client outage per config:', '', cmp);
  const failures = summaries.flatMap((s) => s.failures);
  if (failures.length) {
    out.push('', 'Why scenario runs failed (FAIL) or could not be carried out (ERROR):');
    for (const f of failures) {
      out.push(`- ${f.config} run ${f.run} / ${f.scenario}: ${f.status.toUpperCase()}: ${f.reasons.join('; ') || '(no reason given)'}`);
      for (const l of timelineLines(f)) out.push(`    ${l}`);
    }
  }
  out.push('', 'move = injection to the VIP appearing on a backup (host address events); outage = longest run of failed client requests;');
  out.push('moves away/back = VIP holder changes during the failure / the failback (1 is right; "1 x19, 2 x1" = 2 moves in one run).');
  return out.join('\n');
}

export function renderMarkdown(record: FailoverRecord, jsonName?: string): string {
  const d = record.data;
  const summaries = d.configs.map((c) => summariseConfig(c, d.scenarios, d.runs));
  const out: string[] = [
    `# Failover benchmark: ${d.runs} run(s) per config`,
    '',
    ...provenanceMarkdown(record, jsonName),
    `- lab: 2 hosts (systemd-nspawn, Debian 12, keepalived 2.2.7, Tomcat 10); each run: \`hasetup failover-test INV --yes --scenario ${d.scenarios.join(',')} --allow-power-off\``,
    '- move = injection (timestamped on the master) to the VIP appearing on a backup; outage = longest run of failed client requests (HTTP GET to the VIP every 10 ms over a fresh connection, 500 ms timeout); moves away / back = VIP holder changes during the failure / the failback (a pass needs exactly 1, and 1 back with preemption); PASS / FAIL / ERROR as failover-test judged each scenario run (ERROR: not carried out, or no report)',
    '',
    '## Configs',
    '',
    ...d.configs.map((c) => `- **${c.config}** (lab \`${c.lab}\`): ${c.description}${c.setupSeconds === null ? '' : `; set up in ${secs(c.setupSeconds, 1)}`}`),
    '',
    '## Reliability',
    '',
    ...summaries.map((s) => `- **${s.config}**: ${reliabilityLine(s, d.runs, d.scenarios.length)}`),
    '',
  ];
  const cmp = comparison(summaries, markdownTable);
  if (cmp) out.push('## Median client outage per config', '', cmp, '');
  for (const s of summaries) {
    const c = d.configs.find((x) => x.config === s.config)!;
    out.push(`## ${s.config}`, '');
    if (c.setupError) out.push(`Setup failed: ${c.setupError}`, '');
    if (s.config === 'default') out.push('Goals from issue 8: median client outage with the default preset, no split brain (and one move for tomcat-stop).', '');
    out.push(configTable(s, markdownTable), '');
  }
  const failures = summaries.flatMap((s) => s.failures);
  if (failures.length) {
    out.push('## Scenario runs that failed or had an error', '');
    for (const f of failures) {
      out.push(`### ${f.config}, run ${f.run}: ${f.scenario} ${f.status.toUpperCase()}`, '');
      for (const r of f.reasons) out.push(`- ${r}`);
      if (f.timeline.length) out.push('', '```', ...timelineLines(f), '```');
      out.push('');
    }
  }
  const restoreFailures = d.configs.flatMap((c) => c.runs.flatMap((r) => (r.report?.restoreFailures ?? []).map((f) => ({ c, r, f }))));
  if (restoreFailures.length) {
    out.push('## Restores that failed', '');
    for (const { c, r, f } of restoreFailures) out.push(`- ${c.config} run ${r.run}: ${f.scenario} on ${f.host}: \`${f.command}\`: ${f.detail}`);
    out.push('');
  }
  out.push(
    '## Every run',
    '',
    markdownTable(
      ['config', 'run', 'exit', 'scenario', 'status', 'move', 'outage', 'away', 'back', 'split brain'],
      d.configs.flatMap((c) =>
        c.runs.flatMap((r) =>
          r.report
            ? r.report.scenarios.map((s) => [
                c.config,
                String(r.run),
                String(r.exitCode ?? r.signal),
                s.name,
                s.status.toUpperCase(),
                secs(s.vipMoveSeconds),
                secs(s.outageSeconds),
                String(s.movesAway),
                String(s.movesBack),
                s.splitBrain ? 'yes' : 'no',
              ])
            : [[c.config, String(r.run), String(r.exitCode ?? r.signal), '-', 'no report', '-', '-', '-', '-', '-']],
        ),
      ),
    ),
    '',
  );
  return out.join('\n');
}
