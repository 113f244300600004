// Messages of the report area (English, the reference catalog). Rules: docs/i18n.md.
export const report = {};
