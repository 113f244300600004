// commander's own words in the current language: its help (titles, the extra facts after an option, line
// wrapping by terminal columns for Chinese) and its error messages, reworded from the catalog (cli area).
// src/cli.ts builds the program with these; the words themselves are in en/cli.ts and zh-CN/cli.ts.
import { Help, type Argument, type Option } from '@commander-js/extra-typings';
import { t, useLanguage } from './index.js';
import { joinList } from './text.js';
import type { Lang } from './lang.js';

/** One line break between two CJK characters is no space in Chinese; elsewhere it is one. */
export function joinSourceLines(text: string): string {
  return text.replace(/(?<!\n)\n(?!\n)/g, (_m, at: number, s: string) => (WIDE.test(s[at - 1] ?? '') && WIDE.test(s[at + 1] ?? '') ? '' : ' '));
}

// ---------------------------------------------------------------------------------------------------------
// Help in the current language, lined up by terminal columns (a CJK character takes two).

const WIDE = /[\p{Script=Han}\u3000-\u303f\u3040-\u30ff\uff00-\uffef]/u;
const OPENING = '（《“‘「【〔';
const CLOSING = '，。、；：？！）》”’」】〕…';
/** A chunk wrapping may not split: a CJK character, or a run of other non-space text, with its punctuation. */
const WRAP_CHUNK = new RegExp(
  `\\s*[${OPENING}]*(?:[\\p{Script=Han}\\u3040-\\u30ff]|[^\\s\\p{Script=Han}\\u3040-\\u30ff${OPENING}${CLOSING}]+|[${CLOSING}])[${CLOSING}]*`,
  'gu',
);

/** Terminal columns for help layout; loaded with the Chinese catalog only (English text is one column a char). */
let columnsOf: ((s: string) => number) | undefined;

/** Switches the catalog, and for CJK the column measure commander's help uses. main() calls it before program(). */
export async function loadLanguage(l: Lang): Promise<void> {
  await useLanguage(l);
  columnsOf = l === 'zh-CN' ? (await import('./width.js')).displayWidth : undefined;
}

/** commander's help settings in the current language (Command.configureHelp). */
export function helpConfiguration(): Partial<Help> {
  const h = t().cli.help;
  const titles = new Map<string, string>([
    ['Usage:', h.usageTitle],
    ['Arguments:', h.argumentsTitle],
    ['Options:', h.optionsTitle],
    ['Global Options:', h.globalOptionsTitle],
    ['Commands:', h.commandsTitle],
  ]);
  const withExtra = (description: string | undefined, extra: string[]): string => {
    if (extra.length === 0) return description ?? '';
    const joined = extra.join(h.extraInfoSeparator);
    return description ? h.withExtraInfo({ description, extra: joined }) : h.onlyExtraInfo({ extra: joined });
  };
  const config: Partial<Help> = {
    styleTitle: (title) => titles.get(title) ?? title,
    // The usage line's placeholders for options and a subcommand, in the reader's language.
    commandUsage(this: Help, cmd): string {
      return Help.prototype.commandUsage.call(this, cmd).replace('[options]', h.usageOptions).replace('[command]', h.usageCommand);
    },
    // The same placeholders in a command's list of subcommands (`deploy [options] <inventory>`, `help [command]`).
    subcommandTerm(this: Help, cmd): string {
      return Help.prototype.subcommandTerm.call(this, cmd).replace('[options]', h.usageOptions).replace('[command]', h.usageCommand);
    },
    // commander's own logic (help.js optionDescription), with its words from the catalog.
    optionDescription(option: Option): string {
      const extra: string[] = [];
      if (option.argChoices) extra.push(h.choicesInfo({ values: joinList(option.argChoices.map((c) => JSON.stringify(c))) }));
      const showDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
      if (option.defaultValue !== undefined && showDefault) {
        extra.push(h.defaultValueInfo({ value: option.defaultValueDescription || JSON.stringify(option.defaultValue) }));
      }
      if (option.presetArg !== undefined && option.optional) extra.push(h.presetInfo({ value: JSON.stringify(option.presetArg) }));
      if (option.envVar !== undefined) extra.push(h.envInfo({ name: option.envVar }));
      return withExtra(option.description, extra);
    },
    argumentDescription(argument: Argument): string {
      const extra: string[] = [];
      if (argument.argChoices) extra.push(h.choicesInfo({ values: joinList(argument.argChoices.map((c) => JSON.stringify(c))) }));
      if (argument.defaultValue !== undefined) {
        extra.push(h.defaultValueInfo({ value: argument.defaultValueDescription || JSON.stringify(argument.defaultValue) }));
      }
      return withExtra(argument.description, extra);
    },
  };
  return columnsOf ? { ...config, ...layoutByColumns(columnsOf, h.usageTitle) } : config;
}

