// Messages of the remote area (English, the reference catalog). Rules: docs/i18n.md.
export const remote = {};
