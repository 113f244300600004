// Messages of the facts area (English, the reference catalog). Rules: docs/i18n.md.
export const facts = {};
