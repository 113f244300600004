// Whether keepalived watches the Tomcat JVM with track_process. It needs keepalived 2.0.11+ and the initial
// network namespace: in a container the instance would sit in FAULT for good (docs/keepalived.md).
import type { HostFacts } from '../../facts/types.js';
import { t } from '../../i18n/index.js';
import type { Cluster } from '../../inventory/model.js';
import type { KeepalivedDialect } from '../keepalived-version.js';

export function versionAtLeast(version: string, min: [number, number, number]): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const a = parts[i] ?? 0;
    const b = min[i]!;
    if (a !== b) return a > b;
  }
  return true;
}

/** 'on' is refused (with a warning) where it cannot work; 'auto' uses it wherever it can. */
export function decideTrackProcess(cluster: Cluster, facts: HostFacts, dialect: KeepalivedDialect, warnings: string[]): boolean {
  const mode = cluster.tomcat.trackProcess;
  if (mode === 'off') return false;
  const inContainer = facts.virtualization !== 'none';
  // The installed keepalived, else the one deploy will install (keepalived-version.ts).
  const v = dialect.version;
  const versionOk = dialect.trackProcess;
  if (mode === 'on') {
    if (inContainer) {
      warnings.push(t().deploy.trackProcessInContainer({ virtualization: facts.virtualization }));
      return false;
    }
    if (!versionOk) {
      warnings.push(t().deploy.trackProcessTooOld({ version: v ?? t().deploy.versionUnknown }));
      return false;
    }
    return true;
  }
  return !inContainer && versionOk;
}
