// Messages of the cli area: the program, options every command has, commander's own words. Rules: docs/i18n.md.
export const cli = {
  langOption: 'language of everything hasetup prints: en or zh-CN (default: from LC_ALL, LC_MESSAGES, LANG)',
  invalidLang: (p: { value: string }) => `--lang "${p.value}" is not a language hasetup speaks: use en or zh-CN`,
};
