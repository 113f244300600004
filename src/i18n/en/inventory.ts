// Messages of the inventory area (English, the reference catalog). Rules: docs/i18n.md.
export const inventory = {};
