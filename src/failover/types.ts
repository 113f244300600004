// The failover test's data: what the scenario runner records (ScenarioTimeline), what measure.ts
// makes of it (ScenarioResult) and what the report formats render (FailoverReport).
// All times `t` are epoch milliseconds on one clock (the admin machine's; host events are corrected
// by each host's measured clock offset). Durations in results are seconds.

/** One HTTP GET to the VIP over a fresh connection. */
export interface ProbeSample {
  /** epoch ms when the request was sent */
  t: number;
  /** duration of the request in ms */
  ms: number;
  ok: boolean;
  /** which node answered (body of /host.txt or similar) */
  host?: string;
  error?: string;
}

/** An address change seen by `ip -ts monitor address` on one host (only the VIP's events). */
export interface AddressEvent {
  /** epoch ms, corrected by the host's clock offset */
  t: number;
  host: string;
  kind: 'add' | 'del';
  /** the address, with or without a /prefix */
  address: string;
}

/** 'inject' (timestamped on the master), 'restore', 'settled', 'failback-settled', or anything else worth showing. */
export interface Marker {
  t: number;
  label: string;
}

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
  | 'master-crash'
  | 'network-loss'
  | 'reboot';

export const SCENARIO_NAMES: readonly ScenarioName[] = [
  'keepalived-stop',
  'tomcat-stop',
  'tomcat-crash',
  'tomcat-hang',
  'master-crash',
  'network-loss',
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
  /** the scenario could not run or failed to restore: say so honestly */
  error?: string;
}

export interface TimelineEntry {
  /** seconds relative to inject (or to the start of the recording when there is no inject marker) */
  t: number;
  label: string;
}

export interface ScenarioResult {
  name: ScenarioName;
  passed: boolean;
  /** why it failed, in words (empty when it passed) */
  reasons: string[];
  vipMoveSeconds: number | null;
  newHolder: string | null;
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
  /** copied from the timeline: the scenario could not run or failed to restore */
  error?: string;
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
  hasetupVersion: string;
}
