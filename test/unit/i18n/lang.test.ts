import { describe, expect, it } from 'vitest';
import { chooseLang, langArgument, langFromEnv, parseLang } from '../../../src/i18n/lang.js';
import { displayWidth, padEndColumns } from '../../../src/i18n/width.js';

describe('language selection', () => {
  it('reads --lang before the environment', () => {
    expect(chooseLang(['node', 'cli', 'status', '--lang', 'zh-CN'], { LANG: 'en_US.UTF-8' })).toEqual({ lang: 'zh-CN' });
    expect(chooseLang(['node', 'cli', '--lang=en', 'status'], { LC_ALL: 'zh_CN.UTF-8' })).toEqual({ lang: 'en' });
    expect(chooseLang(['node', 'cli', '--lang', 'fr'], {})).toEqual({ invalid: 'fr' });
  });

  it('ignores --lang after --', () => {
    expect(langArgument(['lab', 'ssh', 'node1', '--', 'echo', '--lang', 'zh'])).toBeUndefined();
  });

  it('follows LC_ALL, then LC_MESSAGES, then LANG', () => {
    expect(langFromEnv({ LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_ALL: '', LC_MESSAGES: 'zh_SG.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_Hans_CN.UTF-8' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_CN' })).toBe('zh-CN');
    expect(langFromEnv({ LANG: 'zh_TW.UTF-8' })).toBe('en');
    expect(langFromEnv({ LANG: 'zh_CNX' })).toBe('en');
    expect(langFromEnv({})).toBe('en');
  });

  it('accepts the usual spellings of a language', () => {
    expect(parseLang('zh_CN')).toBe('zh-CN');
    expect(parseLang('ZH-cn')).toBe('zh-CN');
    expect(parseLang('zh-Hans')).toBe('zh-CN');
    expect(parseLang('en')).toBe('en');
    expect(parseLang('zh-TW')).toBeUndefined();
  });
});

describe('terminal width', () => {
  it('counts a CJK character as two columns', () => {
    expect(displayWidth('主节点')).toBe(6);
    expect(displayWidth('VIP 漂移')).toBe(8);
    expect(padEndColumns('备用', 6)).toBe('备用  ');
    expect(displayWidth(padEndColumns('node1', 8))).toBe(8);
  });
});
