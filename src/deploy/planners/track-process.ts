// Whether keepalived watches the Tomcat JVM with track_process. It needs keepalived 2.0.11+ and the initial
// network namespace: in a container the instance would sit in FAULT for good (docs/keepalived.md).
import type { HostFacts } from '../../facts/types.js';
import type { Cluster } from '../../inventory/model.js';

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
export function decideTrackProcess(cluster: Cluster, facts: HostFacts, warnings: string[]): boolean {
  const mode = cluster.tomcat.trackProcess;
  if (mode === 'off') return false;
  const inContainer = facts.virtualization !== 'none';
  const v = facts.keepalived.version;
  // Not installed yet: the distribution's package; every supported one (apt/dnf) ships 2.x; EL7 (yum) 1.3.
  const versionOk = v ? versionAtLeast(v, [2, 0, 11]) : facts.packageManager !== 'yum';
  if (mode === 'on') {
    if (inContainer) {
      warnings.push(
        `track_process is on but the host is a container (${facts.virtualization}): keepalived cannot receive process events outside the initial network namespace and would sit in FAULT; not configured, the watchdog and HTTP check cover Tomcat`,
      );
      return false;
    }
    if (!versionOk) {
      warnings.push(`track_process is on but keepalived ${v ?? '(unknown)'} is older than 2.0.11; not configured`);
      return false;
    }
    return true;
  }
  return !inContainer && versionOk;
}
