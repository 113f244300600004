// Phase timings for --timings (or HASETUP_TIMINGS=1): where a command spends its time (start-up, connect per host,
// facts, observe, stage, validate, activate, wait for master, VRID listening, verify), printed to stderr when the
// process exits, in the reader's language (the `timings` catalog area). Off, it costs one boolean test per phase.
// See docs/performance.md.
import { t, type Catalog } from './i18n/index.js';

/** A phase's name, picked from the catalog when the timings are printed: `(n) => n.facts`. */
export type PhaseName = (names: Catalog['timings']['phase']) => string;

export interface Phase {
  name: PhaseName;
  /** One host's part of the phase before it (printed indented under it). */
  part?: boolean;
  /** milliseconds since the process started (performance.now()) */
  start: number;
  end: number;
}

let enabled = process.env.HASETUP_TIMINGS === '1';
const phases: Phase[] = [];

/** Turns collection on (the --timings flag) and prints the phases to stderr when the process exits. */
export function enableTimings(): void {
  enabled = true;
  registerPrint();
}

/** Terminal columns of a text (CJK takes two); string-width is loaded only when timings are on (start-up, issue 14). */
let columnsOf: (s: string) => number = (s) => s.length;

let registered = false;
function registerPrint(): void {
  if (registered) return;
  registered = true;
  void import('./i18n/width.js').then((w) => (columnsOf = w.displayWidth), () => undefined);
  process.once('exit', () => process.stderr.write(formatTimings(phases, performance.now(), columnsOf)));
}
if (enabled) registerPrint();

export function timingsEnabled(): boolean {
  return enabled;
}

/** Records a phase that began at `start` (performance.now(); 0 = the process start) and ends now. */
export function phaseSince(name: PhaseName, start: number): void {
  if (enabled) phases.push({ name, start, end: performance.now() });
}

/** Runs fn as the phase `name` (recorded also when it throws). */
export async function timed<T>(name: PhaseName, fn: () => Promise<T>, opts: { part?: boolean } = {}): Promise<T> {
  if (!enabled) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    phases.push({ name, part: opts.part, start, end: performance.now() });
  }
}

/** Runs fn as one host's step of the current phase: `node1: prepare`, indented under the phase. */
export function timedStep<T>(host: string, step: PhaseName, fn: () => Promise<T>): Promise<T> {
  return timed((n) => n.hostStep({ host, step: step(n) }), fn, { part: true });
}

/**
 * One line per phase, in start order: where it began and how long it took (overlapping phases ran side by side).
 * Names are padded by terminal columns (`columns`), so Chinese names line up too.
 */
export function formatTimings(list: readonly Phase[], total: number, columns: (s: string) => number = (s) => s.length): string {
  const m = t().timings;
  const ms = (n: number) => `${Math.round(n)} ms`;
  const named = [...list].sort((a, b) => a.start - b.start).map((p) => ({ ...p, label: `${p.part ? '  ' : ''}${p.name(m.phase)}` }));
  const width = Math.max(5, ...named.map((p) => columns(p.label)));
  const pad = (s: string) => s + ' '.repeat(Math.max(0, width - columns(s)));
  const lines = named.map((p) => `  ${pad(p.label)}  ${ms(p.end - p.start).padStart(8)}  ${m.startedAt({ start: ms(p.start) })}`);
  return `${m.heading({ total: ms(total) })}\n${lines.map((l) => `${l}\n`).join('')}`;
}
