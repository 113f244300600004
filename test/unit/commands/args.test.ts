import { InvalidArgumentError } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { positiveInt, seconds, wholeNumber } from '../../../src/commands/args.js';

describe('option parsers', () => {
  it('positiveInt: 1 and up, whole', () => {
    expect(positiveInt('8')).toBe(8);
    for (const v of ['0', '-1', '1.5', '', 'x', '08', ' 3']) expect(() => positiveInt(v), v).toThrow(InvalidArgumentError);
  });

  it('wholeNumber: 0 and up', () => {
    expect(wholeNumber('0')).toBe(0);
    expect(wholeNumber('12')).toBe(12);
    for (const v of ['-1', '2.0', 'two', '']) expect(() => wholeNumber(v), v).toThrow(InvalidArgumentError);
  });

  it('seconds: positive, fractions allowed', () => {
    expect(seconds('2')).toBe(2);
    expect(seconds('0.5')).toBe(0.5);
    for (const v of ['0', '0.0', '-1', '1e3', '.5', 'x']) expect(() => seconds(v), v).toThrow(InvalidArgumentError);
  });
});
