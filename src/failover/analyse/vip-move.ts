// VIP move: from 'inject' to the first 'add' of the VIP on a host other than the master (events up to
// CLOCK_TOLERANCE_MS before inject count: the move is then 0). Pure.
import { CLOCK_TOLERANCE_MS, noFindings, seconds, type Findings, type Recorded } from './common.js';

export interface VipMove extends Findings {
  vipMoveSeconds: number | null;
  newHolder: string | null;
}

export function analyseVipMove(r: Recorded): VipMove {
  const out: VipMove = { ...noFindings(), vipMoveSeconds: null, newHolder: null };
  const { inject, tl } = r;
  if (inject === null) return out;
  const move = r.events.find((e) => e.kind === 'add' && e.host !== tl.master && e.t >= inject - CLOCK_TOLERANCE_MS);
  if (move) {
    out.vipMoveSeconds = seconds(Math.max(0, move.t - inject));
    out.newHolder = move.host;
  } else {
    out.reasons.push((c) => c.failover.reason.vipNeverMoved({ vip: tl.vip, master: tl.master }));
  }
  return out;
}
