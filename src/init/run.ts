// hasetup init from start to end: choose the path (a person at a terminal, or flags / --answers / --yes), check
// for missing values before touching anything, run the flow, show the summary, ask before overwriting, write.
// Nothing is written before the very end: Ctrl-C (ExitPromptError, exit 130) or any error leaves no file.
import path from 'node:path';
import { UsageError } from '../errors.js';
import { expandHome } from '../remote/ssh.js';
import type { InitAnswers } from './answers.js';
import { presetAsker, promptAsker, type Asker, type Prompts } from './ask.js';
import { runInitFlow, summary } from './flow.js';
import type { InitIO } from './io.js';
import { buildPreset, flagOf, missingValues, readAnswersFile, type InitOptions } from './options.js';
import { knownHostsPath, writeInventory } from './write.js';

export interface InitDeps {
  io: InitIO;
  /** the prompts a person answers (@inquirer/prompts); used only on the interactive path */
  prompts: Prompts;
  print: (line: string) => void;
  /** stdin and stdout are terminals */
  tty: boolean;
}

export interface InitResult {
  file: string;
  answers: InitAnswers;
  knownHostsFile: string;
  added: number;
}

export async function runInit(opts: InitOptions, deps: InitDeps): Promise<InitResult | undefined> {
  const file = opts.answers ? await readAnswersFile(opts.answers) : {};
  const preset = buildPreset(opts, file);
  const interactive = deps.tty && !opts.yes;
  let output = opts.output ?? file.output ?? 'inventory.yaml';
  const knownHosts = opts.knownHosts ?? file['known-hosts'] ?? 'known_hosts';
  // A known_hosts path given on the command line is relative to where hasetup runs; the inventory makes it absolute.
  const khForInventory = (opts.knownHosts ?? file['known-hosts']) !== undefined && !knownHosts.startsWith('~') ? path.resolve(knownHosts) : knownHosts;
  const listenSeconds = Number(opts.listenSeconds ?? file['listen-seconds'] ?? 4);
  if (!Number.isFinite(listenSeconds) || listenSeconds < 1 || listenSeconds > 60) throw new UsageError('--listen-seconds takes 1 to 60 seconds');

  if (!interactive) {
    const missing = missingValues(preset);
    if (missing.length > 0) {
      throw new UsageError(
        `missing required value${missing.length > 1 ? 's' : ''}${deps.tty ? '' : ' (no terminal to ask on)'}:\n${missing.map((m) => `  ${m}`).join('\n')}`,
        'give them as flags or in --answers FILE (YAML or JSON with the long flag names as keys); nothing was written',
      );
    }
    if ((await deps.io.exists(output)) && !opts.force) {
      throw new UsageError(`${output} already exists: not overwriting it`, 'pass --force to overwrite it, or --output another file; nothing was written');
    }
    if (!deps.tty && !opts.yes) deps.print('no terminal: taking the default for every value not given (as --yes does)');
  }

  const ask: Asker = interactive ? promptAsker(deps.prompts, preset) : presetAsker(preset, flagOf);
  const answers = await runInitFlow({
    ask,
    io: deps.io,
    print: deps.print,
    knownHosts: khForInventory,
    knownHostsFile: knownHostsPath(output, khForInventory),
    listenSeconds,
  });

  deps.print('');
  deps.print('summary:');
  for (const l of summary(answers)) deps.print(`  ${l}`);
  if (interactive) {
    for (;;) {
      if (await deps.io.exists(output)) {
        const overwrite = await ask.confirm({ key: 'overwrite', message: `${output} exists: overwrite it?`, default: false });
        if (!overwrite) {
          output = await ask.text({ key: 'output', message: 'write the inventory to which file instead?', default: output, validate: (s) => (s ? true : 'give a file name') });
          continue;
        }
      } else if (!(await ask.confirm({ key: 'write', message: `write ${output}?`, default: true }))) {
        deps.print('nothing was written');
        return undefined;
      }
      break;
    }
  }
  const r = await writeInventory(output, answers, (p) => expandHome(p));
  deps.print(`wrote ${output}${r.added ? ` and ${r.added} host key(s) to ${r.knownHostsFile}` : ''}`);
  deps.print(`next: hasetup validate ${output} && hasetup deploy ${output}`);
  return { file: output, answers, knownHostsFile: r.knownHostsFile, added: r.added };
}