/** Help laid out by terminal columns, for text with CJK characters (two columns each, no spaces between words). */
function layoutByColumns(columns: (s: string) => number, usageTitle: string): Partial<Help> {
  const config: Partial<Help> = {};
  config.displayWidth = columns;
  // commander wraps at spaces only; Chinese has none between words, so a CJK character is a chunk of its own.
  config.boxWrap = function (this: Help, str: string, width: number): string {
    if (width < this.minWidthToWrap || !WIDE.test(str)) return Help.prototype.boxWrap.call(this, str, width);
    return str
      .split(/\r\n|\n/)
      .map((line) => {
        const chunks = line.match(WRAP_CHUNK);
        if (!chunks) return '';
        const lines: string[] = [];
        let current = chunks.shift()!;
        let used = columns(current);
        for (const chunk of chunks) {
          const w = columns(chunk);
          if (used + w <= width) {
            current += chunk;
            used += w;
          } else {
            lines.push(current);
            current = chunk.trimStart();
            used = columns(current);
          }
        }
        lines.push(current);
        return lines.join('\n');
      })
      .join('\n');
  };
  // "用法：hasetup ...": a full-width colon carries its own space.
  config.formatHelp = function (this: Help, cmd, helper): string {
    const text = Help.prototype.formatHelp.call(this, cmd, helper);
    return usageTitle.endsWith('：') ? text.replace(`${usageTitle} `, usageTitle) : text;
  };
  return config;
}

// ---------------------------------------------------------------------------------------------------------
// commander's error messages, reworded from the catalog. commander builds them in English (lib/command.js); the
// English catalog holds the same words, so English output is unchanged. Unknown shapes keep commander's words.

const COMMANDER_ERRORS: [RegExp, (m: string[]) => string][] = [
  [/^unknown option '(.*)'$/s, ([flag]) => t().cli.commander.unknownOption({ flag: flag! })],
  [/^unknown command '(.*)'$/s, ([name]) => t().cli.commander.unknownCommand({ name: name! })],
  [/^missing required argument '(.*)'$/s, ([name]) => t().cli.commander.missingArgument({ name: name! })],
  [/^option '([^']*)' argument missing$/s, ([flags]) => t().cli.commander.optionMissingArgument({ flags: flags! })],
  [/^required option '(.*)' not specified$/s, ([flags]) => t().cli.commander.missingMandatoryOption({ flags: flags! })],
  [
    /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/s,
    ([command, expected, received]) =>
      command === undefined
        ? t().cli.commander.tooManyArguments({ expected: expected!, received: received! })
        : t().cli.commander.tooManyArgumentsFor({ command, expected: expected!, received: received! }),
  ],
  [
    /^option '([^']*)' argument '(.*)' is invalid\. (.*)$/s,
    ([flags, value, reason]) => t().cli.commander.invalidOptionValue({ flags: flags!, value: value!, reason: choicesReason(reason!) }),
  ],
  [
    /^command-argument value '(.*)' is invalid for argument '([^']*)'\. (.*)$/s,
    ([value, name, reason]) => t().cli.commander.invalidArgumentValue({ value: value!, name: name!, reason: choicesReason(reason!) }),
  ],
  [
    /^((?:option|environment variable) '[^']*') cannot be used with ((?:option|environment variable) '[^']*')$/s,
    ([first, second]) => t().cli.commander.conflictingOption({ first: optionRef(first!), second: optionRef(second!) }),
  ],
];

function choicesReason(reason: string): string {
  const m = /^Allowed choices are (.*)\.$/s.exec(reason);
  return m ? t().cli.commander.allowedChoices({ choices: m[1]! }) : reason;
}

function optionRef(ref: string): string {
  const m = /^(option|environment variable) '(.*)'$/s.exec(ref)!;
  return m[1] === 'option' ? t().cli.commander.optionRef({ flags: m[2]! }) : t().cli.commander.envVariableRef({ name: m[2]! });
}

/** One of commander's error texts ("error: ...\n", maybe a "(Did you mean ...?)" line) in the current language. */
export function translateCommanderError(text: string): string {
  const m = /^error: (.*?)(?:\n\(Did you mean (one of )?(.*)\?\))?\n$/s.exec(text);
  if (!m) return text;
  const [, body = '', oneOf, suggestion] = m;
  const rule = COMMANDER_ERRORS.map(([re, say]) => [re.exec(body), say] as const).find(([hit]) => hit);
  const said = rule ? rule[1](rule[0]!.slice(1)) : body;
  const didYouMean =
    suggestion === undefined
      ? ''
      : '\n' + (oneOf ? t().cli.commander.didYouMeanOneOf({ suggestions: suggestion }) : t().cli.commander.didYouMean({ suggestion }));
  return `${t().errors.errorLabel}${said}${didYouMean}\n`;
}
