// Messages of the report area (English, the reference catalog): the failover report for people (terminal
// table, Markdown, JUnit failure messages). The JSON report has no messages: it is for machines and stays
// the same in every language. Rules: docs/i18n.md. Numbers arrive formatted ("0.070 s").
export const report = {
  /** Verdicts for people (JSON and JUnit keep pass/fail/error and PASS/FAIL/ERROR as data). */
  verdictPass: 'PASS',
  verdictFail: 'FAIL',
  verdictError: 'ERROR',
  overallPassed: 'PASSED',
  overallFailed: 'FAILED',
  movesCount: (p: { away: number; back: number }) => `${p.away} away, ${p.back} back`,
  vipNeverMoved: 'never moved',
  vipMovedTo: (p: { seconds: string; host: string }) => `${p.seconds} to ${p.host}`,
  failbackOutageSuffix: (p: { outage: string }) => ` (outage ${p.outage})`,
  failbackStays: 'stays (nopreempt)',
  splitBrainYes: (p: { seconds: string }) => `YES ${p.seconds}`,
  splitBrainNo: 'no',
  summaryPassed: (p: { verdict: string; total: number; outage: string }) => `${p.verdict}: ${p.total} of ${p.total} scenarios passed;${p.outage}`,
  summaryFailed: (p: { verdict: string; what: string; outage: string }) => `${p.verdict}: ${p.what};${p.outage}`,
  summaryLongestOutage: (p: { longest: string; allowed: string }) => ` longest outage ${p.longest} (allowed ${p.allowed}).`,
  summaryAllowedOutage: (p: { allowed: string }) => ` allowed outage ${p.allowed}.`,
  summaryScenariosFailed: (p: { count: number; total: number; names: string }) => `${p.count} of ${p.total} scenarios failed (${p.names})`,
  summaryNotCarriedOut: (p: { count: number; names: string }) => `${p.count} could not be carried out (${p.names})`,
  summaryRestoresFailed: (p: { count: number; list: string }) => `${p.count} restore${p.count === 1 ? '' : 's'} failed (${p.list})`,
  summaryRestoreItem: (p: { host: string; scenario: string }) => `${p.host}: ${p.scenario}`,
  summaryTestFailed: 'the test failed',
  /** Between the parts of the summary, and between names in a list. */
  summarySeparator: '; ',
  nameSeparator: ', ',
  param: {
    vrrpVersion: 'VRRP version',
    advertInt: 'advert_int',
    priority: 'priority (master / backup)',
    checkInterval: 'check interval',
    checkFallRise: 'check fall / rise',
    checkTimeout: 'check timeout',
    trackProcess: 'track_process',
    watchdog: 'watchdog',
    preemption: 'preemption',
    yes: 'yes',
    no: 'no',
    watchdogNone: 'none',
    watchdogEvery: (p: { ms: number }) => `every ${p.ms} ms`,
    nopreempt: 'nopreempt',
    preempt: 'preempt',
  },
  column: {
    scenario: 'scenario',
    result: 'result',
    vipMove: 'VIP move',
    moves: 'moves',
    outage: 'outage',
    failedTotal: 'failed/total',
    failedTotalRequests: 'failed/total requests',
    failback: 'failback',
    splitBrain: 'split brain',
    bound: 'bound',
    parameter: 'parameter',
    value: 'value',
    time: 't (s)',
    event: 'event',
  },
  terminal: {
    title: (p: { cluster: string; vip: string; started: string; finished: string; version: string }) =>
      `Failover test of ${p.cluster} (VIP ${p.vip}), ${p.started} to ${p.finished}, hasetup ${p.version}`,
    restoreFailed: (p: { host: string; scenario: string; detail: string }) => `restore failed on ${p.host} (${p.scenario}): ${p.detail}`,
  },
  markdown: {
    title: (p: { cluster: string; verdict: string }) => `# Failover test: ${p.cluster}: ${p.verdict}`,
    cluster: (p: { cluster: string }) => `- Cluster: ${p.cluster}`,
    vip: (p: { vip: string }) => `- VIP: ${p.vip}`,
    started: (p: { time: string }) => `- Started: ${p.time}`,
    finished: (p: { time: string }) => `- Finished: ${p.time}`,
    allowedOutage: (p: { seconds: string }) => `- Allowed outage per scenario: ${p.seconds}`,
    version: (p: { version: string }) => `- hasetup ${p.version}`,
    /** What the figures mean: lines of Markdown. */
    explanation:
      'Each scenario fails the master in one way while a probe sends HTTP requests to the VIP over fresh connections\n' +
      'about every 10 ms. VIP move: from the failure to the VIP appearing on another host (its own address events).\n' +
      'Outage: the longest time clients got no successful answer. Failback: from restoring the master to the VIP\n' +
      'being back on it (preemption). Moves: how often the VIP changed hands, away from the master and back to it;\n' +
      'a clean failover moves it away once and (with preemption) back once: anything more is a flap clients may see twice.\n' +
      'Split brain: two hosts holding the VIP at once for longer than a normal hand-over. ERROR: the scenario could not\n' +
      'be carried out (nothing was injected).',
    restoresFailedHeading: '## Restores that failed',
    restoreItem: (p: { host: string; scenario: string; detail: string }) => `- ${p.host} (${p.scenario}): ${p.detail}`,
    parametersHeading: '## Parameters in effect',
    noScenarioRan: 'No scenario ran.',
    resultsHeading: '## Results',
    timelinesHeading: '## Timelines',
    timelinesIntro: 'Times in seconds relative to the moment the failure was injected.',
    scenarioHeading: (p: { scenario: string; verdict: string }) => `### ${p.scenario}: ${p.verdict}`,
    didNotRunCleanly: (p: { error: string }) => `The scenario did not run cleanly: ${p.error}`,
    theoreticalBound: (p: { seconds: string; explanation: string }) => `Theoretical bound ${p.seconds}: ${p.explanation}`,
    nothingRecorded: 'Nothing was recorded.',
  },
  junit: {
    figures: (p: {
      vipMove: string;
      moves: string;
      outage: string;
      requests: string;
      failback: string;
      splitBrain: string;
      bound: string;
    }) =>
      `VIP move: ${p.vipMove}; moves: ${p.moves}; outage: ${p.outage}; failed/total requests: ${p.requests}; ` +
      `failback: ${p.failback}; split brain: ${p.splitBrain}; bound: ${p.bound}`,
    failedWithoutReason: 'failed',
  },
};
