// Messages of the lab area (English, the reference catalog). Rules: docs/i18n.md.
export const lab = {};
