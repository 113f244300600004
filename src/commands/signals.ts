// How a long-running command stops when asked: Ctrl-C (SIGINT), SIGTERM (systemd, kill) and a hang-up
// (SIGHUP: the terminal or the SSH session to this machine went away) all take the same way. The command
// is not killed: its run sees the AbortSignal, puts the hosts back on one known configuration, and the
// command then ends with exit 130 (InterruptedError).
import type { Reporter } from '../progress.js';

export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface SignalStop {
  /** Aborted at the first of the signals. */
  readonly signal: AbortSignal;
  /** Removes the handlers: the default (the process ends) applies again. Call it when the run is over. */
  dispose(): void;
}

/** Until dispose(), each of STOP_SIGNALS warns with `message` and aborts `signal` instead of ending the process. */
export function abortOnSignals(reporter: Reporter, message: string): SignalStop {
  const aborter = new AbortController();
  const onSignal = () => {
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
