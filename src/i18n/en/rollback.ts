// Messages of the rollback area (English, the reference catalog). Rules: docs/i18n.md.
export const rollback = {};
