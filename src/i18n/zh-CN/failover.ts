// failover 区域的消息（简体中文）。规则见 docs/i18n.md。
import type { Catalog } from '../en/index.js';

export const failover: Catalog['failover'] = {};
