// Messages of the dayTwo area (English, the reference catalog): the switchover and maintenance commands, their
// plans (src/day-two/plan.ts), the move (src/day-two/run.ts) and its result lines (src/day-two/format.ts).
// Rules: docs/i18n.md. Seconds arrive formatted (`0.123 s`, or `-` when not measured).
export const dayTwo = {
  // --help of switchover and maintenance (single line breaks become spaces: src/cli.ts)
  switchoverSummary: 'move the VIP to another healthy host on purpose, with no failed request',
  switchoverDescription:
    'Moves the VIP to another host without stopping anything: the holder lowers its own priority below the\n' +
    "target's through a track file keepalived watches (/var/lib/hasetup/CLUSTER/standby.track), the target\n" +
    'claims the VIP, and the old holder answers until then. Default target: the highest-priority host fit to\n' +
    'take it. Refuses, changing nothing, when the target is unhealthy (Tomcat not answering, keepalived not\n' +
    'running, in maintenance). Measures what clients saw with the probe of failover-test (HTTP GETs to the\n' +
    'VIP every 10 ms over fresh connections) and prints the VIP move time, failed requests and outage.\n\n' +
    'The move is durable: the lowered priority stays on disk (keepalived restarts and reboots keep it) until\n' +
    '`switchover --to ORIGINAL` or `--reset`. With vrrp.preempt off the holder has to step down (FAULT for a\n' +
    'moment), which costs a short outage. README, section "Day two".',
  maintenanceSummary: 'take a host out of the set that may hold the VIP (on), or put it back (off)',
  maintenanceDescription:
    'on: the host may no longer become MASTER (keepalived FAULT through /var/lib/hasetup/CLUSTER/maintenance.track);\n' +
    'when it holds the VIP it hands it over first, as switchover does (no failed request). It stays so across\n' +
    'keepalived restarts and reboots until `off`. off: the host rejoins; with preemption it takes the VIP back\n' +
    'when it has the highest priority. `hasetup status` shows it. README, section "Day two".',
  inventoryFileArg: 'inventory file',
  maintenanceHostArg: 'the host',
  maintenanceStateArg: 'on or off',
  clusterNameOption: 'the cluster (when the inventory holds several)',
  switchoverToOption: 'the host that is to hold the VIP (default: the highest-priority healthy backup)',
  switchoverResetOption: 'put every priority back as the inventory says (the VIP goes to the highest)',
  switchoverMoveTimeoutOption: 'how long to wait for the VIP to move before putting everything back',
  maintenanceMoveTimeoutOption: 'how long to wait for the VIP to move',
  switchoverJsonOption: 'write the result as JSON',
  hostsAtOnceOption: 'hosts contacted at once',

  // bad input (exit 2)
  toAndResetExclusive: "--to and --reset exclude each other: --reset is --to the inventory's master",
  inventoryHasNoCluster: (p: { file: string }) => `${p.file}: no cluster`,
  unknownTargetHost: (p: { to: string; cluster: string; hosts: string }) =>
    `--to ${p.to}: cluster ${p.cluster} has no such host (it has ${p.hosts})`,
  unknownMaintenanceHost: (p: { host: string; cluster: string; hosts: string }) =>
    `cluster ${p.cluster} has no host ${p.host} (it has ${p.hosts})`,
  expectedOnOrOff: (p: { value: string }) => `expected on or off, got ${p.value}`,
  noClusterHasHost: (p: { file: string; host: string }) => `${p.file}: no cluster has a host ${p.host}`,
  hostInSeveralClusters: (p: { host: string }) => `${p.host} is in several clusters: name one with --cluster`,

  // why a host cannot take the VIP
  unfitUnreachable: 'not reachable',
  unfitKeepalivedStopped: 'keepalived is not running',
  unfitInMaintenance: 'in maintenance',
  unfitTomcatDown: 'Tomcat does not answer its health check',

  // refusals (exit 1, nothing changed)
  trackFilesNotDeployed: (p: { hosts: string }) =>
    `${p.hosts}: the deployed keepalived config has no switchover/maintenance track files`,
  deployAddsTrackFilesHint: 'run hasetup deploy with this version first (it adds them without restarting anything)',
  noHostHoldsVip: (p: { cluster: string }) => `cluster ${p.cluster}: no host holds the VIP`,
  splitBrainHolders: (p: { cluster: string; hosts: string }) => `cluster ${p.cluster}: ${p.hosts} hold the VIP (split brain)`,
  /** Between the hosts of splitBrainHolders. */
  holdersJoiner: ' and ',
  fixClusterFirstHint: 'hasetup status shows the cluster; fix it before moving the VIP on purpose',
  holderUnreachable: (p: { host: string }) => `${p.host} holds the VIP but is not reachable`,
  noHostFitForVip: (p: { cluster: string }) => `cluster ${p.cluster}: no host is fit to hold the VIP`,
  noOtherHostCanTake: (p: { cluster: string; reasons: string }) => `cluster ${p.cluster}: no other host can take the VIP (${p.reasons})`,
  /** One item of noOtherHostCanTake's reasons. */
  hostUnfitBecause: (p: { host: string; reason: string }) => `${p.host}: ${p.reason}`,
  /** Between the items of noOtherHostCanTake's reasons. */
  reasonsJoiner: '; ',
  nothingChangedHint: 'nothing was changed',
  targetCannotTakeVip: (p: { host: string; reason: string }) => `${p.host} cannot take the VIP: ${p.reason}`,
  nothingChangedSeeStatusHint: 'nothing was changed; hasetup status shows the cluster',
  maintenanceHostUnreachable: (p: { host: string }) => `${p.host} is not reachable: its maintenance state is on its disk`,
  maintenanceTrackNotDeployed: (p: { host: string }) => `${p.host}: the deployed keepalived config has no maintenance track file`,
  deployThisVersionHint: 'run hasetup deploy with this version first',

  // plan notes (progress lines)
  targetHoldsVipAlready: (p: { host: string }) => `${p.host} holds the VIP already`,
  preemptOffHolderStepsDown:
    'preempt is off: the holder steps down (FAULT) and the target takes over after its skew time: expect a short outage',
  preemptOffHostStepsDown:
    'preempt is off: the host steps down (FAULT) and a backup takes over after its skew time: expect a short outage',
  hostNotInMaintenance: (p: { host: string }) => `${p.host} is not in maintenance`,
  hostInMaintenanceAlready: (p: { host: string }) => `${p.host} is in maintenance already`,

  // progress and warnings of the move
  switchoverStep: (p: { cluster: string; from: string; to: string }) => `switchover of cluster ${p.cluster}: ${p.from} -> ${p.to}`,
  handingOverFirst: (p: { host: string; to: string }) => `${p.host} holds the VIP: handing it over to ${p.to} first`,
  trackFileWritten: (p: { host: string; file: string; value: string }) => `${p.host}: ${p.file} track file = ${p.value}`,
  trackFileWriteFailed: (p: { host: string; file: string; code: string; stderr: string }) =>
    `${p.host}: writing the ${p.file} track file failed (exit ${p.code}): ${p.stderr}`,
  cannotHoldVip: (p: { host: string; reason: string }) =>
    `${p.host}: cannot hold the VIP through the hand-over (${p.reason}): requests in flight at the switch may fail`,
  noNftOnHost: 'no nft on the host',
  holdCommandExit: (p: { code: string }) => `exit ${p.code}`,
  vipDidNotReachTarget: (p: { host: string; seconds: string }) =>
    `the VIP did not reach ${p.host} within ${p.seconds}: putting the track files back`,
  interruptedLiftingHold: 'interrupted: lifting the hand-over hold, then stopping',
  interruptedHoldLifted: 'interrupted: the hold was lifted; the track files stay as written (hasetup status shows where the VIP is)',
  notTakenBackInTime: (p: { host: string; seconds: string }) => `${p.host} did not take the VIP back within ${p.seconds}: see hasetup status`,
  switchoverInterrupted: 'switchover interrupted',
  maintenanceInterrupted: 'maintenance interrupted',

  // result lines (stdout)
  holdsVipNothingMoved: (p: { host: string; cluster: string }) => `${p.host} holds the VIP of cluster ${p.cluster}; nothing moved`,
  holdsVipPrioritiesWritten: (p: { host: string; cluster: string }) =>
    `${p.host} holds the VIP of cluster ${p.cluster} (priorities written so that it stays there); nothing moved`,
  maintenanceIsOn: (p: { host: string }) => `${p.host}: maintenance on`,
  maintenanceIsOff: (p: { host: string }) => `${p.host}: maintenance off`,
  /** Appended to maintenanceIsOn/maintenanceIsOff. */
  vipHolderAfterMaintenance: (p: { host: string }) => `; ${p.host} holds the VIP`,
  vipDidNotMove: (p: { from: string; to: string }) =>
    `the VIP did not move from ${p.from} to ${p.to}: every track file was put back, ${p.from} keeps it`,
  vipMovedIn: (p: { from: string; to: string; seconds: string }) => `VIP moved ${p.from} -> ${p.to} in ${p.seconds}`,
  clientRequestsResult: (p: { failed: string; total: string; outage: string }) =>
    `client requests: ${p.failed} failed of ${p.total}, longest outage ${p.outage}`,
  oldHolderDropNotSeen: (p: { from: string }) => `${p.from} was not seen dropping the VIP`,
  oldHolderDroppedAfter: (p: { from: string; to: string; seconds: string }) =>
    `${p.from} dropped the VIP ${p.seconds} after ${p.to} had it (host clocks, measured offsets)`,
  oldHolderDroppedBefore: (p: { from: string; to: string; seconds: string }) =>
    `${p.from} dropped the VIP ${p.seconds} before ${p.to} had it (host clocks, measured offsets)`,
};
