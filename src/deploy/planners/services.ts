// Services: the watchdog and keepalived enabled at boot and running, restarted or reloaded only when their
// files changed. keepalived is reloaded, never restarted: a reload keeps the VIPs (docs/keepalived.md).
import type { HostFacts } from '../../facts/types.js';
import { t } from '../../i18n/index.js';
import { cmd } from '../../remote/command.js';
import type { Activation, PlannedCommand } from '../plan.js';

export function watchdogCommands(unit: string, facts: HostFacts, filesChanged: boolean): PlannedCommand[] {
  const state = facts.units[unit] ?? { enabled: false, active: false };
  const out: PlannedCommand[] = [];
  if (!state.enabled) out.push({ step: t().deploy.steps.enableWatchdog, command: cmd`systemctl enable ${unit}` });
  if (filesChanged) out.push({ step: t().deploy.steps.restartWatchdog, command: cmd`systemctl restart ${unit}` });
  else if (!state.active) out.push({ step: t().deploy.steps.startWatchdog, command: cmd`systemctl start ${unit}` });
  return out;
}

/** The metrics timer: enabled and running; restarted when its unit files changed, so a new interval applies. */
export function metricsTimerCommands(timer: string, facts: HostFacts, filesChanged: boolean): PlannedCommand[] {
  const state = facts.units[timer] ?? { enabled: false, active: false };
  const out: PlannedCommand[] = [];
  if (!state.enabled) out.push({ step: t().deploy.steps.enableMetricsTimer, command: cmd`systemctl enable ${timer}` });
  if (filesChanged && state.active) out.push({ step: t().deploy.steps.restartMetricsTimer, command: cmd`systemctl restart ${timer}` });
  else if (!state.active) out.push({ step: t().deploy.steps.startMetricsTimer, command: cmd`systemctl start ${timer}` });
  return out;
}

export function keepalivedCommands(facts: HostFacts, filesChanged: boolean): { commands: PlannedCommand[]; activation: Activation } {
  const commands: PlannedCommand[] = [];
  if (!facts.keepalived.enabled) commands.push({ step: t().deploy.steps.enableKeepalived, command: cmd`systemctl enable keepalived` });
  if (!facts.keepalived.active) {
    commands.push({ step: t().deploy.steps.startKeepalived, command: cmd`systemctl start keepalived` });
    return { commands, activation: 'start' };
  }
  if (filesChanged) {
    commands.push({ step: t().deploy.steps.reloadKeepalived, command: cmd`systemctl reload keepalived` });
    return { commands, activation: 'reload' };
  }
  return { commands, activation: 'none' };
}
