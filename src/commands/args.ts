// Parsers for command-line option values shared by the commands: a bad value is refused by commander
// with the option's name and exit code 2, before anything connects.
import { InvalidArgumentError } from '@commander-js/extra-typings';
import { t } from '../i18n/index.js';

/** 1, 2, 3, ... (--parallel). */
export function positiveInt(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError(t().cli.expectedPositiveInt);
  return Number(value);
}

/** 0, 1, 2, ... (the range is the command's to check, with its own message). */
export function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(t().cli.expectedWholeNumber);
  return Number(value);
}

/** A positive number of seconds, fractions allowed (2, 0.5). */
export function seconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(n > 0)) throw new InvalidArgumentError(t().cli.expectedPositiveSeconds);
  return n;
}
