// What every analyser of a scenario's recording reads (the recording sorted, the markers found) and what it
// gives back besides its figures: reasons the scenario fails and lines for the timeline, each a Said
// (src/failover/types.ts). Definitions of every figure: the comment at the top of src/failover/measure.ts.
import type { AddressEvent, Marker, ProbeSample, Said, ScenarioTimeline } from '../types.js';

export const SPLIT_BRAIN_GRACE_MS = 200;
export const CLOCK_TOLERANCE_MS = 50;

export interface Recorded {
  tl: ScenarioTimeline;
  probes: ProbeSample[];
  /** the VIP's events only */
  events: AddressEvent[];
  markers: Marker[];
  inject: number | null;
  restore: number | null;
  failbackSettled: number | null;
  recordingStart: number;
  recordingEnd: number;
  /** what timeline times are relative to: inject, or the start of the recording */
  origin: number;
  maxOutageMs: number;
}

export interface Findings {
  reasons: Said[];
  entries: { t: number; said: Said }[];
}

export const noFindings = (): Findings => ({ reasons: [], entries: [] });

export const seconds = (ms: number): number => Math.round(ms) / 1000;
export const round3 = (s: number): number => Math.round(s * 1000) / 1000;
export const fmt = (s: number): string => `${round3(s).toFixed(3)} s`;

/** "198.18.1.100/24" and "198.18.1.100" are the same address. */
export function sameAddress(a: string, b: string): boolean {
  const bare = (s: string) => s.trim().split('/')[0]!.toLowerCase();
  return bare(a) === bare(b);
}

function markerTime(markers: Marker[], label: string): number | null {
  return markers.find((x) => x.label === label)?.t ?? null;
}

/** A recording sorted and its markers found, ready for the analysers. */
export function recorded(tl: ScenarioTimeline, maxOutageSeconds: number): Recorded {
  const probes = [...tl.probes].sort((a, b) => a.t - b.t);
  const events = tl.events.filter((e) => sameAddress(e.address, tl.vip)).sort((a, b) => a.t - b.t);
  const markers = [...tl.markers].sort((a, b) => a.t - b.t);
  const starts = [...probes.map((p) => p.t), ...events.map((e) => e.t), ...markers.map((m) => m.t)];
  const ends = [...probes.map((p) => p.t + p.ms), ...events.map((e) => e.t), ...markers.map((m) => m.t)];
  const recordingStart = starts.length ? Math.min(...starts) : 0;
  const inject = markerTime(markers, 'inject');
  return {
    tl,
    probes,
    events,
    markers,
    inject,
    restore: markerTime(markers, 'restore'),
    failbackSettled: markerTime(markers, 'failback-settled'),
    recordingStart,
    recordingEnd: ends.length ? Math.max(...ends) : 0,
    origin: inject ?? recordingStart,
    maxOutageMs: maxOutageSeconds * 1000,
  };
}

/** A time relative to the origin, signed, for a sentence. */
export function rel(t: number, origin: number): string {
  const s = round3((t - origin) / 1000);
  return `${s >= 0 ? '+' : ''}${s.toFixed(3)}`;
}
