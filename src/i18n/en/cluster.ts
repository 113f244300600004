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

  // --- the lock per cluster (src/cluster/lock.ts) -------------------------------------------------------------
  lockHolder: (p: { command: string; cluster: string; user: string; adminHost: string; pid: string; since: string }) =>
    `${p.command} of cluster ${p.cluster}, run by ${p.user} on ${p.adminHost} (pid ${p.pid}) since ${p.since}`,
  lockHolderUnknown: (p: { text: string }) => `a holder that wrote: ${p.text}`,
  lockHolderUnwritten: 'a run that has not written its name yet',
  lockHeld: (p: { cluster: string; host: string; file: string; holder: string }) =>
    `cluster ${p.cluster} is locked by another run: ${p.holder} (${p.file} on ${p.host}); nothing was changed`,
  lockStillHeld: (p: { cluster: string; host: string; file: string; holder: string; seconds: string }) =>
    `cluster ${p.cluster} is still locked after waiting ${p.seconds} s: ${p.holder} (${p.file} on ${p.host}); nothing was changed`,
  lockHeldHint:
    'let that run finish, or pass --wait SECONDS to wait for it; a run that ended or was killed frees its lock at once, so a lock is always held by a live run',
  lockWaiting: (p: { host: string; holder: string; seconds: string }) => `${p.host}: locked by ${p.holder}; waiting up to ${p.seconds} s`,
  lockWaitInterrupted: (p: { cluster: string }) => `interrupted while waiting for the lock of cluster ${p.cluster}; nothing was changed`,
  lockFailed: (p: { host: string; cluster: string; error: string }) => `${p.host}: could not take the lock of cluster ${p.cluster}; nothing was changed: ${p.error}`,
  lockFailedOutput: (p: { code: string; output: string }) => `exit ${p.code}: ${p.output}`,
  lockNoOutput: 'no output',
  lockLost: (p: { host: string; cluster: string }) => `${p.host}: the lock of cluster ${p.cluster} was lost (its holder on the host ended); another run may start`,
  waitOption: 'when another run holds the cluster\'s lock, wait up to this many seconds for it (default: refuse at once)',
};
