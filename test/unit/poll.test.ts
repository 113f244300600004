import { describe, expect, it } from 'vitest';
import { poll, sleep } from '../../src/poll.js';

describe('poll', () => {
  it('returns the first value the condition gives', async () => {
    let asks = 0;
    const v = await poll(() => (++asks === 3 ? 'ready' : undefined), { timeout: 1_000, step: 1 });
    expect(v).toBe('ready');
    expect(asks).toBe(3);
  });

  it('gives undefined after the timeout, having asked once more at the deadline', async () => {
    let asks = 0;
    const v = await poll(() => {
      asks++;
      return undefined;
    }, { timeout: 30, step: 20 });
    expect(v).toBeUndefined();
    expect(asks).toBeGreaterThanOrEqual(2); // at 0 ms, 20 ms and again at the 30 ms deadline
  });

  it('stops at once when aborted, without asking again', async () => {
    const aborter = new AbortController();
    let asks = 0;
    const started = Date.now();
    const pending = poll(() => {
      asks++;
      return undefined;
    }, { timeout: 60_000, step: 10_000, signal: aborter.signal });
    setTimeout(() => aborter.abort(), 10);
    expect(await pending).toBeUndefined();
    expect(asks).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000); // not the 10 s step: the abort cut the pause short
  });

  it('keeps a falsy value other than undefined as an answer', async () => {
    expect(await poll(() => 0, { timeout: 10, step: 1 })).toBe(0);
    expect(await poll(() => false, { timeout: 10, step: 1 })).toBe(false);
  });
});

describe('sleep', () => {
  it('resolves at once on an aborted signal', async () => {
    const aborter = new AbortController();
    aborter.abort();
    const started = Date.now();
    await sleep(60_000, aborter.signal);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
