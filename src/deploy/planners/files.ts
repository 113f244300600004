// Every file a host of the cluster must hold, rendered from templates/ (values escaped by the helper of the
// file they land in: render.ts, systemd.ts). The watchdog, its unit and the Tomcat drop-in only with the watchdog.
import { SCRIPT_USER } from '../../facts/gather.js';
import type { HostFacts } from '../../facts/types.js';
import {
  clusterConfPath,
  dropinPath,
  goodbyeScriptPath,
  tomcatHookPath,
  tomcatHooksDir,
  KEEPALIVED_CONF,
  keepalivedDropinPath,
  runDir,
  scriptPath,
  stateDir,
  stopMarkerPath,
  tmpfilesPath,
  trackFilePath,
  watchdogBeatPath,
  watchdogUnitPath,
} from '../../hostpaths.js';
import type { Cluster, Host } from '../../inventory/model.js';
import { cmd } from '../../remote/command.js';
import { dayTwoRender, type DayTwoRender } from './day-two.js';
import type { KeepalivedDialect } from '../keepalived-version.js';
import { renderTemplate } from '../../render/render.js';
import { execShell, execWord, unitWord } from '../../render/systemd.js';
import type { PlannedFile } from '../plan-types.js';
import { goodbyeData, goodbyeExecLine, renderGoodbyeScript } from './goodbye.js';
import { globalDefs, globalMarkerLine, globalPartOf, otherClustersOnHost } from './host-shared.js';
import type { VrrpSettings } from './vrrp.js';

export interface FilesInput {
  cluster: Cluster;
  host: Host;
  facts: HostFacts;
  iface: string;
  trackProcess: boolean;
  tomcatService: string | undefined;
  vrrp: VrrpSettings;
  /** The keywords this host's keepalived knows (keepalived-version.ts). */
  dialect: KeepalivedDialect;
}

/** keepalived's names for this cluster's objects (instance, scripts): the cluster name with _ for -. */
const ident = (cluster: string, suffix = '') => `hasetup_${cluster.replace(/-/g, '_')}${suffix}`;

export function plannedFiles(input: FilesInput): PlannedFile[] {
  const { cluster, host } = input;
  // Switchover/maintenance track files, alerts and metrics (planners/day-two.ts).
  const dayTwo = dayTwoRender(cluster, host, cluster.tomcat.watchdog ? trackFilePath(cluster.name) : null);
  return [...keepalivedFiles(input, dayTwo), ...scriptFiles(input, dayTwo), ...crashFiles(input), ...watchdogFiles(input)];
}

/** One planned file. */
function fileOf(path: string, content: string, mode: number, purpose: string, secret = false): PlannedFile {
  return { path, content, mode, purpose, secret };
}

/** keepalived.conf (the host's, from every cluster's part) and this cluster's vrrp_instance file. */
function keepalivedFiles({ cluster, host, facts, iface, trackProcess, vrrp, dialect }: FilesInput, dayTwo: DayTwoRender): PlannedFile[] {
  const c = cluster.name;
  const t = cluster.tomcat;
  const track = trackFilePath(c);
  const files: PlannedFile[] = [];
  const add = (...a: Parameters<typeof fileOf>) => void files.push(fileOf(...a));
  // keepalived.conf is the host's, shared by every cluster there: built from every cluster's part (./host-shared.ts).
  const ownPart = globalPartOf(cluster, host);
  const others = otherClustersOnHost(facts, c);
  const global = globalDefs(host.name, ownPart, others.flatMap((o) => (o.part ? [o.part] : [])));
  add(
    KEEPALIVED_CONF,
    renderTemplate('keepalived.conf', {
      routerId: global.routerId,
      email: global.email ? { ...global.email, from: global.email.from ?? null } : null,
      scriptUser: SCRIPT_USER,
      maxAutoPriority: dialect.maxAutoPriority,
      keepalivedVersion: dialect.version ?? '',
    }),
    0o644,
    'keepalived global settings (the same for every cluster on the host)',
  );
  add(
    clusterConfPath(c),
    renderTemplate('cluster.conf', {
      cluster: c,
      host: host.name,
      instance: ident(c),
      state: host.role === 'master' ? 'MASTER' : 'BACKUP',
      nopreempt: !cluster.vrrp.preempt,
      interface: iface,
      vrid: cluster.virtualRouterId,
      priority: host.priority,
      advertInt: cluster.vrrp.advertInt,
      version: cluster.vrrp.version,
      unicast: cluster.vrrp.unicast,
      srcIp: vrrp.srcIp,
      peers: vrrp.peers,
      auth: vrrp.auth,
      vips: vrrp.vips,
      check: {
        name: ident(c, '_http'),
        script: scriptPath('check_tomcat', c),
        interval: t.checkInterval,
        timeout: Math.ceil(t.checkTimeout) + 1,
        fall: t.fall,
        rise: t.rise,
      },
      trackFile: t.watchdog ? { name: ident(c, '_tomcat'), path: track } : null,
      // the root block of every tracked file: vrrp_track_file before keepalived 2.1.0 (keepalived-version.ts)
      trackFileBlock: dialect.trackFileBlock,
      trackProcess,
      trackProcessName: ident(c, '_java'),
      notifyScript: scriptPath('notify', c),
      globalMarker: globalMarkerLine(ownPart),
      ...dayTwo.clusterConf,
    }),
    vrrp.auth ? 0o600 : 0o644,
    `VRRP instance of cluster ${c}`,
    vrrp.auth !== null,
  );
  return files;
}

