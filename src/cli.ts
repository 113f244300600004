#!/usr/bin/env node
// Entry point: the commander program and the one error boundary (known errors -> message + exit code).
// commander's help and error words in the chosen language: src/i18n/commander.ts.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
import { helpConfiguration, joinSourceLines, loadLanguage, translateCommanderError } from './i18n/commander.js';
import { t, useLanguage } from './i18n/index.js';
import { chooseLang, langFromEnv } from './i18n/lang.js';
import { enableTimings, phaseSince } from './timings.js';
import { version } from './version.js';

export function program(): Command {
  const prog = new Command('hasetup')
    .version(version, '-V, --version', t().cli.help.versionOptionDescription)
    .description(t().cli.programDescription)
    .option('--lang <lang>', t().cli.langOption)
    .option('--timings', t().cli.timingsOption)
    .hook('preAction', (root) => {
      if (root.opts().timings) enableTimings();
      phaseSince((n) => n.startUp, 0);
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
  configure(prog);
  applyToAll(prog);
  return prog;
}

/** Commands added with addCommand do not inherit settings: give every one the same error handling. */
function applyToAll(cmd: Command): void {
  for (const sub of cmd.commands) {
    configure(sub as Command);
    // Every command takes --lang (read before commander runs: main() picks the catalog from it).
    if (!sub.options.some((o) => o.long === '--lang')) sub.option('--lang <lang>', t().cli.langOption);
    // Descriptions are written with line breaks for the source; let commander wrap them to the terminal
    // (a blank line still separates paragraphs).
    sub.description(joinSourceLines(sub.description()));
    applyToAll(sub as Command);
  }
}

/** Error handling and commander's own words (help titles, help/version options, errors) in the current language. */
function configure(cmd: Command): void {
  cmd
    .exitOverride()
    .showHelpAfterError(t().cli.runWithHelp)
    .helpOption('-h, --help', t().cli.help.helpOptionDescription)
    .configureHelp(helpConfiguration())
    .configureOutput({ outputError: (text, write) => write(translateCommanderError(text)) });
  // The implicit `help [command]` of a command with subcommands (commander creates it on demand).
  (cmd as unknown as { _getHelpCommand(): Command | null })._getHelpCommand()?.description(t().cli.help.helpCommandDescription);
}

export async function main(argv: string[]): Promise<number> {
  const choice = chooseLang(argv.slice(2), process.env);
  if ('invalid' in choice) {
    // Said in the language of the environment: the one asked for is not known.
    await useLanguage(langFromEnv(process.env));
    process.stderr.write(`${t().errors.errorLabel}${t().cli.invalidLang({ value: choice.invalid })}\n`);
    return ExitCode.usage;
  }
  await loadLanguage(choice.lang);
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
  const e = t().errors;
  if (err instanceof HasetupError) {
    process.stderr.write(chalk.red(e.errorLabel) + err.message + '\n');
    if (err.hint) process.stderr.write(chalk.dim(e.hintLabel) + err.hint + '\n');
    return err.exitCode;
  }
  if (err instanceof Error && err.name === 'ExitPromptError') return ExitCode.interrupted;
  const bug = err instanceof Error ? err : new Error(String(err));
  process.stderr.write(chalk.red(e.internalErrorLabel) + bug.message + '\n');
  process.stderr.write(e.bugReport + '\n');
  process.stderr.write(chalk.dim(bug.stack ?? '') + '\n');
  return ExitCode.failure;
}

/** Run as a program (`hasetup`, `node dist/cli.js`, `tsx src/cli.ts`), not imported by a test. */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  const self = fileURLToPath(import.meta.url);
  for (const candidate of [script, `${script}.js`]) {
    try {
      if (realpathSync(candidate) === self) return true;
    } catch {
      /* not this one */
    }
  }
  return false;
}

if (isEntryPoint()) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
