// Moves: the VIP's sole holder over time, rebuilt from the address events (starting with the master; a stretch
// with no holder or with two is no holder change). Each change after inject is a move: away when it goes to
// another host, back when it goes to the master. A clean scenario moves away once and, with preemption, back
// once; anything else is a flap and fails. Pure.
import { holderMoves, type HolderMove } from '../../experiment/holders.js';
import { CLOCK_TOLERANCE_MS, noFindings, type Findings, type Recorded } from './common.js';

export { holderMoves, type HolderMove } from '../../experiment/holders.js';

export interface Moves extends Findings {
  moves: HolderMove[];
  movesAway: number;
  movesBack: number;
}

export function analyseMoves(r: Recorded): Moves {
  const out: Moves = { ...noFindings(), moves: [], movesAway: 0, movesBack: 0 };
  const { inject, restore, tl } = r;
  if (inject === null) return out;
  // In 'network-loss' the cut-off master does not count as a holder between inject and restore.
  const isolated = tl.scenario === 'network-loss' ? { from: inject, to: restore ?? Number.POSITIVE_INFINITY } : undefined;
  out.moves = holderMoves(tl.master, r.events, inject - CLOCK_TOLERANCE_MS, isolated);
  for (const m of out.moves) {
    if (m.to === tl.master) {
      const count = ++out.movesBack;
      out.entries.push({ t: m.t, said: (c) => c.failover.timeline.vipNowOnBack({ host: m.to, count }) });
    } else {
      const count = ++out.movesAway;
      out.entries.push({ t: m.t, said: (c) => c.failover.timeline.vipNowOnAway({ host: m.to, count }) });
    }
  }
  const { movesAway: away, movesBack: back } = out;
  const nopreempt = Boolean(tl.params.nopreempt);
  if (away > 1) out.reasons.push((c) => c.failover.reason.flappedAway({ master: tl.master, count: away }));
  if (!nopreempt && away >= 1 && back > 1) out.reasons.push((c) => c.failover.reason.flappedBack({ master: tl.master, count: back }));
  if (nopreempt && back > 0) out.reasons.push((c) => c.failover.reason.movedBackDespiteNopreempt({ master: tl.master, count: back }));
  return out;
}