/** The scripts keepalived runs (check, notify), the day-two files, the directories made at boot. */
function scriptFiles({ cluster }: FilesInput, dayTwo: DayTwoRender): PlannedFile[] {
  const c = cluster.name;
  const t = cluster.tomcat;
  const files: PlannedFile[] = [];
  const add = (...a: Parameters<typeof fileOf>) => void files.push(fileOf(...a));
  add(
    scriptPath('check_tomcat', c),
    renderTemplate('check_tomcat.sh', {
      cluster: c,
      url: `http://127.0.0.1:${t.port}${t.healthPath}`,
      expectedStatus: t.expectedStatus,
      checkTimeout: t.checkTimeout,
      stopMarker: stopMarkerPath(c),
    }),
    0o755,
    'HTTP check run by keepalived',
  );
  add(
    scriptPath('notify', c),
    renderTemplate('notify.sh', { cluster: c, self: scriptPath('notify', c), logDir: stateDir(c), notify: cluster.notify ?? null, ...dayTwo.notify }),
    0o755,
    'state change log, alerts and notify command',
  );
  if (dayTwo.webhookConfig) add(dayTwo.webhookConfig.path, dayTwo.webhookConfig.content, 0o600, 'webhook URL for the notify script (root only)', true);
  add(dayTwo.metricsScript.path, dayTwo.metricsScript.content, 0o755, 'Prometheus text-format metrics file writer');
  for (const u of dayTwo.metricsUnits) add(u.path, u.content, 0o644, u.what);
  add(
    tmpfilesPath(c),
    `# hasetup: directories of cluster "${c}", created at every boot (/run is emptied).\nd ${unitWord(runDir(c))} 0755 root root -\nd ${unitWord(stateDir(c))} 0755 root root -\n`,
    0o644,
    'runtime directory for the track file',
  );
  return files;
}

/** After a crash: the goodbye keepalived could not send (./goodbye.ts), then no VIP left behind. */
function crashFiles({ cluster, facts, iface, vrrp }: FilesInput): PlannedFile[] {
  const c = cluster.name;
  const files: PlannedFile[] = [];
  const add = (...a: Parameters<typeof fileOf>) => void files.push(fileOf(...a));
  const goodbye = goodbyeData({ cluster, facts, iface, vrrp });
  if (goodbye) add(goodbyeScriptPath(c), renderGoodbyeScript(goodbye), 0o700, 'the priority-0 advert after a keepalived crash', goodbye.authHex !== null);
  add(
    keepalivedDropinPath(c),
    renderTemplate('keepalived-dropin.conf', {
      cluster: c,
      goodbye: goodbye ? goodbyeExecLine(c) : null,
      removeVips: vrrp.vips.map((v) => execShell(cmd`ip -4 addr del ${v.cidr} dev ${v.dev} 2>/dev/null; exit 0`, '-')),
      // Last: the STOP a killed keepalived could not record or alert (templates/notify.sh.hbs).
      recordStop: `-${execWord(scriptPath('notify', c))} --stopped`,
    }),
    0o644,
    'says goodbye for a crashed master, removes the VIP it left (no split brain after a crash) and records the stop',
  );
  return files;
}

