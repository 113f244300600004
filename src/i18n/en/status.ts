// Messages of the status area: the status command and its view (src/cluster/status-view.ts). English, the
// reference catalog. Rules: docs/i18n.md. --json output never comes from here (it is data).
export const status = {
  help: {
    summary: 'keepalived state, priority, VIP holder, Tomcat health and recent state changes per host',
    description:
      'Reads every host of each cluster (nothing is changed): whether keepalived runs and in which VRRP state,\n' +
      'its priority, which host holds each VIP, whether Tomcat answers its health check, and the last state\n' +
      'changes (recorded by the notify script hasetup deploys), the generation each host is on (and whether\n' +
      'they differ: an interrupted deploy; hasetup deploy or rollback puts them on one), maintenance mode, a\n' +
      'priority lowered by a switchover, and alert deliveries that failed. --json prints the same as JSON;\n' +
      '--watch refreshes it.',
    inventoryArg: 'inventory file',
    clusterOption: 'only this cluster',
    jsonOption: 'print JSON',
    watchOption: 'refresh in place every few seconds (default 2) until Ctrl-C',
    parallelOption: 'hosts contacted at once',
  },
  watchNotPositive: '--watch: expected a positive number of seconds',
  watchHeader: (p: { time: string; every: string }) => `${p.time}  (every ${p.every} s, Ctrl-C to stop)`,
  clusterHeading: (p: { cluster: string }) => `cluster ${p.cluster}`,
  table: {
    host: 'host',
    keepalived: 'keepalived',
    vrrpState: 'VRRP state',
    priority: 'priority',
    holdsVip: 'holds VIP',
    tomcat: 'Tomcat',
    generation: 'generation',
    dayTwo: 'day two',
    lastStateChanges: 'last state changes',
  },
  keepalivedRunning: 'running',
  keepalivedStopped: 'stopped',
  hostUnreachable: 'unreachable',
  holdsNoVip: 'no',
  generationNone: 'none',
  generationInterrupted: (p: { id: string }) => ` (interrupted: ${p.id})`,
  agoSeconds: (p: { n: string }) => `${p.n} s ago`,
  agoMinutes: (p: { n: string }) => `${p.n} min ago`,
  agoHours: (p: { n: string }) => `${p.n} h ago`,
  agoDays: (p: { n: string }) => `${p.n} days ago`,
  /** Between the items of a cell (state changes, day-two notes). */
  listSeparator: ', ',
  dayTwoMaintenance: 'maintenance',
  dayTwoLowered: (p: { by: string }) => `lowered ${p.by} (switchover)`,
  dayTwoAlertFailures: (p: { count: number }) => `${p.count} alert failures`,
  dayTwoNotDeployed: 'not deployed',
  vipLine: (p: { vip: string; holders: string; verdict: string }) => `VIP ${p.vip}: ${p.holders} (${p.verdict})`,
  vipOk: 'ok',
  vipNoHolder: 'no holder',
  vipSplitBrain: 'SPLIT BRAIN',
  vipNobody: 'nobody',
  hostOnGeneration: (p: { host: string; generation: string }) => `${p.host} ${p.generation}`,
  generationsDiffer: (p: { hosts: string }) =>
    `the hosts are on DIFFERENT generations (${p.hosts}): run hasetup deploy, or hasetup rollback, to put them on one`,
  generationEverywhere: (p: { generation: string }) => `generation: ${p.generation} on every host`,
  generationNoneRecorded: 'none recorded',
  alertDeliveriesFailed: (p: { host: string; count: number; last: string }) => `${p.host}: ${p.count} alert deliveries failed; last: ${p.last}`,
};
