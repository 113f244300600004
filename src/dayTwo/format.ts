// The terminal lines for a planned move.
import type { MoveResult } from './measure.js';

const s = (v: number | null) => (v === null ? '-' : `${v.toFixed(3)} s`);

export function formatMove(r: MoveResult): string {
  if (!r.moved) return `the VIP did not move from ${r.from} to ${r.to}: every track file was put back, ${r.from} keeps it`;
  return [
    `VIP moved ${r.from} -> ${r.to} in ${s(r.moveSeconds)}`,
    `client requests: ${r.failedRequests} failed of ${r.totalRequests}, longest outage ${s(r.outageSeconds)}`,
    handover(r),
  ].join('\n');
}

function handover(r: MoveResult): string {
  const h = r.handoverSeconds;
  if (h === null) return `${r.from} was not seen dropping the VIP`;
  return `${r.from} dropped the VIP ${Math.abs(h).toFixed(3)} s ${h >= 0 ? 'after' : 'before'} ${r.to} had it (host clocks, measured offsets)`;
}
