// The failover test's data: what the scenario runner records (ScenarioTimeline), what measure.ts
// makes of it (ScenarioResult) and what the report formats render (FailoverReport).
// All times `t` are epoch milliseconds on one clock (the admin machine's; host events are corrected
// by each host's measured clock offset). Durations in results are seconds.
//
// Sentences for people (reasons, timeline labels, the bound's explanation, restore failures) are kept twice:
// as English text (the fields the JSON report writes: machines get the same JSON whatever the language) and
// as a `Said`, which the terminal, Markdown and JUnit renderers call with the reader's catalog (docs/i18n.md).
import type { Catalog } from '../i18n/index.js';

/** A sentence in any language: called with a catalog. Its English rendering is what the matching text field holds. */
export type Said = (c: Catalog) => string;

export type { AddressEvent, Marker, ProbeSample } from '../experiment/types.js';
import type { AddressEvent, Marker, ProbeSample } from '../experiment/types.js';

/** The keepalived and health-check parameters in effect during a scenario. */
export interface TimingParams {
  vrrpVersion: 2 | 3;
  /** advert_int in seconds (whole seconds with v2, 0.01 steps with v3) */
  advertInt: number;
  /** vrrp_script interval in seconds */
  checkInterval: number;
  fall: number;
  rise: number;
  /** keepalived's track_process watches the Tomcat process */
  trackProcess: boolean;
  /** a watchdog feeding track_file checks HTTP every watchdogMs milliseconds */
  watchdogMs?: number;
  /** the watchdog's request timeout in milliseconds (a hung Tomcat is seen after fall x (timeout + interval)) */
  watchdogTimeoutMs?: number;
  priorityMaster: number;
  priorityBackup: number;
  /** vrrp_script timeout in seconds (keepalived's default is the interval) */
  checkTimeout?: number;
  /** nopreempt in effect: the VIP stays on the backup when the master recovers */
  nopreempt?: boolean;
}

export type ScenarioName =
  | 'keepalived-stop'
  | 'tomcat-stop'
  | 'tomcat-crash'
  | 'tomcat-hang'
  | 'keepalived-kill'
  | 'network-loss'
  | 'host-crash'
  | 'reboot';

export const SCENARIO_NAMES: readonly ScenarioName[] = [
  'keepalived-stop',
  'tomcat-stop',
  'tomcat-crash',
  'tomcat-hang',
  'keepalived-kill',
  'network-loss',
  'host-crash',
  'reboot',
];

export interface ScenarioTimeline {
  scenario: ScenarioName;
  /** the host that held the VIP before inject */
  master: string;
  backups: string[];
  vip: string;
  probes: ProbeSample[];
  events: AddressEvent[];
  markers: Marker[];
  params: TimingParams;
  /** the scenario ran but something went wrong (a restore that failed, say): it fails, saying so */
  error?: string;
  /** the scenario could not be carried out (cluster not healthy, failsafe not armed, inject failed): ERROR */
  notRun?: string;
  /** the SSH session to the master was lost while the failure was in place (the test stops after it) */
  sessionLost?: boolean;
  /** a failsafe could not be disarmed (or its disarm not checked): it may still act on the master (ERROR) */
  failsafeLeftArmed?: boolean;
  /** `notRun` as a sentence in any language (absent: the English text is shown) */
  notRunSaid?: Said;
  /** the parts of `error` (joined with '; ' there), in any language */
  errorSaid?: Said[];
}

/** A restore that did not work: the host is left to its failsafe, and the run exits 1 saying so. */
export interface RestoreFailure {
  host: string;
  scenario: ScenarioName;
  command: string;
  detail: string;
  /** `detail` in any language (absent: the English text is shown) */
  said?: Said;
}

export interface TimelineEntry {
  /** seconds relative to inject (or to the start of the recording when there is no inject marker) */
  t: number;
  label: string;
}

/**
 * What one scenario recorded, as it was measured: the HTML report draws every request, address change and
 * marker from it (src/report/html/). Times are epoch ms on the one clock; `originMs` is the timeline's zero.
 */
export interface ScenarioRecording {
  originMs: number;
  master: string;
  backups: string[];
  probes: ProbeSample[];
  /** the VIP's address changes only */
  events: AddressEvent[];
  markers: Marker[];
  /** the runs of failed requests the outage figures were taken from (failback: in the failback window) */
  outages: { fromMs: number; toMs: number; failback: boolean }[];
}

export interface ScenarioResult {
  name: ScenarioName;
  /** pass and fail are verdicts; error: the scenario could not be carried out, nothing was measured */
  status: 'pass' | 'fail' | 'error';
  /** status === 'pass' */
  passed: boolean;
  /** why it failed, in words (empty when it passed) */
  reasons: string[];
  vipMoveSeconds: number | null;
  newHolder: string | null;
  /** changes of the VIP's holder to a host other than the master, from inject on (1 is right) */
  movesAway: number;
  /** changes of the VIP's holder back to the master (1 with preemption, 0 with nopreempt) */
  movesBack: number;
  outageSeconds: number | null;
  failedRequests: number;
  totalRequests: number;
  failbackSeconds: number | null;
  failbackOutageSeconds: number | null;
  splitBrain: boolean;
  splitBrainSeconds: number;
  /** theoretical bound on the VIP move from the parameters */
  boundSeconds: number | null;
  boundExplanation: string;
  params: TimingParams;
  /** merged human timeline, relative seconds */
  timeline: TimelineEntry[];
  /** copied from the timeline: why it could not run, or what went wrong while it ran */
  error?: string;
  /** the raw recording behind the figures (absent in reports made by hand and in older JSON reports) */
  recording?: ScenarioRecording;
  /**
   * The texts above in any language: reasons[i], bound (boundExplanation), timeline[i] (its label), error.
   * Absent (a report made by hand, as in tests): the renderers show the English texts.
   */
  said?: { reasons: Said[]; bound: Said; timeline: Said[]; error?: Said };
}

export interface FailoverReport {
  cluster: string;
  vip: string;
  /** ISO 8601 */
  startedAt: string;
  finishedAt: string;
  passed: boolean;
  maxOutageSeconds: number;
  scenarios: ScenarioResult[];
  /** restores that failed (empty when every injected failure was undone) */
  restoreFailures?: RestoreFailure[];
  hasetupVersion: string;
}
