// Messages of the cli area: the program, options every command has, commander's own words. Rules: docs/i18n.md.
// The help titles and commander's errors below are commander 14's own English, word for word: English output
// goes through them too and must stay byte-identical (test/unit/commands/cli-lang.test.ts checks it).
export const cli = {
  programDescription:
    'Turn Linux servers running Tomcat into an active/standby pair behind a virtual IP (keepalived, VRRP), ' +
    'then prove the failover works by failing the master on purpose and measuring what clients see.',
  langOption: 'language of everything hasetup prints: en or zh-CN (default: from LC_ALL, LC_MESSAGES, LANG)',
  invalidLang: (p: { value: string }) => `--lang "${p.value}" is not a language hasetup speaks: use en or zh-CN`,
  timingsOption: 'print how long each phase took (start-up, connect, facts, ...) to stderr; also HASETUP_TIMINGS=1',
  runWithHelp: '(run with --help for usage)',
  /** Option values refused by the shared parsers (src/commands/args.ts); commander puts them after its own words. */
  expectedPositiveInt: 'expected a whole number from 1.',
  expectedWholeNumber: 'expected a whole number.',
  expectedPositiveSeconds: 'expected a positive number of seconds.',
  help: {
    usageTitle: 'Usage:',
    usageOptions: '[options]',
    usageCommand: '[command]',
    argumentsTitle: 'Arguments:',
    optionsTitle: 'Options:',
    globalOptionsTitle: 'Global Options:',
    commandsTitle: 'Commands:',
    helpOptionDescription: 'display help for command',
    helpCommandDescription: 'display help for command',
    versionOptionDescription: 'output the version number',
    /** The extra facts commander adds after an option's description: "(default: 8)". */
    defaultValueInfo: (p: { value: string }) => `default: ${p.value}`,
    choicesInfo: (p: { values: string }) => `choices: ${p.values}`,
    presetInfo: (p: { value: string }) => `preset: ${p.value}`,
    envInfo: (p: { name: string }) => `env: ${p.name}`,
    extraInfoSeparator: ', ',
    withExtraInfo: (p: { description: string; extra: string }) => `${p.description} (${p.extra})`,
    onlyExtraInfo: (p: { extra: string }) => `(${p.extra})`,
  },
  /** commander's error messages (the part after "error: "). */
  commander: {
    unknownOption: (p: { flag: string }) => `unknown option '${p.flag}'`,
    unknownCommand: (p: { name: string }) => `unknown command '${p.name}'`,
    missingArgument: (p: { name: string }) => `missing required argument '${p.name}'`,
    optionMissingArgument: (p: { flags: string }) => `option '${p.flags}' argument missing`,
    missingMandatoryOption: (p: { flags: string }) => `required option '${p.flags}' not specified`,
    conflictingOption: (p: { first: string; second: string }) => `${p.first} cannot be used with ${p.second}`,
    optionRef: (p: { flags: string }) => `option '${p.flags}'`,
    envVariableRef: (p: { name: string }) => `environment variable '${p.name}'`,
    tooManyArguments: (p: { expected: string; received: string }) =>
      `too many arguments. Expected ${p.expected} argument${p.expected === '1' ? '' : 's'} but got ${p.received}.`,
    tooManyArgumentsFor: (p: { command: string; expected: string; received: string }) =>
      `too many arguments for '${p.command}'. Expected ${p.expected} argument${p.expected === '1' ? '' : 's'} but got ${p.received}.`,
    invalidOptionValue: (p: { flags: string; value: string; reason: string }) =>
      `option '${p.flags}' argument '${p.value}' is invalid. ${p.reason}`,
    invalidArgumentValue: (p: { name: string; value: string; reason: string }) =>
      `command-argument value '${p.value}' is invalid for argument '${p.name}'. ${p.reason}`,
    allowedChoices: (p: { choices: string }) => `Allowed choices are ${p.choices}.`,
    didYouMean: (p: { suggestion: string }) => `(Did you mean ${p.suggestion}?)`,
    didYouMeanOneOf: (p: { suggestions: string }) => `(Did you mean one of ${p.suggestions}?)`,
  },
};
