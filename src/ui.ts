// Terminal output: the only module besides commands/ that writes to the terminal.
import chalk from 'chalk';
import { t } from './i18n/index.js';
import type { Reporter } from './progress.js';

/** Progress to stderr, so stdout stays clean for results (tables, JSON). */
export function terminalReporter(opts: { quiet?: boolean } = {}): Reporter {
  const out = (s: string) => {
    if (!opts.quiet) process.stderr.write(s + '\n');
  };
  return {
    step: (m) => out(chalk.cyan('==> ') + m),
    info: (m) => out('    ' + m),
    warn: (m) => process.stderr.write(chalk.yellow(t().errors.warningLabel) + m + '\n'),
  };
}

export function print(s = ''): void {
  process.stdout.write(s + '\n');
}
