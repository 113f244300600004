// Which keepalived hasetup writes for: each keyword the templates use appears only where that keepalived
// version knows it (docs/keepalived-versions.md lists where each was checked). PURE.
import type { HostFacts } from '../facts/types.js';
import { t } from '../i18n/index.js';

/** The oldest keepalived hasetup configures: track_file (as vrrp_track_file) with init_file came in 2.0.0. */
export const MIN_KEEPALIVED = '2.0.0';

export function versionAtLeast(version: string, min: string): boolean {
  const a = version.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

export interface KeepalivedDialect {
  /** The version the config is written for, and where that came from. */
  version: string | undefined;
  source: 'installed' | 'package candidate' | 'distribution default' | 'unknown';
  /** The root block of a tracked file: `track_file` from 2.1.0, `vrrp_track_file` in 2.0.x. */
  trackFileBlock: 'track_file' | 'vrrp_track_file';
  /** global_defs max_auto_priority: 2.1.0 and later. */
  maxAutoPriority: boolean;
  /** vrrp_track_process / track_process: 2.0.11 and later. */
  trackProcess: boolean;
}

/**
 * The keepalived version a host runs, or will run once deploy installs it: the installed one, else apt's
 * candidate, else what the distribution ships (EL7 1.3.5, EL8 2.1.5, EL9 2.2.8); undefined when unknown.
 */
export function expectedKeepalived(facts: HostFacts): { version: string | undefined; source: KeepalivedDialect['source'] } {
  if (facts.keepalived.version) return { version: facts.keepalived.version, source: facts.keepalived.installed ? 'installed' : 'unknown' };
  if (facts.keepalived.candidate) return { version: facts.keepalived.candidate, source: 'package candidate' };
  if (facts.os.family === 'rhel') {
    const major = facts.os.versionId.split('.')[0];
    const shipped: Record<string, string> = { '7': '1.3.5', '8': '2.1.5', '9': '2.2.8' };
    if (major && shipped[major]) return { version: shipped[major], source: 'distribution default' };
  }
  return { version: undefined, source: 'unknown' };
}

/** What to write for a version; an unknown version gets today's keywords (every current distribution has 2.1+). */
export function keepalivedDialect(facts: HostFacts): KeepalivedDialect {
  const { version, source } = expectedKeepalived(facts);
  const atLeast = (min: string) => (version ? versionAtLeast(version, min) : true);
  return {
    version,
    source,
    trackFileBlock: atLeast('2.1.0') ? 'track_file' : 'vrrp_track_file',
    maxAutoPriority: atLeast('2.1.0'),
    trackProcess: atLeast('2.0.11'),
  };
}

/** Why this host's keepalived cannot be configured, in words, or undefined when it can. */
export function keepalivedTooOld(d: KeepalivedDialect): string | undefined {
  if (!d.version || versionAtLeast(d.version, MIN_KEEPALIVED)) return undefined;
  const m = t().deploy;
  const what = d.source === 'installed' ? m.keepalivedIsInstalled : d.source === 'package candidate' ? m.keepalivedIsCandidate : m.keepalivedIsShipped;
  return m.keepalivedTooOld({ version: d.version, what, min: MIN_KEEPALIVED });
}
