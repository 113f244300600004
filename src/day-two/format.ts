// The terminal lines for a planned move. Figures are formatted here, the same in every language.
import { t } from '../i18n/index.js';
import type { MoveResult } from './measure.js';

const s = (v: number | null) => (v === null ? '-' : `${v.toFixed(3)} s`);

export function formatMove(r: MoveResult): string {
  const m = t().dayTwo;
  if (!r.moved) return m.vipDidNotMove({ from: r.from, to: r.to });
  return [
    m.vipMovedIn({ from: r.from, to: r.to, seconds: s(r.moveSeconds) }),
    m.clientRequestsResult({ failed: String(r.failedRequests), total: String(r.totalRequests), outage: s(r.outageSeconds) }),
    handover(r),
  ].join('\n');
}

function handover(r: MoveResult): string {
  const m = t().dayTwo;
  const h = r.handoverSeconds;
  if (h === null) return m.oldHolderDropNotSeen({ from: r.from });
  const p = { from: r.from, to: r.to, seconds: s(Math.abs(h)) };
  return h >= 0 ? m.oldHolderDroppedAfter(p) : m.oldHolderDroppedBefore(p);
}
