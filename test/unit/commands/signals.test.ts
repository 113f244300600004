// abortOnSignals with real signals sent to this process: each of SIGINT, SIGTERM and SIGHUP warns and aborts
// (the process is not ended), and dispose() takes the handlers away again.
import { afterEach, describe, expect, it } from 'vitest';
import { abortOnSignals, STOP_SIGNALS, type SignalStop } from '../../../src/commands/signals.js';
import { recordingReporter } from '../../../src/progress.js';

const aborted = (s: AbortSignal) => new Promise<void>((r) => (s.aborted ? r() : s.addEventListener('abort', () => r(), { once: true })));

let stop: SignalStop | undefined;
afterEach(() => stop?.dispose());

describe('abortOnSignals', () => {
  it.each(STOP_SIGNALS)('%s: warns with the message and aborts the run', async (sig) => {
    const rep = recordingReporter();
    stop = abortOnSignals(rep, 'interrupted: lifting the hand-over hold, then stopping');
    expect(stop.signal.aborted).toBe(false);
    process.kill(process.pid, sig);
    await aborted(stop.signal);
    expect(rep.lines).toEqual(['warn: interrupted: lifting the hand-over hold, then stopping']);
  });

  it('handles SIGHUP as failover-test does, and dispose() removes every handler it added', () => {
    const before = STOP_SIGNALS.map((s) => process.listenerCount(s));
    stop = abortOnSignals(recordingReporter(), 'x');
    expect(STOP_SIGNALS).toContain('SIGHUP');
    expect(STOP_SIGNALS.map((s) => process.listenerCount(s))).toEqual(before.map((n) => n + 1));
    stop.dispose();
    expect(STOP_SIGNALS.map((s) => process.listenerCount(s))).toEqual(before);
  });
});
