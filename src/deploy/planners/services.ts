// Services: the watchdog, the metrics timer and keepalived enabled at boot and running, restarted or reloaded only
// when their files changed. keepalived is reloaded, never restarted: a reload keeps the VIPs (docs/keepalived.md).
//
// Enabling is split from running: `systemctl enable` reloads the whole systemd manager on its own (about 0.1 s
// each on a busy host, docs/performance.md), so every enable is `--no-reload` and the plan runs one
// daemon-reload after all of them (plan.ts), before anything is started.
import type { HostFacts } from '../../facts/types.js';
import { t } from '../../i18n/index.js';
import { cmd } from '../../remote/command.js';
import type { Activation, PlannedCommand } from '../plan-types.js';

/** What keeps one unit enabled (symlinks only, no reload) and what makes it run its current files. */
export interface ServiceCommands {
  enable: PlannedCommand[];
  run: PlannedCommand[];
}

const enableCommand = (step: string, unit: string): PlannedCommand => ({ step, command: cmd`systemctl enable --no-reload -- ${unit}` });

/**
 * One of our units (the watchdog service, the metrics timer): enabled; restarted when it runs and its files
 * changed; started when it does not run.
 */
export function ownUnitCommands(
  unit: string,
  facts: HostFacts,
  filesChanged: boolean,
  steps: { enable: string; restart: string; start: string },
): ServiceCommands {
  const state = facts.units[unit] ?? { enabled: false, active: false };
  const run: PlannedCommand[] = [];
  if (!state.active) run.push({ step: steps.start, command: cmd`systemctl start -- ${unit}` });
  else if (filesChanged) run.push({ step: steps.restart, command: cmd`systemctl restart -- ${unit}` });
  return { enable: state.enabled ? [] : [enableCommand(steps.enable, unit)], run };
}

export function watchdogCommands(unit: string, facts: HostFacts, filesChanged: boolean): ServiceCommands {
  const s = t().deploy.steps;
  return ownUnitCommands(unit, facts, filesChanged, { enable: s.enableWatchdog, restart: s.restartWatchdog, start: s.startWatchdog });
}

/** The metrics timer: restarted when its unit files changed, so a new interval applies. */
export function metricsTimerCommands(timer: string, facts: HostFacts, filesChanged: boolean): ServiceCommands {
  const s = t().deploy.steps;
  return ownUnitCommands(timer, facts, filesChanged, { enable: s.enableMetricsTimer, restart: s.restartMetricsTimer, start: s.startMetricsTimer });
}

export function keepalivedCommands(facts: HostFacts, filesChanged: boolean): ServiceCommands & { activation: Activation } {
  const s = t().deploy.steps;
  const enable = facts.keepalived.enabled ? [] : [enableCommand(s.enableKeepalived, 'keepalived')];
  if (!facts.keepalived.active) return { enable, run: [{ step: s.startKeepalived, command: cmd`systemctl start keepalived` }], activation: 'start' };
  if (filesChanged) return { enable, run: [{ step: s.reloadKeepalived, command: cmd`systemctl reload keepalived` }], activation: 'reload' };
  return { enable, run: [], activation: 'none' };
}
