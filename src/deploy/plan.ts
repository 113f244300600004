// The plan: inventory + one host's facts -> the files that host must hold and the commands that get it
// there. PURE: no I/O, no clock; apply.ts runs it. Only what the facts say is missing becomes a command.
// planHost composes the planners in ./planners/, one per resource, each pure and tested with data.
import { metricsScriptPath, webhookConfigPath } from '../cluster/day-two-paths.js';
import type { HostFacts } from '../facts/types.js';
import {
  clusterConfPath,
  dropinPath,
  goodbyeScriptPath,
  legacyDropinPath,
  tomcatHookPath,
  KEEPALIVED_CONF,
  keepalivedDropinPath,
  scriptPath,
  tmpfilesPath,
  metricsServicePath,
  metricsTimerPath,
  metricsTimerUnit,
  watchdogUnit,
  watchdogUnitPath,
} from '../hostpaths.js';
import type { Cluster } from '../inventory/model.js';
import { validateCommand } from './keepalived-check.js';
import { plannedFiles } from './planners/files.js';
import { HasetupError } from '../errors.js';
import { cmd } from '../remote/command.js';
import { t } from '../i18n/index.js';
import { keepalivedDialect, keepalivedTooOld, MIN_KEEPALIVED } from './keepalived-version.js';
import { planFirewall } from './planners/firewall.js';
import { hostOf, interfaceOf, tomcatServiceOf } from './planners/host.js';
import { packageCommands } from './planners/packages.js';
import { keepalivedCommands, metricsTimerCommands, watchdogCommands } from './planners/services.js';
import { directoryCommands, scriptUserCommands, selinuxBooleanCommands, selinuxContextCommands } from './planners/system.js';
import { decideTrackProcess } from './planners/track-process.js';
import { unitCommands } from './planners/units.js';
import { vrrpSettings } from './planners/vrrp.js';
import type { HostPlan } from './plan-types.js';

export type { Activation, HostPlan, PlannedCommand, PlannedFile } from './plan-types.js';

/** What gatherFacts must read for this cluster. */
export function managedPaths(cluster: Cluster, tomcatService: string): string[] {
  const c = cluster.name;
  const paths = [KEEPALIVED_CONF, clusterConfPath(c), scriptPath('check_tomcat', c), scriptPath('notify', c), ...(cluster.alerts.webhook ? [webhookConfigPath(c)] : []), metricsScriptPath(c), metricsServicePath(c), metricsTimerPath(c), tmpfilesPath(c), goodbyeScriptPath(c), keepalivedDropinPath(c)];
  if (cluster.tomcat.watchdog) paths.push(scriptPath('watchdog', c), watchdogUnitPath(c), tomcatHookPath(tomcatService, c), dropinPath(tomcatService));
  return paths;
}

export function planHost(cluster: Cluster, hostName: string, facts: HostFacts, secrets: { authPass?: string }): HostPlan {
  const c = cluster.name;
  const host = hostOf(cluster, hostName);
  const warnings: string[] = [];
  // Versions: refused before anything changes when too old; otherwise the config speaks its dialect.
  const dialect = keepalivedDialect(facts);
  const tooOld = keepalivedTooOld(dialect);
  if (tooOld) {
    throw new HasetupError(t().deploy.keepalivedTooOldRefused({ host: host.name, why: tooOld }), {
      hint: t().deploy.keepalivedTooOldHint({ min: MIN_KEEPALIVED, host: host.name }),
    });
  }
  const iface = interfaceOf(host, facts);
  const trackProcess = decideTrackProcess(cluster, facts, dialect, warnings);
  const tomcatService = tomcatServiceOf(cluster, host, facts);
  const watchdogFor = cluster.tomcat.watchdog && tomcatService ? tomcatService : undefined; // the Tomcat unit the watchdog serves
  const vrrp = vrrpSettings(cluster, host, facts, iface, secrets, warnings);

  const files = plannedFiles({ cluster, host, facts, iface, trackProcess, tomcatService, vrrp, dialect });
  const changed = files.filter((f) => facts.files[f.path] !== f.content);
  const isChanged = (p: string) => changed.some((f) => f.path === p);

  const prepare = [...packageCommands(host.name, facts)];
  if (cluster.tomcat.watchdog && !facts.tools.bash) warnings.push(t().deploy.watchdogNeedsBash);
  prepare.push(
    ...scriptUserCommands(facts),
    ...directoryCommands(c, files, facts, watchdogFor),
    ...planFirewall({ cluster: c, iface, peers: vrrp.peers, unicast: cluster.vrrp.unicast }, facts, warnings),
    ...selinuxBooleanCommands(facts),
  );

  const watchdogFiles = watchdogFor ? [scriptPath('watchdog', c), watchdogUnitPath(c)] : [];
  const metricsUnitFiles = [metricsServicePath(c), metricsTimerPath(c)];
  const unitFiles = [keepalivedDropinPath(c), ...metricsUnitFiles, ...(watchdogFor ? [watchdogUnitPath(c), dropinPath(watchdogFor)] : [])];
  // This cluster's own Tomcat drop-in from before the shared one (issue 21, M8): removed with the daemon-reload.
  const legacy = watchdogFor && facts.files[legacyDropinPath(watchdogFor, c)] !== undefined ? legacyDropinPath(watchdogFor, c) : undefined;
  const keepalived = keepalivedCommands(facts, [KEEPALIVED_CONF, clusterConfPath(c), scriptPath('check_tomcat', c), scriptPath('notify', c)].some(isChanged));
  const services = [
    ...(watchdogFor ? [watchdogCommands(watchdogUnit(c), facts, watchdogFiles.some(isChanged))] : []),
    metricsTimerCommands(metricsTimerUnit(c), facts, metricsUnitFiles.some(isChanged)),
    keepalived,
  ];
  // Every enable first (symlinks only), then one daemon-reload for them and the changed unit files, then what runs.
  const enables = services.flatMap((s) => s.enable);
  const activate = [
    ...enables,
    ...(legacy ? [{ step: t().deploy.steps.removeOldTomcatDropin({ path: legacy }), command: cmd`rm -f -- ${legacy}` }] : []),
    ...unitCommands({ unitFiles: unitFiles.some(isChanged) || enables.length > 0 || legacy !== undefined, tmpfiles: isChanged(tmpfilesPath(c)) ? tmpfilesPath(c) : undefined }),
    ...selinuxContextCommands(facts, changed),
    ...services.flatMap((s) => s.run),
  ];

  const validateFiles = [KEEPALIVED_CONF, clusterConfPath(c)];
  const validate = {
    step: t().deploy.steps.validateConfig,
    command: validateCommand(validateFiles, [scriptPath('check_tomcat', c), scriptPath('notify', c), metricsScriptPath(c)], watchdogFor ? [scriptPath('watchdog', c)] : []),
  };

  return {
    host: host.name,
    role: host.role,
    priority: host.priority,
    interface: iface,
    trackProcess,
    warnings,
    prepare,
    files,
    changed,
    activate,
    keepalivedActivation: keepalived.activation,
    validateFiles,
    validate,
  };
}
