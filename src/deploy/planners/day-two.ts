// What deploy renders for day two: the switchover and maintenance track files in the cluster's config,
// whether its instance mails (keepalived's mail settings are the host's: ./host-shared.ts), the notify script's
// alert settings and the metrics script. Pure.
import type { Cluster, Host } from '../../inventory/model.js';
import { metricsServicePath, metricsTimerPath, metricsTimerUnit, watchdogBeatPath } from '../../hostpaths.js';
import { renderTemplate } from '../../render/render.js';
import {
  alertFailuresLog,
  dayTwoStateDir,
  DEFAULT_TEXTFILE_DIR,
  instanceName,
  maintenanceTrackPath,
  metricsFileName,
  metricsScriptPath,
  standbyTrackPath,
  transitionsCountPath,
  webhookConfigPath,
} from '../../cluster/day-two-paths.js';

/** Seconds between two refreshes of the metrics file by its timer (docs/day-two.md). */
export const METRICS_REFRESH_SECONDS = 15;

export interface DayTwoRender {
  clusterConf: { standbyTrack: { name: string; path: string }; maintenanceTrack: { name: string; path: string }; smtpAlert: boolean };
  notify: Record<string, unknown>;
  metricsScript: { path: string; content: string };
  /** The webhook's URL for `curl --config` (a secret: written 0600), when there is a webhook. */
  webhookConfig: { path: string; content: string } | null;
  /** The oneshot service and timer that refresh the metrics file between state changes. */
  metricsUnits: { path: string; content: string; what: string }[];
}

/** A curl config file's quoted value: inside double quotes curl reads \\ and \" as escapes. */
export function curlQuote(value: string): string {
  if (/[\n\r\0]/.test(value)) throw new Error('refusing to put a line break into a curl config file');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export function dayTwoRender(cluster: Cluster, host: Host, tomcatTrack: string | null): DayTwoRender {
  const c = cluster.name;
  const id = c.replace(/-/g, '_');
  const a = cluster.alerts;
  const common = {
    cluster: c,
    instance: instanceName(c),
    stateDir: dayTwoStateDir(c),
    standbyTrack: standbyTrackPath(c),
    maintenanceTrack: maintenanceTrackPath(c),
    tomcatTrack,
    countFile: transitionsCountPath(c),
    failLog: alertFailuresLog(c),
  };
  const hasAlerts = a.webhook !== undefined || a.command !== undefined;
  return {
    clusterConf: {
      standbyTrack: { name: `hasetup_${id}_standby`, path: standbyTrackPath(c) },
      maintenanceTrack: { name: `hasetup_${id}_maintenance`, path: maintenanceTrackPath(c) },
      smtpAlert: a.email !== undefined,
    },
    notify: {
      ...common,
      host: host.name,
      metricsScript: metricsScriptPath(c),
      alerts: hasAlerts ? { webhookConfig: a.webhook ? webhookConfigPath(c) : null, headersFile: a.webhookHeadersFile ?? null, command: a.command ?? null } : null,
    },
    webhookConfig: a.webhook ? { path: webhookConfigPath(c), content: renderTemplate('webhook.curl', { cluster: c, url: curlQuote(a.webhook) }) } : null,
    metricsScript: {
      path: metricsScriptPath(c),
      content: renderTemplate('metrics.sh', {
        ...common,
        textfileDir: cluster.metricsDir ?? null,
        defaultTextfileDir: DEFAULT_TEXTFILE_DIR,
        fileName: metricsFileName(c),
        basePriority: host.priority,
        timer: metricsTimerUnit(c),
        beatFile: tomcatTrack ? watchdogBeatPath(c) : null,
      }),
    },
    metricsUnits: [
      {
        path: metricsServicePath(c),
        what: 'systemd unit that writes the metrics file',
        content: renderTemplate('metrics.service', { cluster: c, script: metricsScriptPath(c), timer: metricsTimerUnit(c), interval: METRICS_REFRESH_SECONDS }),
      },
      {
        path: metricsTimerPath(c),
        what: `systemd timer refreshing the metrics file every ${METRICS_REFRESH_SECONDS} s`,
        content: renderTemplate('metrics.timer', { cluster: c, interval: METRICS_REFRESH_SECONDS }),
      },
    ],
  };
}
