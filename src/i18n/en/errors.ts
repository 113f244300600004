// Messages of the errors area (English, the reference catalog). Rules: docs/i18n.md.
export const errors = {};
