// VRRP's timers as keepalived implements them (RFC 3768 for v2, RFC 5798 for v3): how long a backup waits
// before it takes over when it hears no master. docs/timing.md derives the failover bounds from these.

export interface AdvertTiming {
  vrrpVersion: 2 | 3;
  /** advert_int in seconds */
  advertInt: number;
  /** the backup's priority (1-254) */
  priorityBackup: number;
}

/** Skew time: how long a backup waits after a priority-0 advert (and the extra part of Master_Down). */
export function skewSeconds(p: AdvertTiming): number {
  const share = (256 - p.priorityBackup) / 256;
  return p.vrrpVersion === 3 ? share * p.advertInt : share;
}

/** Master_Down_Interval = 3 x advert_int + skew: a backup that hears no master for this long becomes master. */
export function masterDownSeconds(p: AdvertTiming): number {
  return 3 * p.advertInt + skewSeconds(p);
}
