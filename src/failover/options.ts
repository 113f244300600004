// failover-test's defaults and its checks of what was asked, before anything connects: which scenarios (with the
// options the disruptive ones need), the probe's path and host, the power commands host-crash needs. Each
// refusal is a UsageError (exit 2, nothing on any host touched). Loaded when the command runs, not at start-up.
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { URL_PATH_HINT, URL_PATH_RE } from '../inventory/schema.js';
import type { Cluster } from '../inventory/model.js';
import type { RemoteHost } from '../remote/host.js';
import type { FailoverOptions } from './runner.js';
import { parseScenarioList, SCENARIO_KINDS, type ScenarioList } from './scenarios.js';
import type { ScenarioName } from './types.js';

/** What the command does not ask for: the probe's pace, and how long to wait for settling and a reboot. */
export const FAILOVER_FIXED = {
  settleTimeoutSeconds: 60,
  probeIntervalMs: 10,
  probeTimeoutMs: 500,
  rebootTimeoutSeconds: 300,
} as const;

export interface FailoverRequest {
  scenario: string;
  allowReboot?: boolean;
  allowPowerOff?: boolean;
  probePath?: string;
  probeFrom?: string;
  maxOutage: number;
  hold: number;
  networkLoss: number;
  moveTimeout: number;
  failsafe?: number;
}

const names = (list: readonly string[]) => list.join(t().report.nameSeparator);

/** The scenarios asked for, refused when a disruptive one lacks its option or the probe path is not a path. */
export function checkRequest(req: FailoverRequest): ScenarioList {
  let list: ScenarioList;
  try {
    list = parseScenarioList(req.scenario);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const say = t().failover.refuse;
  const kinds = new Set(list.names.map((n) => SCENARIO_KINDS[n]));
  if (kinds.has('reboot') && !req.allowReboot) throw new UsageError(say.rebootNeedsAllowReboot);
  if (kinds.has('power') && !req.allowPowerOff) throw new UsageError(say.hostCrashNeedsAllowPowerOff);
  if (req.probePath && !URL_PATH_RE.test(req.probePath)) throw new UsageError(say.probePathInvalid({ hint: URL_PATH_HINT }));
  return list;
}

/** Refused when the cluster cannot carry the request: power commands for a power kind, a known --probe-from host. */
export function checkCluster(cluster: Cluster, scenarios: ScenarioName[], req: FailoverRequest, file: string): void {
  const say = t().failover.refuse;
  if (scenarios.some((n) => SCENARIO_KINDS[n] === 'power')) {
    const without = cluster.hosts.filter((h) => !h.power).map((h) => h.name);
    if (without.length) {
      throw new UsageError(say.hostCrashNeedsPower({ file, hosts: names(without), count: without.length }), say.hostCrashNeedsPowerHint);
    }
  }
  if (req.probeFrom && !cluster.hosts.some((h) => h.name === req.probeFrom)) {
    throw new UsageError(say.probeFromUnknownHost({ host: req.probeFrom, cluster: cluster.name, hosts: names(cluster.hosts.map((h) => h.name)) }));
  }
}

/** The runner's options from the request and what the run found out (the Tomcat unit, how to reconnect). */
export function failoverOptions(
  req: FailoverRequest,
  scenarios: ScenarioName[],
  run: { tomcatService: string; version: string; reconnect: (host: string) => Promise<RemoteHost> },
): FailoverOptions {
  return {
    ...FAILOVER_FIXED,
    ...run,
    scenarios,
    maxOutageSeconds: req.maxOutage,
    holdSeconds: req.hold,
    networkLossSeconds: req.networkLoss,
    moveTimeoutSeconds: req.moveTimeout,
    probePath: req.probePath,
    probeFrom: req.probeFrom,
    failsafeSeconds: req.failsafe,
  };
}
