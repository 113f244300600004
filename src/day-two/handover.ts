// The old holder keeps the VIP a moment after the new one has it, so that requests already in flight on it
// are answered: keepalived drops the VIP the instant it hears a higher-priority advert, and a response not
// yet sent then never leaves (its source address is gone), which a client sees as a reset. For the hand-over
// the holder ignores incoming VRRP (an nftables table of its own); the target, hearing the holder's lowered
// priority, claims the VIP and clients follow its gratuitous ARP; once the VIP is there, hasetup lifts the
// table and the old holder steps down. A timer on the host lifts it by itself should hasetup be gone.
// docs/day-two.md, "Why the old holder keeps the VIP a moment".
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';

export const handoverTable = (cluster: string) => `hasetup_handover_${cluster.replace(/-/g, '_')}`;
const timerUnit = (cluster: string) => `hasetup-handover-${cluster}`;

/** Starts ignoring incoming VRRP on the holder; lifted by itself after `failsafeSeconds`. Prints "held" when it did. */
export function holdCommand(cluster: string, failsafeSeconds: number): ShellCommand {
  const table = handoverTable(cluster);
  const unit = timerUnit(cluster);
  const rules = `table inet ${table} {\n  chain input { type filter hook input priority -300; ip protocol vrrp drop; }\n}\n`;
  return joinCommands([
    cmd`command -v nft >/dev/null 2>&1 || { echo no-nft; exit 0; }`,
    cmd`systemctl stop ${`${unit}.timer`} 2>/dev/null; nft delete table inet ${table} 2>/dev/null`,
    cmd`printf %s ${rules} | nft -f -`,
    cmd`systemd-run --quiet ${`--unit=${unit}`} ${`--on-active=${Math.ceil(failsafeSeconds)}s`} nft delete table inet ${table} || { nft delete table inet ${table}; exit 1; }`,
    cmd`echo held`,
  ]);
}

export function releaseCommand(cluster: string): ShellCommand {
  return cmd`nft delete table inet ${handoverTable(cluster)} 2>/dev/null; systemctl stop ${`${timerUnit(cluster)}.timer`} 2>/dev/null; true`;
}
