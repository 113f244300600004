// The VIP's sole holder over time, rebuilt from the address events (a stretch with no holder or with two is no
// change of holder). Shared by failover-test's analysers (src/failover/analyse/moves.ts) and deploy's account of
// what clients saw (src/deploy/clients.ts). Pure.
import type { AddressEvent } from './types.js';

export interface HolderMove {
  t: number;
  from: string;
  to: string;
}

/** Changes of the VIP's sole holder from `from` on; `isolated` hides the master in that span (network-loss). */
export function holderMoves(master: string, events: AddressEvent[], from: number, isolated?: { from: number; to: number }): HolderMove[] {
  const points: { t: number; e?: AddressEvent }[] = events.map((e) => ({ t: e.t, e }));
  if (isolated) points.push({ t: isolated.from }, { t: isolated.to });
  points.sort((a, b) => a.t - b.t);
  const holders = new Set<string>([master]);
  let sole = master;
  const moves: HolderMove[] = [];
  for (const p of points) {
    if (p.e) {
      if (p.e.kind === 'add') holders.add(p.e.host);
      else holders.delete(p.e.host);
    }
    const hidden = isolated && p.t >= isolated.from && p.t < isolated.to;
    const effective = [...holders].filter((h) => !(hidden && h === master));
    if (effective.length !== 1 || effective[0] === sole) continue;
    if (p.t >= from) moves.push({ t: p.t, from: sole, to: effective[0]! });
    sole = effective[0]!;
  }
  return moves;
}
