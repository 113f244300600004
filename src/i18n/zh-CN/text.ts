// text 区域（简体中文）：列表的连接方式（src/i18n/text.ts）。中文列表用顿号，不用 ", "。规则见 docs/i18n.md。
import type { Catalog } from '../en/index.js';

export const text: Catalog['text'] = {
  listSeparator: '、',
  alternativesSeparator: ' 或 ',
};
