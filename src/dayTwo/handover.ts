// The old holder keeps the VIP a moment after the new one has it, so that requests already in flight on it
// are answered: keepalived drops the VIP the instant it hears a higher-priority advert, and a response not
// yet sent then never leaves (its source address is gone), which a client sees as a reset. For the hand-over
// the holder ignores incoming VRRP (an nftables table of its own); the target, hearing the holder's lowered
// priority, claims the VIP and clients follow its gratuitous ARP; once the VIP is there, hasetup lifts the
// table and the old holder steps down. A timer on the host lifts it by itself should hasetup be gone.
// docs/day-two.md, "Why the old holder keeps the VIP a moment".
import { sh } from '../remote/shell.js';

export const handoverTable = (cluster: string) => `hasetup_handover_${cluster.replace(/-/g, '_')}`;
const timerUnit = (cluster: string) => `hasetup-handover-${cluster}`;

/** Starts ignoring incoming VRRP on the holder; lifted by itself after `failsafeSeconds`. Prints "held" when it did. */
export function holdCommand(cluster: string, failsafeSeconds: number): string {
  const table = handoverTable(cluster);
  const unit = timerUnit(cluster);
  return [
    'command -v nft >/dev/null 2>&1 || { echo no-nft; exit 0; }',
    `systemctl stop ${sh(`${unit}.timer`)} 2>/dev/null; nft delete table inet ${table} 2>/dev/null`,
    `nft -f - <<'EOF'\ntable inet ${table} {\n  chain input { type filter hook input priority -300; ip protocol vrrp drop; }\n}\nEOF`,
    `systemd-run --quiet --unit=${sh(unit)} --on-active=${Math.ceil(failsafeSeconds)}s nft delete table inet ${table} || { nft delete table inet ${table}; exit 1; }`,
    'echo held',
  ].join('\n');
}

export function releaseCommand(cluster: string): string {
  return `nft delete table inet ${handoverTable(cluster)} 2>/dev/null; systemctl stop ${sh(`${timerUnit(cluster)}.timer`)} 2>/dev/null; true`;
}
