// Split brain: the VIP's holders rebuilt from the address events, starting with the master holding it. A
// stretch where two or more hosts hold it is an overlap; one shorter than SPLIT_BRAIN_GRACE_MS is the normal
// hand-over and does not count, longer ones count whole; one still open at the end lasts until then. In
// 'network-loss' the isolated master keeps the VIP by design, so overlaps between inject and restore that
// include it do not count, and after restore the grace is advert_int + SPLIT_BRAIN_GRACE_MS. Pure.
import type { Catalog } from '../../i18n/index.js';
import type { AddressEvent } from '../types.js';
import { SPLIT_BRAIN_GRACE_MS, fmt, noFindings, seconds, type Findings, type Recorded } from './common.js';

interface Overlap {
  start: number;
  /** null: still open at the end of the recording */
  end: number | null;
  hosts: string[];
}

function overlaps(master: string, events: AddressEvent[]): Overlap[] {
  const holders = new Set<string>([master]);
  const out: Overlap[] = [];
  let open: Overlap | null = null;
  for (const e of events) {
    if (e.kind === 'add') holders.add(e.host);
    else holders.delete(e.host);
    const hosts = [...holders].sort();
    if (hosts.length >= 2) {
      if (open && open.hosts.join() !== hosts.join()) {
        open.end = e.t;
        open = null;
      }
      if (!open) {
        open = { start: e.t, end: null, hosts };
        out.push(open);
      }
    } else if (open) {
      open.end = e.t;
      open = null;
    }
  }
  return out;
}

/** Joins adjacent overlaps (the set of holders changed but two or more held it throughout). */
function mergeAdjacent(list: Overlap[]): Overlap[] {
  const out: Overlap[] = [];
  for (const o of list) {
    const prev = out[out.length - 1];
    if (prev && prev.end === o.start) {
      prev.end = o.end;
      prev.hosts = [...new Set([...prev.hosts, ...o.hosts])].sort();
    } else out.push({ ...o });
  }
  return out;
}

const hostsAnd = (hosts: string[]) => (c: Catalog) => hosts.join(c.failover.hostsAnd);

/** The pieces of an overlap that count, each with its grace (network-loss: the isolated master's excepted). */
function countedPieces(r: Recorded, o: Overlap, end: number, out: Findings): { start: number; end: number; grace: number }[] {
  const { tl, inject } = r;
  const grace = SPLIT_BRAIN_GRACE_MS;
  if (!(tl.scenario === 'network-loss' && inject !== null && o.hosts.includes(tl.master))) return [{ start: o.start, end, grace }];
  const pieces: { start: number; end: number; grace: number }[] = [];
  const isolatedUntil = r.restore ?? Number.POSITIVE_INFINITY;
  if (o.start < isolatedUntil && end > inject) {
    out.entries.push({ t: Math.max(o.start, inject), said: (c) => c.failover.timeline.isolatedMasterHolds({ master: tl.master, vip: tl.vip }) });
  }
  if (o.start < inject) pieces.push({ start: o.start, end: Math.min(end, inject), grace });
  if (end > isolatedUntil) pieces.push({ start: Math.max(o.start, isolatedUntil), end, grace: grace + tl.params.advertInt * 1000 });
  return pieces;
}

export interface SplitBrain extends Findings {
  splitBrain: boolean;
  splitBrainSeconds: number;
}

export function analyseSplitBrain(r: Recorded): SplitBrain {
  const out: SplitBrain = { ...noFindings(), splitBrain: false, splitBrainSeconds: 0 };
  const { tl } = r;
  let splitBrainMs = 0;
  const splitHosts = new Set<string>();
  for (const o of mergeAdjacent(overlaps(tl.master, r.events))) {
    const end = o.end ?? Math.max(r.recordingEnd, o.start);
    for (const piece of countedPieces(r, o, end, out)) {
      const length = piece.end - piece.start;
      if (length <= piece.grace) continue;
      splitBrainMs += length;
      for (const h of o.hosts) splitHosts.add(h);
      const hosts = hostsAnd(o.hosts);
      const both = o.hosts.length === 2;
      out.entries.push({ t: piece.start, said: (c) => (both ? c.failover.timeline.splitBrainBoth : c.failover.timeline.splitBrainAll)({ hosts: hosts(c), vip: tl.vip }) });
      const duration = fmt(length / 1000);
      const stillOn = o.end === null && piece.end === end;
      out.entries.push({ t: piece.end, said: (c) => (stillOn ? c.failover.timeline.splitBrainStillOn : c.failover.timeline.splitBrainOver)({ duration }) });
    }
  }
  out.splitBrain = splitBrainMs > 0;
  out.splitBrainSeconds = seconds(splitBrainMs);
  if (out.splitBrain) {
    const hosts = hostsAnd([...splitHosts].sort());
    const total = fmt(out.splitBrainSeconds);
    const grace = fmt(SPLIT_BRAIN_GRACE_MS / 1000);
    out.reasons.push((c) => c.failover.reason.splitBrain({ hosts: hosts(c), vip: tl.vip, total, grace }));
  }
  return out;
}
