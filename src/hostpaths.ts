// Where hasetup keeps things on a host: one module, so deploy, observe, rollback, status and failover-test
// agree on every path. Per cluster: its keepalived include, its scripts, units and drop-ins, its runtime
// directory (track file) and its state directory (transitions log, deploy manifests). See ARCHITECTURE.md.

export const KEEPALIVED_DIR = '/etc/keepalived';
export const KEEPALIVED_CONF = `${KEEPALIVED_DIR}/keepalived.conf`;
/** keepalived.conf includes every file here: one per cluster. */
export const CLUSTER_CONF_DIR = `${KEEPALIVED_DIR}/hasetup.d`;
/** Scripts keepalived runs: root-owned and not writable by others, as enable_script_security requires. */
export const SCRIPTS_DIR = '/usr/libexec/hasetup';
export const SYSTEMD_DIR = '/etc/systemd/system';
export const KEEPALIVED_DROPIN_DIR = `${SYSTEMD_DIR}/keepalived.service.d`;

export const clusterConfPath = (cluster: string) => `${CLUSTER_CONF_DIR}/${cluster}.conf`;
export const scriptPath = (kind: 'check_tomcat' | 'watchdog' | 'notify', cluster: string) => `${SCRIPTS_DIR}/${kind}_${cluster}.sh`;
/** The priority-0 advert keepalived's drop-in sends after a crash (templates/goodbye.pl.hbs); 0700, it may hold auth_pass. */
export const goodbyeScriptPath = (cluster: string) => `${SCRIPTS_DIR}/goodbye_${cluster}.pl`;
export const watchdogUnit = (cluster: string) => `hasetup-watchdog-${cluster}.service`;
export const watchdogUnitPath = (cluster: string) => `${SYSTEMD_DIR}/${watchdogUnit(cluster)}`;
/** `tomcat10.service` -> `tomcat10`. */
export const tomcatUnitName = (service: string) => service.replace(/\.service$/, '');
export const tomcatDropinDir = (tomcatService: string) => `${SYSTEMD_DIR}/${tomcatUnitName(tomcatService)}.service.d`;
/**
 * The one drop-in hasetup puts on a Tomcat unit, shared by every cluster on the host that watches that unit: it
 * runs each cluster's hook script (tomcatHookPath) before the unit's own ExecStop= lines (docs/keepalived.md).
 * Named to sort after the site's own drop-ins: systemd reads them in name order, and an ExecStop= in one read
 * after ours would run a second time after the copy ours re-states.
 */
export const TOMCAT_DROPIN_NAME = 'zz-hasetup.conf';
export const dropinPath = (tomcatService: string) => `${tomcatDropinDir(tomcatService)}/${TOMCAT_DROPIN_NAME}`;
/** Before issue 21 (M8) each cluster had its own drop-in, and the later one cleared the other's hook: a deploy removes its own. */
export const legacyDropinPath = (tomcatService: string, cluster: string) => `${tomcatDropinDir(tomcatService)}/hasetup-${cluster}.conf`;
/** Each cluster's stop and start hooks on a Tomcat unit, one script per cluster (templates/tomcat-hook.sh.hbs). */
export const TOMCAT_HOOKS_DIR = `${SCRIPTS_DIR}/tomcat-hooks`;
export const tomcatHooksDir = (tomcatService: string) => `${TOMCAT_HOOKS_DIR}/${tomcatUnitName(tomcatService)}`;
export const tomcatHookPath = (tomcatService: string, cluster: string) => `${tomcatHooksDir(tomcatService)}/${cluster}.sh`;
export const keepalivedDropinPath = (cluster: string) => `${KEEPALIVED_DROPIN_DIR}/hasetup-${cluster}.conf`;
/** The metrics file is refreshed by this timer (and at once by the notify script on every state change). */
export const metricsTimerUnit = (cluster: string) => `hasetup-metrics-${cluster}.timer`;
export const metricsServiceUnit = (cluster: string) => `hasetup-metrics-${cluster}.service`;
export const metricsTimerPath = (cluster: string) => `${SYSTEMD_DIR}/${metricsTimerUnit(cluster)}`;
export const metricsServicePath = (cluster: string) => `${SYSTEMD_DIR}/${metricsServiceUnit(cluster)}`;
export const tmpfilesPath = (cluster: string) => `/etc/tmpfiles.d/hasetup-${cluster}.conf`;

/** Runtime directory (emptied at boot, made again by tmpfiles): the track file. */
export const runDir = (cluster: string) => `/run/hasetup/${cluster}`;
/** keepalived's track_file, written by the watchdog and the Tomcat stop hooks (0 healthy, -254 fault). */
export const trackFilePath = (cluster: string) => `${runDir(cluster)}/tomcat.track`;
/**
 * Present from the moment the Tomcat unit starts stopping (ExecStop=, or ExecStopPost= after a crash) until
 * systemd starts it again (ExecStartPost=): while it exists the watchdog and the HTTP check report Tomcat
 * down, so a Tomcat that still answers during its drain cannot pull the VIP back (docs/scenarios.md).
 */
export const stopMarkerPath = (cluster: string) => `${runDir(cluster)}/tomcat.stopped`;

/** The watchdog's heartbeat: the epoch second of its last Tomcat check (written at most once a second). */
export const watchdogBeatPath = (cluster: string) => `${runDir(cluster)}/watchdog.beat`;

/** State kept across boots. */
export const stateDir = (cluster: string) => `/var/lib/hasetup/${cluster}`;
/** `<epoch seconds> <STATE>` lines appended by the notify script (templates/notify.sh.hbs names it too). */
export const transitionsLog = (cluster: string) => `${stateDir(cluster)}/transitions.log`;
/** One JSON manifest per deploy (what was replaced, and its backup): rollback reads the newest. */
export const manifestDir = (cluster: string) => `${stateDir(cluster)}/deploys`;
/** flock'ed by the run that changes the cluster (src/cluster/lock.ts); its holder's details are written into it. */
export const clusterLockPath = (cluster: string) => `${stateDir(cluster)}/lock`;
/** flock'ed around what every cluster on the host shares (keepalived.conf, the keepalived daemon): src/cluster/lock.ts. */
export const HOST_LOCK_PATH = '/var/lib/hasetup/host.lock';
