// Messages of the status area (English, the reference catalog). Rules: docs/i18n.md.
export const status = {};
