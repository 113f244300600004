// The failover benchmark's summary is computed from saved reports: FAIL / ERROR counts over runs x scenarios
// (a run without a report is an ERROR for each of its scenarios), medians and maxima, moves seen, the goals.
import { describe, expect, it } from 'vitest';
import {
  SCENARIOS,
  goalVerdict,
  movesText,
  reliabilityLine,
  renderMarkdown,
  renderText,
  summariseConfig,
  type ConfigRecord,
  type FailoverRecord,
  type ScenarioJson,
  type TestRunRecord,
} from '../../../bench/failover-report.js';

function scenario(name: string, over: Partial<ScenarioJson> = {}): ScenarioJson {
  return {
    name,
    status: 'pass',
    passed: true,
    vipMoveSeconds: 0.1,
    movesAway: 1,
    movesBack: 1,
    outageSeconds: 0.05,
    splitBrain: false,
    reasons: [],
    error: null,
    timeline: [],
    ...over,
  };
}

function run(i: number, over: Record<string, Partial<ScenarioJson>> = {}): TestRunRecord {
  return {
    run: i,
    exitCode: 0,
    signal: null,
    seconds: 40,
    report: { passed: true, scenarios: SCENARIOS.map((s) => scenario(s, over[s])) },
  };
}

function config(runs: TestRunRecord[], over: Partial<ConfigRecord> = {}): ConfigRecord {
  return { config: 'default', lab: 'bfod', description: 'd', setupSeconds: 5, runs, ...over };
}

describe('summariseConfig', () => {
  it('counts PASS / FAIL / ERROR over runs x scenarios, a run without a report being an ERROR for each scenario', () => {
    const flap = { status: 'fail' as const, passed: false, movesAway: 2, outageSeconds: 0.4, reasons: ['the VIP moved away 2 times'], timeline: [{ t: 0.131, label: 'node2 added VIP' }] };
    const runs = [
      run(1),
      run(2, { 'tomcat-stop': flap, 'host-crash': { status: 'error', passed: false, error: 'failsafe not armed', vipMoveSeconds: null, outageSeconds: null } }),
      { run: 3, exitCode: 2, signal: null, seconds: 1, report: null, problem: 'no report (exit 2): precheck failed' },
    ];
    const s = summariseConfig(config(runs), SCENARIOS, 3);
    expect(s.expected).toBe(21);
    expect([s.pass, s.fail, s.error]).toEqual([12, 1, 8]);
    const stop = s.scenarios.find((x) => x.scenario === 'tomcat-stop')!;
    expect([stop.pass, stop.fail, stop.error]).toEqual([1, 1, 1]);
    expect(stop.outageMedian).toBeCloseTo(0.225);
    expect(stop.outageMax).toBe(0.4);
    expect(movesText(stop.movesAway)).toBe('1 x1, 2 x1');
    expect(goalVerdict(stop)).toBe('NOT met'); // 0.225 s > 0.1 s, and a flap
    const crash = s.scenarios.find((x) => x.scenario === 'host-crash')!;
    expect(crash.moveMedian).toBe(0.1); // the ERROR run measured nothing and is left out
    expect(s.failures.map((f) => `${f.run} ${f.scenario} ${f.status}`)).toContain('2 tomcat-stop fail');
    expect(s.failures.filter((f) => f.run === 3)).toHaveLength(7);
    expect(reliabilityLine(s, 3, 7)).toBe('1 FAIL, 8 ERROR in 21 scenario runs (3 runs x 7 scenarios; 12 PASS)');
  });

  it('a config whose lab could not be set up counts every expected scenario run as ERROR', () => {
    const s = summariseConfig(config([], { setupError: 'lab up failed' }), SCENARIOS, 20);
    expect([s.pass, s.fail, s.error, s.expected]).toEqual([0, 0, 140, 140]);
    expect(s.failures[0]!.reasons[0]).toContain('lab up failed');
  });

  it('meets a goal only with the median under it, no split brain and the moves the goal asks for', () => {
    const ok = summariseConfig(config([run(1), run(2)]), SCENARIOS, 2);
    expect(ok.scenarios.map((x) => goalVerdict(x))).toEqual(['met', 'met', 'met', 'met', 'met', '-', 'met']);
    expect(reliabilityLine(ok, 2, 7)).toMatch(/^0 FAIL, 0 ERROR in 14 scenario runs/);
    const slowHang = summariseConfig(config([run(1, { 'tomcat-hang': { outageSeconds: 1.2 } })]), SCENARIOS, 1);
    expect(goalVerdict(slowHang.scenarios.find((x) => x.scenario === 'tomcat-hang')!)).toBe('NOT met');
  });
});

describe('rendering from a saved record', () => {
  const record: FailoverRecord = {
    format: 'hasetup-bench-results',
    formatVersion: 1,
    bench: 'failover',
    commit: 'c'.repeat(40),
    dirty: true,
    gitStatus: [' M bench/failover.ts'],
    diffStat: ' bench/failover.ts | 2 +-',
    startedAt: '2026-11-28T15:00:00.000Z',
    finishedAt: '2026-11-28T15:10:00.000Z',
    wallSeconds: 600,
    machine: { hostname: 'h', cpus: 2, cpuModel: 'cpu', memoryGiB: 24, kernel: 'Linux 6', node: 'v20', loadAverage: [0.1, 0.2, 0.3] },
    command: ['bench/failover.ts', '--runs', '1', '--dirty'],
    options: {},
    data: { runs: 1, scenarios: [...SCENARIOS], configs: [config([run(1, { 'tomcat-crash': { status: 'fail', passed: false, reasons: ['outage too long'], timeline: [{ t: 0.2, label: 'probe: failures' }] } })])] },
  };

  it('says which commit, that the tree was dirty, the reliability line and why a scenario failed, with its timeline', () => {
    const md = renderMarkdown(record, 'bench/results/x.json');
    expect(md).toContain('`' + 'c'.repeat(40) + '` **plus uncommitted changes');
    expect(md).toContain(' M bench/failover.ts');
    expect(md).toContain('**default**: 1 FAIL, 0 ERROR in 7 scenario runs');
    expect(md).toContain('### default, run 1: tomcat-crash FAIL');
    expect(md).toContain('+0.200 probe: failures');
    expect(md).toContain('--from bench/results/x.json');
    const text = renderText(record);
    expect(text).toContain('default: 1 FAIL, 0 ERROR in 7 scenario runs');
    expect(text).toContain('default run 1 / tomcat-crash: FAIL: outage too long');
  });
});
