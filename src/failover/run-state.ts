// The state of one scenario while it runs, in one object that every phase (src/failover/phases.ts) and every
// scenario kind (src/failover/kinds.ts) reads and moves forward. Where the run stands is two fields, `net`
// (the failsafe) and `failure` (what was done to the master), so the clean-up after an error or Ctrl-C knows
// exactly what to undo.
import { en } from '../i18n/en/index.js';
import { t } from '../i18n/index.js';
import type { Experiment } from '../experiment/harness.js';
import type { Cluster, Host } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import type { EffectiveConfig } from './params.js';
import type { ScenarioSpec } from './scenarios.js';
import { addTrouble } from './trouble.js';
import type { RestoreFailure, Said, ScenarioName, ScenarioTimeline } from './types.js';

/** The connections of one run, with each host's clock offset; a host that rebooted gets a new connection. */
export interface RunHosts {
  get(name: string): RemoteHost;
  all(): RemoteHost[];
  offset(name: string): number;
  setOffset(name: string, ms: number): void;
  /** The host's new connection (the old one is closed), for the rest of the run and the caller's list. */
  replace(remote: RemoteHost): Promise<void>;
}

export interface RunSettings {
  maxOutageSeconds: number;
  holdSeconds: number;
  moveTimeoutSeconds: number;
  settleTimeoutSeconds: number;
  probeIntervalMs: number;
  probeTimeoutMs: number;
  probePath?: string;
  probeFrom?: string;
  /** A new connection to a host (after a reboot or a lost session). */
  reconnect?: (host: string) => Promise<RemoteHost>;
  rebootTimeoutSeconds?: number;
}

export interface ScenarioRun {
  readonly name: ScenarioName;
  readonly cluster: Cluster;
  /** the VIP's holder when the scenario starts: the host that is failed */
  readonly master: Host;
  /** where the VIP must end with preemption */
  readonly preemptMaster: Host;
  readonly hosts: RunHosts;
  readonly settings: RunSettings;
  readonly reporter: Reporter;
  readonly signal: AbortSignal;
  /** shared by every scenario of the run: restores (and disarms) that failed */
  readonly restoreFailures: RestoreFailure[];
  readonly spec: ScenarioSpec;
  readonly effective: EffectiveConfig;
  readonly failsafeSeconds: number;
  readonly tl: ScenarioTimeline;
  /** the recording (probe, watch, markers); set once it started */
  experiment?: Experiment;
  /**
   * The failsafe: 'armed' from the moment arming was tried (a timed-out arm may have worked); 'left-armed' when
   * a disarm failed (it may still run the restore: the scenario is an ERROR).
   */
  net: 'none' | 'armed' | 'disarmed' | 'left-armed';
  /** what was done to the master: 'injected' from the moment the inject was tried */
  failure: 'none' | 'injected' | 'restored' | 'restore-failed';
  /** the PID of the local power failsafe (power kind) */
  localFailsafe?: number;
}

/** The master's connection as it is now (a new one after a reboot). */
export const masterRemote = (run: ScenarioRun): RemoteHost => run.hosts.get(run.master.name);

/** A restore (or disarm) that failed: the run's list (exit 1), the scenario's trouble, a warning now. */
export function failRestore(run: ScenarioRun, command: string, detail: Said): void {
  const host = run.master.name;
  run.restoreFailures.push({ host, scenario: run.name, command, detail: detail(en), said: detail });
  addTrouble(run.tl, (c) => c.failover.trouble.restoreFailedOn({ host, detail: detail(c) }));
  run.reporter.warn(t().failover.progress.restoreFailed({ scenario: run.name, host, detail: detail(t()) }));
}

/** The last lines a command printed, for a message (host output: the same in every language). */
export function outputOf(r: { stdout: string; stderr: string }): string {
  return (r.stderr || r.stdout).trim().slice(-300);
}
