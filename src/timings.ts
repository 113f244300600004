// Phase timings for --timings (or HASETUP_TIMINGS=1): where a command spends its time (start-up, connect per host,
// facts, observe, stage, validate, activate, wait for master, VRID listening, verify), printed to stderr when the
// process exits. Off, it costs one boolean test per phase. See docs/performance.md.

export interface Phase {
  name: string;
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

let registered = false;
function registerPrint(): void {
  if (registered) return;
  registered = true;
  process.once('exit', () => process.stderr.write(formatTimings(phases, performance.now())));
}
if (enabled) registerPrint();

export function timingsEnabled(): boolean {
  return enabled;
}

/** Records a phase that began at `start` (performance.now(); 0 = the process start) and ends now. */
export function phaseSince(name: string, start: number): void {
  if (enabled) phases.push({ name, start, end: performance.now() });
}

/** Runs fn as the phase `name` (recorded also when it throws). */
export async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    phases.push({ name, start, end: performance.now() });
  }
}

/** One line per phase, in start order: where it began and how long it took (overlapping phases ran side by side). */
export function formatTimings(list: readonly Phase[], total: number): string {
  const ms = (n: number) => `${Math.round(n)} ms`;
  const sorted = [...list].sort((a, b) => a.start - b.start);
  const width = Math.max(5, ...sorted.map((p) => p.name.length));
  const lines = sorted.map((p) => `  ${p.name.padEnd(width)}  ${ms(p.end - p.start).padStart(8)}  (at ${ms(p.start)})`);
  return `timings (${ms(total)} in all):\n${lines.map((l) => `${l}\n`).join('')}`;
}
