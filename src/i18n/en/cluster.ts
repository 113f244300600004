// Messages of the cluster area: what is wrong with a cluster as observed (src/cluster/). English, the reference
// catalog. Rules: docs/i18n.md.
export const cluster = {
  /** An HTTP answer recorded as 'no answer' / 'unknown' (data in JSON), as a person reads it. */
  httpNoAnswer: 'no answer',
  httpUnknown: 'unknown',
  /** keepalived states of our own making (MASTER/BACKUP/FAULT/STOP are keepalived's and stay as they are). */
  stateStopped: 'STOPPED',
  stateUnknown: 'unknown',
  hostNotReachable: (p: { host: string; error: string }) => `${p.host}: not reachable (${p.error})`,
  keepalivedNotRunning: (p: { host: string }) => `${p.host}: keepalived is not running`,
  tomcatAnswersWrong: (p: { host: string; answer: string; where: string; expected: string }) =>
    `${p.host}: Tomcat answers ${p.answer} on port ${p.where} (expected ${p.expected})`,
  noHostHoldsVip: (p: { vip: string }) => `no host holds the VIP ${p.vip}`,
  splitBrain: (p: { hosts: string; vip: string }) => `split brain: ${p.hosts} hold the VIP ${p.vip} at the same time`,
  /** Joins the hosts of a split brain ("node1 and node2"). */
  splitBrainAnd: ' and ',
  wrongVipHolder: (p: { holder: string; vip: string; expected: string }) => `${p.holder} holds the VIP ${p.vip}, expected ${p.expected}`,
};
