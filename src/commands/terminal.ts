// The terminal helpers a command prints with (colours, tables, progress), loaded when a command runs rather than
// at start-up, so --help and --version stay as quick as Node itself (docs/performance.md).
import type { ChalkInstance } from 'chalk';
import type TableClass from 'cli-table3';
import type * as Ui from '../ui.js';

export interface Terminal {
  chalk: ChalkInstance;
  Table: typeof TableClass;
  print: typeof Ui.print;
  terminalReporter: typeof Ui.terminalReporter;
}

export async function loadTerminal(): Promise<Terminal> {
  const [{ default: chalk }, { default: Table }, { print, terminalReporter }] = await Promise.all([import('chalk'), import('cli-table3'), import('../ui.js')]);
  return { chalk, Table, print, terminalReporter };
}
