// Messages of the cluster area (English, the reference catalog). Rules: docs/i18n.md.
export const cluster = {};
