// Messages of the init area (English, the reference catalog). Rules: docs/i18n.md.
export const init = {};
