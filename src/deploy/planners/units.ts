// systemd after the files changed: a daemon-reload only when a unit or drop-in changed (or a unit was enabled
// without a reload of its own, services.ts), the runtime directories when their tmpfiles.d entry changed.
import type { PlannedCommand } from '../plan-types.js';
import { cmd } from '../../remote/command.js';
import { t } from '../../i18n/index.js';

export interface UnitChanges {
  /** keepalived's drop-in, one of our units or the Tomcat drop-in changed, or a unit was enabled with --no-reload. */
  unitFiles: boolean;
  /** The tmpfiles.d entry changed: its path. */
  tmpfiles?: string;
}

export function unitCommands(changes: UnitChanges): PlannedCommand[] {
  const out: PlannedCommand[] = [];
  if (changes.unitFiles) out.push({ step: t().deploy.steps.reloadUnits, command: cmd`systemctl daemon-reload` });
  if (changes.tmpfiles) out.push({ step: t().deploy.steps.createRuntimeDirs, command: cmd`systemd-tmpfiles --create ${changes.tmpfiles}` });
  return out;
}
