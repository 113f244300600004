// How lists and spaces are written in the reader's language, in one place (docs/i18n.md, "Lists and spaces").
// Lists: English "node1, node2", Chinese "node1、node2" (the catalog's `text` area holds the separators).
// Spaces in Chinese: one space between a Chinese character and a Latin word or number ("VIP 漂移到 node2"), none
// between two Chinese characters and none next to full-width punctuation ("应为整数", "错误：node1").
import { t } from './index.js';

/** A list as the reader's language writes it: `node1, node2` / `node1、node2`. */
export function joinList(items: readonly (string | number)[]): string {
  return items.join(t().text.listSeparator);
}

/** Alternatives: `eth0 or eth1` / `eth0 或 eth1`. */
export function joinAlternatives(items: readonly (string | number)[]): string {
  return items.join(t().text.alternativesSeparator);
}

export { spaceBetween, zh } from './spacing.js';
