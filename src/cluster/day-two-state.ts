// Reading a host's day-two state in the same round trip as the rest of `status`: the switchover and
// maintenance track files, whether the deployed config uses them, and failed alert deliveries.
import { clusterConfPath } from '../hostpaths.js';
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';
import { alertFailuresLog, FAULT_VALUE, maintenanceTrackPath, standbyTrackPath } from './day-two-paths.js';

export interface DayTwoObservation {
  /** The deployed cluster config references the switchover/maintenance track files (a deploy of this version). */
  configured: boolean;
  /** The standby track file's value: negative when a switchover lowered this host's priority. */
  standby: number;
  maintenance: boolean;
  alertFailures: number;
  lastAlertFailure?: string;
}

/** Shell lines printing the @@daytwo section: four lines, then the last failure line (if any). */
export function dayTwoScript(cluster: string): ShellCommand {
  const conf = clusterConfPath(cluster);
  return joinCommands(
    [
      cmd`echo @@daytwo`,
      cmd`grep -qF -- ${standbyTrackPath(cluster)} ${conf} 2>/dev/null && echo configured=1 || echo configured=0`,
      cmd`echo "standby=$(cat ${standbyTrackPath(cluster)} 2>/dev/null)"`,
      cmd`echo "maintenance=$(cat ${maintenanceTrackPath(cluster)} 2>/dev/null)"`,
      cmd`echo "failures=$(wc -l 2>/dev/null < ${alertFailuresLog(cluster)})"`,
      cmd`echo "last=$(tail -n 1 ${alertFailuresLog(cluster)} 2>/dev/null)"`,
    ],
    '; ',
  );
}

const intOr0 = (s: string | undefined) => (s !== undefined && /^-?\d+$/.test(s.trim()) ? Number(s.trim()) : 0);

export function parseDayTwo(lines: string[]): DayTwoObservation {
  const kv = new Map<string, string>();
  for (const l of lines) {
    const i = l.indexOf('=');
    if (i > 0) kv.set(l.slice(0, i), l.slice(i + 1));
  }
  const last = kv.get('last')?.trim();
  return {
    configured: kv.get('configured') === '1',
    standby: intOr0(kv.get('standby')),
    maintenance: intOr0(kv.get('maintenance')) <= FAULT_VALUE,
    alertFailures: intOr0(kv.get('failures')),
    lastAlertFailure: last ? last : undefined,
  };
}
