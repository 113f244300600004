// The message catalog: every sentence a person reads comes from here, in the chosen language.
// English is the reference catalog (en/); zh-CN/ must have the same keys and placeholders, checked by the
// compiler (type Catalog) and by test/unit/i18n/catalog.test.ts. docs/i18n.md explains the rules.
import { en, type Catalog } from './en/index.js';
import type { Lang } from './lang.js';

export type { Catalog } from './en/index.js';
export type { Lang } from './lang.js';

let current: Catalog = en;
let currentLang: Lang = 'en';
let zodLocalized = false;

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
  // zod's generic messages (an --answers file's fields) in the same language; zod is only loaded for Chinese or
  // when it was loaded before (start-up time, issue 14).
  if (l === 'zh-CN' || zodLocalized) {
    const z = await import('zod');
    z.config(l === 'zh-CN' ? z.locales.zhCN() : z.locales.en());
    zodLocalized = l === 'zh-CN';
  }
  currentLang = l;
}
