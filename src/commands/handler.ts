// What a command's handler gives back: the lines it prints on standard output and its exit code. The commander
// action only prints them and sets the exit code, so a handler is unit-tested without a lab (recording hosts) and
// without a terminal. Errors are thrown as before (HasetupError and friends) and printed by cli.ts's one boundary.
export interface CommandResult {
  lines: string[];
  /** ExitCode.ok or ExitCode.failure (src/errors.ts). */
  exitCode: number;
}

/** Where a handler that works cluster by cluster sends each cluster's lines as soon as they are known (the terminal). */
export type LineSink = (lines: string[]) => void;

/** Collects what a handler emits, for its result, and forwards it as it comes (to the terminal). */
export function lineCollector(forward?: LineSink): { lines: string[]; emit: LineSink } {
  const lines: string[] = [];
  return {
    lines,
    emit: (more) => {
      lines.push(...more);
      forward?.(more);
    },
  };
}
