import { describe, expect, it } from 'vitest';
import { formatTimings } from '../../src/timings.js';

describe('formatTimings', () => {
  it('lists phases in start order with their duration and start, overlapping ones side by side', () => {
    const text = formatTimings(
      [
        { name: 'facts', start: 300.4, end: 520.6 },
        { name: 'start-up', start: 0, end: 90 },
        { name: 'connect node1', start: 120, end: 299.5 },
      ],
      1234.4,
    );
    expect(text).toBe(
      'timings (1234 ms in all):\n' +
        '  start-up          90 ms  (at 0 ms)\n' +
        '  connect node1    180 ms  (at 120 ms)\n' +
        '  facts            220 ms  (at 300 ms)\n',
    );
  });

  it('prints the total alone when no phase was recorded', () => {
    expect(formatTimings([], 12)).toBe('timings (12 ms in all):\n');
  });
});
