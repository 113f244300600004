// Which language hasetup speaks: --lang on any command, else the locale environment, else English.
// Machine-readable output (JSON keys, JUnit test-case names, scenario ids, exit codes) never depends on it.
// docs/i18n.md says how catalogs are written and checked.

export const LANGS = ['en', 'zh-CN'] as const;
export type Lang = (typeof LANGS)[number];

/** `en`, `zh-CN` and the spellings admins type for them (`zh_CN`, `zh`, `zh-Hans`); anything else is undefined. */
export function parseLang(value: string): Lang | undefined {
  const v = value.trim().toLowerCase().replace(/_/g, '-');
  if (v === 'en' || v.startsWith('en-')) return 'en';
  if (v === 'zh' || v === 'zh-cn' || v === 'zh-sg' || v === 'zh-hans' || v.startsWith('zh-hans-')) return 'zh-CN';
  return undefined;
}

/**
 * The POSIX order: the first of LC_ALL, LC_MESSAGES, LANG that is set decides. zh_CN.*, zh_SG.* and zh_Hans*
 * mean Simplified Chinese; every other locale (C, POSIX, en_US.UTF-8, de_DE, zh_TW...) means English.
 */
export function langFromEnv(env: NodeJS.ProcessEnv): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  if (!locale) return 'en';
  return /^zh_(CN|SG)([.@]|$)|^zh[-_]Hans/i.test(locale) ? 'zh-CN' : 'en';
}

/** The raw value of `--lang X` / `--lang=X` anywhere before a `--`, or undefined. Read before commander runs,
 *  because help texts are built in the chosen language. */
export function langArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a === '--lang') return argv[i + 1] ?? '';
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}

export type LangChoice = { lang: Lang } | { invalid: string };

export function chooseLang(argv: readonly string[], env: NodeJS.ProcessEnv): LangChoice {
  const arg = langArgument(argv);
  if (arg === undefined) return { lang: langFromEnv(env) };
  const lang = parseLang(arg);
  return lang ? { lang } : { invalid: arg };
}
