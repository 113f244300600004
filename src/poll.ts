// Waiting, once for the whole code base: a sleep that an AbortSignal cuts short, and poll(), the one loop that asks
// a condition again until it holds, a deadline passes or the run is aborted. Every "wait until the VIP moved / the
// master is healthy / the host is back" goes through poll(), so each such wait has a timeout and stops on Ctrl-C.

/** Resolves after `ms`, or at once when `signal` is (or becomes) aborted. Never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface PollOptions {
  /** How long to keep asking, in ms, counted from the first ask. */
  timeout: number;
  /** The pause between two asks, in ms (the ask's own time comes on top). */
  step: number;
  /** Stops the polling early: the result is then undefined. */
  signal?: AbortSignal;
  /** The clock (tests pass a fake one). */
  now?: () => number;
}

/**
 * Asks `condition` until it returns a value other than undefined (that value is returned), the timeout has
 * passed, or `signal` is aborted (both: undefined). The condition is always asked at least once, and once more
 * at the deadline when the last pause ended there, so a state reached just in time is not missed.
 */
export async function poll<T>(
  condition: () => Promise<T | undefined> | T | undefined,
  { timeout, step, signal, now = Date.now }: PollOptions,
): Promise<T | undefined> {
  const end = now() + timeout;
  for (;;) {
    if (signal?.aborted) return undefined;
    const value = await condition();
    if (value !== undefined) return value;
    const left = end - now();
    if (left <= 0 || signal?.aborted) return undefined;
    await sleep(Math.min(step, left), signal);
  }
}
