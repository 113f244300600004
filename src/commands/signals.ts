// How a long-running command stops when asked: Ctrl-C (SIGINT), SIGTERM (systemd, kill) and a hang-up
// (SIGHUP: the terminal or the SSH session to this machine went away) all take the same way. The command
// is not killed: its run sees the AbortSignal, puts the hosts back on one known configuration, and the
// command then ends with exit 130 (InterruptedError). deploy and rollback finish or undo the step in flight
// (docs/generations.md, "Interrupted"); failover-test restores the scenario; switchover lifts its hold.
import type { Reporter } from '../progress.js';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface SignalStop {
  /** Aborted at the first of the signals. */
  readonly signal: AbortSignal;
  /** Removes the handlers: the default (the process ends) applies again. Call it when the run is over. */
  dispose(): void;
}

/**
 * After a hang-up the terminal is gone: writing to it fails (EIO on a tty, EPIPE on a pipe), and an unhandled
 * stream error would end the process in the middle of putting the hosts back. What cannot be shown is dropped.
 */
function dropOutputErrors(): void {
  for (const s of [process.stdout, process.stderr]) if (s.listenerCount('error') === 0) s.on('error', () => undefined);
}

/** Until dispose(), each of STOP_SIGNALS warns with `message` and aborts `signal` instead of ending the process. */
export function abortOnSignals(reporter: Reporter, message: string): SignalStop {
  const aborter = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (sig === 'SIGHUP') dropOutputErrors();
    reporter.warn(message);
    aborter.abort();
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return {
    signal: aborter.signal,
    dispose: () => {
      for (const s of STOP_SIGNALS) process.off(s, onSignal);
    },
  };
}
