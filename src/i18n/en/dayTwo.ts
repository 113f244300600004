// Messages of the dayTwo area (English, the reference catalog). Rules: docs/i18n.md.
export const dayTwo = {};
