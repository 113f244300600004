// Messages of the failover area (English, the reference catalog). Rules: docs/i18n.md.
export const failover = {};
