// Where the day-two state lives on a host. The track files are on disk (not /run) on purpose: a switchover
// or maintenance mode survives a keepalived restart and a reboot until it is undone. docs/day-two.md.

export const dayTwoStateDir = (cluster: string) => `/var/lib/hasetup/${cluster}`;
/** Lowers this host's priority (switchover): a negative number, 0 when nothing is lowered. */
export const standbyTrackPath = (cluster: string) => `${dayTwoStateDir(cluster)}/standby.track`;
/** -254 in maintenance (keepalived FAULT: never MASTER), 0 otherwise. */
export const maintenanceTrackPath = (cluster: string) => `${dayTwoStateDir(cluster)}/maintenance.track`;
/** Alert deliveries that failed after their retries, one line each. */
export const alertFailuresLog = (cluster: string) => `${dayTwoStateDir(cluster)}/alerts-failed.log`;
/** Transitions counted since deploy (the transitions log itself is trimmed). */
export const transitionsCountPath = (cluster: string) => `${dayTwoStateDir(cluster)}/transitions.count`;
/** The webhook's URL as a curl config file (root only, 0600): a token in it stays off curl's command line and out of the 0755 notify script. */
export const webhookConfigPath = (cluster: string) => `/etc/hasetup/webhook-${cluster}.curl`;
export const metricsScriptPath = (cluster: string) => `/usr/libexec/hasetup/metrics_${cluster}.sh`;
export const DEFAULT_TEXTFILE_DIR = '/var/lib/prometheus/node-exporter';
export const metricsFileName = (cluster: string) => `hasetup_${cluster.replace(/-/g, '_')}.prom`;
export const instanceName = (cluster: string) => `hasetup_${cluster.replace(/-/g, '_')}`;
/** keepalived: a track_file value x weight at or below this puts the instance in FAULT. */
export const FAULT_VALUE = -254;
