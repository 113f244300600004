// Messages of failover-test's precheck beyond cluster health (day-two state). Rules: docs/i18n.md.
export const precheck = {
  hostInMaintenance: (p: { host: string }) =>
    `${p.host}: in maintenance mode, so it may not become master and a failover could not go to it; end it first (hasetup maintenance INVENTORY ${p.host} off)`,
};
