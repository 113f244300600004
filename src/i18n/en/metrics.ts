// Messages of the metrics area (English, the reference catalog). Rules: docs/i18n.md.
export const metrics = {};
