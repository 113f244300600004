// cli 区域的消息（简体中文）。规则见 docs/i18n.md。
import type { Catalog } from '../en/index.js';

export const cli: Catalog['cli'] = {
  langOption: 'hasetup 输出所用的语言：en 或 zh-CN（默认取自 LC_ALL、LC_MESSAGES、LANG）',
  invalidLang: (p) => `--lang "${p.value}" 不是 hasetup 支持的语言：请使用 en 或 zh-CN`,
};
