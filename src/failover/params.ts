// The timing actually in effect, read from the master's keepalived configuration (not assumed from the
// inventory): a hand-written config is reported honestly, including the absence of a Tomcat check.
// The bounds computed from these parameters: docs/timing.md.
import type { TimingParams } from './types.js';

export interface EffectiveConfig {
  params: TimingParams;
  /** keepalived watches Tomcat somehow (vrrp_script, track_file or track_process) */
  hasTomcatCheck: boolean;
  nopreempt: boolean;
}

function num(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** `text`: every keepalived config file of the host, concatenated. Priorities from the hosts' own files. */
export function parseEffectiveConfig(
  text: string,
  priorities: { master: number; backup: number },
  watchdog?: { intervalMs: number; timeoutMs: number },
): EffectiveConfig {
  const body = text.replace(/[#!].*$/gm, '');
  const version = num(body, /^\s*(?:vrrp_)?version\s+(\d)/m) === 3 ? 3 : 2;
  // A check counts only when the instance tracks it (a vrrp_script defined but not tracked does nothing).
  const scriptTracked = /^\s*track_script\s*\{/m.test(body);
  const script = scriptTracked ? (/vrrp_script\s+\S+\s*\{([^}]*)\}/m.exec(body)?.[1] ?? '') : '';
  const trackFile = /^\s*track_file\s*\{/m.test(body);
  const trackProcess = /^\s*track_process\s*\{/m.test(body);
  return {
    params: {
      vrrpVersion: version,
      advertInt: num(body, /^\s*advert_int\s+([\d.]+)/m) ?? 1,
      checkInterval: num(script, /interval\s+([\d.]+)/) ?? 1,
      checkTimeout: num(script, /timeout\s+([\d.]+)/),
      fall: num(script, /fall\s+(\d+)/) ?? 1,
      rise: num(script, /rise\s+(\d+)/) ?? 1,
      trackProcess,
      watchdogMs: trackFile ? watchdog?.intervalMs : undefined,
      watchdogTimeoutMs: trackFile ? watchdog?.timeoutMs : undefined,
      priorityMaster: priorities.master,
      priorityBackup: priorities.backup,
      nopreempt: /^\s*nopreempt\b/m.test(body),
    },
    hasTomcatCheck: Boolean(script) || trackFile || trackProcess,
    nopreempt: /^\s*nopreempt\b/m.test(body),
  };
}

/** The priority a host's config gives its instance (first vrrp_instance). */
export function configPriority(text: string): number | undefined {
  return num(text.replace(/[#!].*$/gm, ''), /^\s*priority\s+(\d+)/m);
}
