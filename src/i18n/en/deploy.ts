// Messages of the deploy area (English, the reference catalog). Rules: docs/i18n.md.
export const deploy = {};
