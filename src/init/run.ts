// hasetup init from start to end: choose the path (a person at a terminal, or flags / --answers / --yes), check
// for missing values before touching anything, run the flow, show the summary, ask before overwriting, write.
// Nothing is written before the very end: Ctrl-C (ExitPromptError, exit 130) or any error leaves no file.
import path from 'node:path';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
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
  const f = t().init.flags;
  const say = t().init.progress;
  if (!Number.isFinite(listenSeconds) || listenSeconds < 1 || listenSeconds > 60) throw new UsageError(f.listenSecondsRange);

  if (!interactive) {
    const missing = missingValues(preset);
    if (missing.length > 0) {
      const list = { list: missing.map((m) => `  ${m}`).join('\n') };
      const many = missing.length > 1;
      const message = deps.tty
        ? (many ? f.missingRequiredValues : f.missingRequiredValue)(list)
        : (many ? f.missingRequiredValuesNoTerminal : f.missingRequiredValueNoTerminal)(list);
      throw new UsageError(message, f.missingRequiredHint);
    }
    if ((await deps.io.exists(output)) && !opts.force) {
      throw new UsageError(f.outputExists({ file: output }), f.outputExistsHint);
    }
    if (!deps.tty && !opts.yes) deps.print(say.noTerminal);
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
  deps.print(say.summaryHeading);
  for (const l of summary(answers)) deps.print(`  ${l}`);
  if (interactive) {
    for (;;) {
      if (await deps.io.exists(output)) {
        const overwrite = await ask.confirm({ key: 'overwrite', message: t().init.prompt.overwriteOutput({ file: output }), default: false });
        if (!overwrite) {
          output = await ask.text({ key: 'output', message: t().init.prompt.otherOutput, default: output, validate: (s) => (s ? true : t().init.prompt.outputNameEmpty) });
          continue;
        }
      } else if (!(await ask.confirm({ key: 'write', message: t().init.prompt.writeOutput({ file: output }), default: true }))) {
        deps.print(say.nothingWritten);
        return undefined;
      }
      break;
    }
  }
  const r = await writeInventory(output, answers, (p) => expandHome(p));
  deps.print(r.added ? say.wroteWithHostKeys({ file: output, count: r.added, knownHosts: r.knownHostsFile }) : say.wrote({ file: output }));
  deps.print(say.nextSteps({ file: output }));
  return { file: output, answers, knownHostsFile: r.knownHostsFile, added: r.added };
}
