#!/usr/bin/env node
// Entry point: the commander program and the one error boundary (known errors -> message + exit code).
import { Command, CommanderError } from '@commander-js/extra-typings';
import { deployCommand } from './commands/deploy.js';
import { failoverTestCommand } from './commands/failover-test.js';
import { initCommand } from './commands/init.js';
import { labCommand } from './commands/lab.js';
import { maintenanceCommand } from './commands/maintenance.js';
import { switchoverCommand } from './commands/switchover.js';
import { rollbackCommand } from './commands/rollback.js';
import { statusCommand } from './commands/status.js';
import { validateCommand } from './commands/validate.js';
import { ExitCode, HasetupError } from './errors.js';
import { t, useLanguage } from './i18n/index.js';
import { chooseLang } from './i18n/lang.js';
import { enableTimings, phaseSince } from './timings.js';
import { version } from './version.js';

export function program(): Command {
  const prog = new Command('hasetup')
    .version(version, '-V, --version')
    .description(
      'Turn Linux servers running Tomcat into an active/standby pair behind a virtual IP (keepalived, VRRP), ' +
        'then prove the failover works by failing the master on purpose and measuring what clients see.',
    )
    .option('--lang <lang>', t().cli.langOption)
    .option('--timings', 'print how long each phase took (start-up, connect, facts, ...) to stderr; also HASETUP_TIMINGS=1')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .hook('preAction', (root) => {
      if (root.opts().timings) enableTimings();
      phaseSince('start-up', 0);
    });
  prog.addCommand(initCommand());
  prog.addCommand(validateCommand());
  prog.addCommand(deployCommand());
  prog.addCommand(statusCommand());
  prog.addCommand(rollbackCommand());
  prog.addCommand(failoverTestCommand());
  prog.addCommand(switchoverCommand());
  prog.addCommand(maintenanceCommand());
  prog.addCommand(labCommand());
  applyToAll(prog);
  return prog;
}

/** Commands added with addCommand do not inherit settings: give every one the same error handling. */
function applyToAll(cmd: Command): void {
  for (const sub of cmd.commands) {
    sub.exitOverride().showHelpAfterError('(run with --help for usage)');
    // Every command takes --lang (read before commander runs: main() picks the catalog from it).
    if (!sub.options.some((o) => o.long === '--lang')) sub.option('--lang <lang>', t().cli.langOption);
    // Descriptions are written with line breaks for the source; let commander wrap them to the terminal
    // (a blank line still separates paragraphs).
    sub.description(sub.description().replace(/(?<!\n)\n(?!\n)/g, ' '));
    applyToAll(sub as Command);
  }
}

export async function main(argv: string[]): Promise<number> {
  const choice = chooseLang(argv.slice(2), process.env);
  if ('invalid' in choice) {
    process.stderr.write(`error: ${t().cli.invalidLang({ value: choice.invalid })}\n`);
    return ExitCode.usage;
  }
  await useLanguage(choice.lang);
  try {
    await program().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (err) {
    return await reportError(err);
  }
}

async function reportError(err: unknown): Promise<number> {
  if (err instanceof CommanderError) {
    // Help and version exit through here with code 0; usage errors were already printed by commander.
    return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  // Only now: --help and --version load nothing but commander and the command definitions (docs/performance.md).
  const { default: chalk } = await import('chalk');
  if (err instanceof HasetupError) {
    process.stderr.write(chalk.red('error: ') + err.message + '\n');
    if (err.hint) process.stderr.write(chalk.dim('hint: ') + err.hint + '\n');
    return err.exitCode;
  }
  if (err instanceof Error && err.name === 'ExitPromptError') return ExitCode.interrupted;
  const e = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(chalk.red('internal error: ') + e.message + '\n');
  process.stderr.write('This is a bug in hasetup. Please report it with the command you ran and this trace:\n');
  process.stderr.write(chalk.dim(e.stack ?? '') + '\n');
  return ExitCode.failure;
}

const exitCode = await main(process.argv);
process.exitCode = exitCode;
