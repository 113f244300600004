// The message catalog: every sentence a person reads comes from here, in the chosen language.
// English is the reference catalog (en/); zh-CN/ must have the same keys and placeholders, checked by the
// compiler (type Catalog) and by test/unit/i18n/catalog.test.ts. docs/i18n.md explains the rules.
import { en, type Catalog } from './en/index.js';
import type { Lang } from './lang.js';

export type { Catalog } from './en/index.js';
export type { Lang } from './lang.js';

let current: Catalog = en;
let currentLang: Lang = 'en';

/** The catalog of the current language: `t().deploy.activated({ host })`. */
export function t(): Catalog {
  return current;
}

export function lang(): Lang {
  return currentLang;
}

/** Switch language. Only English is loaded at start-up; Chinese is imported when asked for. */
export async function useLanguage(l: Lang): Promise<void> {
  current = l === 'zh-CN' ? (await import('./zh-CN/index.js')).zhCN : en;
  currentLang = l;
}