/** The fast Tomcat watchdog, its unit, this cluster's Tomcat hooks and the unit's one drop-in. */
function watchdogFiles({ cluster, facts, tomcatService }: FilesInput): PlannedFile[] {
  const c = cluster.name;
  const t = cluster.tomcat;
  const track = trackFilePath(c);
  const files: PlannedFile[] = [];
  const add = (...a: Parameters<typeof fileOf>) => void files.push(fileOf(...a));
  if (t.watchdog && tomcatService) {
    // The stop hooks leave the marker that keeps both checks at "down" until systemd starts Tomcat again.
    const marker = stopMarkerPath(c);
    add(
      scriptPath('watchdog', c),
      renderTemplate('watchdog.sh', {
        cluster: c,
        trackFile: track,
        stopMarker: marker,
        beatFile: watchdogBeatPath(c),
        port: t.port,
        healthPath: t.healthPath,
        expectedStatus: t.expectedStatus,
        intervalMs: t.watchdogIntervalMs,
        intervalSeconds: (t.watchdogIntervalMs / 1000).toFixed(3),
        intervalUs: t.watchdogIntervalMs * 1000,
        timeoutSeconds: (t.watchdogTimeoutMs / 1000).toFixed(3),
        fall: t.fall,
        rise: t.rise,
      }),
      0o755,
      'fast Tomcat watchdog feeding the track file',
    );
    add(
      watchdogUnitPath(c),
      renderTemplate('watchdog.service', {
        cluster: c,
        script: scriptPath('watchdog', c),
        trackFile: track,
        // While Tomcat itself is stopped (the marker), the track file stays as its stop hooks wrote it.
        resetTrack: execShell(cmd`[ -e ${marker} ] || { mkdir -p ${runDir(c)} && echo 0 > ${`${track}.wd.tmp`} && mv -f ${`${track}.wd.tmp`} ${track}; }`),
        tomcatService,
      }),
      0o644,
      'systemd unit of the watchdog',
    );
    // This cluster's hooks: its own script; the unit's one drop-in runs every cluster's (./host-shared.ts).
    add(
      tomcatHookPath(tomcatService, c),
      renderTemplate('tomcat-hook.sh', {
        cluster: c,
        tomcatService,
        hookPath: tomcatHookPath(tomcatService, c),
        dropin: dropinPath(tomcatService),
        runDir: runDir(c),
        marker,
        trackFile: track,
        trackTmp: `${track}.stop.tmp`,
      }),
      0o755,
      `stop and start hooks of cluster ${c} on ${tomcatService}.service`,
    );
    add(dropinPath(tomcatService), tomcatDropin(tomcatService, facts.tomcat.execStop), 0o644, `stop hooks on ${tomcatService}.service that move the VIP first (every cluster's)`);
  }
  return files;
}

/**
 * The Tomcat unit's one hasetup drop-in: every hook script in the unit's hooks directory, in order, each
 * whatever the one before it did. Depends on the unit only, so every cluster on the host renders the same file.
 */
export function tomcatDropin(tomcatService: string, execStop: string[]): string {
  const dir = tomcatHooksDir(tomcatService);
  const each = (arg: 'stop' | 'start') => cmd`rc=0; for h in ${dir}/*.sh; do [ -x "$h" ] || continue; "$h" ${arg} || rc=1; done;`;
  return renderTemplate('tomcat-dropin.conf', {
    tomcatService,
    hooksDir: dir,
    stopHooks: execShell(cmd`${each('stop')} sleep 0.5; exit $rc`, '+'),
    stopPostHooks: execShell(cmd`${each('stop')} exit $rc`, '+'),
    startPostHooks: execShell(cmd`${each('start')} exit $rc`, '+'),
    execStop,
  });
}
