// Messages of the failover area (English, the reference catalog): the failover-test command, its scenarios,
// the runner's progress and errors, and what measure.ts says about a scenario (reasons, timeline, bounds).
// Rules: docs/i18n.md. Numbers arrive formatted ("0.070 s", "+0.020").
export const failover = {
  help: {
    summary: 'fail the master on purpose, measure how clients see it, restore, report',
    description:
      'Fails the master in several ways, one scenario at a time, and measures what a client sees: how long the\n' +
      "VIP takes to move (from the hosts' own address events), the longest client outage (HTTP requests to the\n" +
      'VIP over fresh connections every 10 ms), split brain, and the move back. Every failure is restored, also\n' +
      'on Ctrl-C or a lost SSH session (a timer on the host undoes it). Exit 0 only when every scenario passed.\n\n' +
      'Scenarios: keepalived-stop, tomcat-stop, tomcat-crash, tomcat-hang, keepalived-kill, network-loss (default:\n' +
      'all of these), host-crash (the master loses power: needs power commands in the inventory and\n' +
      '--allow-power-off) and reboot (only with --allow-reboot). master-crash is the old name of keepalived-kill.\n' +
      'A scenario passes only when the VIP moved away exactly once (and back once, with preemption). ERROR: it\n' +
      'could not be carried out (say, its failsafe could not be armed), and nothing was injected.\n' +
      'Exit codes: 0 every scenario passed, 1 a scenario failed or had an error, or a restore failed, 2 bad\n' +
      'input, 130 interrupted (Ctrl-C, SIGTERM or a hang-up: the current scenario is restored first).',
    inventoryArg: 'inventory file',
    clusterOption: 'the cluster to test (when the inventory holds several)',
    scenarioOption: 'comma-separated scenarios',
    maxOutageOption: 'a scenario fails when the client outage is longer',
    holdOption: 'how long the failure lasts after the VIP moved',
    networkLossOption: 'how long network-loss cuts the master off',
    moveTimeoutOption: 'how long to wait for the VIP to move',
    failsafeOption: 'after this long the master undoes a failure by itself, should hasetup be gone (default: the waits above + 60 s)',
    probePathOption: "the URL path the client probe requests (default: the cluster's health path)",
    probeFromOption:
      'run the client probe on this host of the cluster (over SSH) instead of here, where the VIP is only reachable from inside',
    allowRebootOption: 'allow the reboot scenario',
    allowPowerOffOption: "allow the host-crash scenario (cuts the master's power with its power.off command)",
    yesOption: 'do not ask for confirmation (this test is disruptive by design)',
    jsonOption: 'write the report as JSON',
    junitOption: 'write the report as JUnit XML',
    markdownOption: 'write the report as Markdown (for a change ticket)',
    parallelOption: 'hosts contacted at once',
  },
  refuse: {
    rebootNeedsAllowReboot: 'the reboot scenario needs --allow-reboot',
    hostCrashNeedsAllowPowerOff: 'the host-crash scenario cuts the power of the master: it needs --allow-power-off',
    probePathInvalid: (p: { hint: string }) => `--probe-path: ${p.hint}`,
    noCluster: (p: { file: string }) => `${p.file}: no cluster`,
    hostCrashNeedsPower: (p: { file: string; hosts: string; count: number }) =>
      `${p.file}: host-crash needs power commands for every host that can be master; ${p.hosts} ${p.count === 1 ? 'has' : 'have'} none`,
    hostCrashNeedsPowerHint: 'add power: { off: ..., on: ... } to the cluster or to each host (see inventories/example.yaml)',
    probeFromUnknownHost: (p: { host: string; cluster: string; hosts: string }) =>
      `--probe-from ${p.host}: cluster ${p.cluster} has no such host (it has ${p.hosts})`,
    confirmNeedsYes: 'failover-test stops services on the master on purpose: confirm with --yes when running without a terminal',
  },
  confirmDisruption: (p: { cluster: string; scenarios: string }) =>
    `This stops keepalived and Tomcat on the master of cluster ${p.cluster} several times (${p.scenarios}). Go on?`,
  progress: {
    interruptedRestoring: 'interrupted: restoring the current scenario, then stopping',
    noTomcatService: (p: { host: string }) => `${p.host}: no Tomcat service found; set tomcat.service in the inventory`,
    testingCluster: (p: { cluster: string; scenarios: string }) => `failover test of cluster ${p.cluster}: ${p.scenarios}`,
    measuringClockOffsets: 'measuring clock offsets between this machine and the hosts',
    scenarioNotHealthy: (p: { scenario: string; problems: string }) => `${p.scenario}: ERROR, not run: the cluster is not healthy: ${p.problems}`,
    scenarioOnHost: (p: { scenario: string; host: string }) => `${p.scenario}: on ${p.host}`,
    scenarioMeasured: (p: { scenario: string; verdict: string; vipMove: string; away: number; back: number; outage: string }) =>
      `${p.scenario}: ${p.verdict}: VIP moved in ${p.vipMove} (${p.away} away, ${p.back} back), client outage ${p.outage}`,
    scenarioReasonsSuffix: (p: { reasons: string }) => ` (${p.reasons})`,
    sessionLostRestored: (p: { host: string; scenario: string }) =>
      `the SSH session to ${p.host} was lost during ${p.scenario}; the failure was restored through a new session; ` +
      'the test stops here (check the network between this machine and the hosts, then run it again)',
    sessionLostRestoreFailed: (p: { host: string; scenario: string }) =>
      `the SSH session to ${p.host} was lost during ${p.scenario}; the restore failed too (see above); ` +
      'the test stops here (check the network between this machine and the hosts, then run it again)',
    restoreFailed: (p: { scenario: string; host: string; detail: string }) => `${p.scenario}: restore failed on ${p.host}: ${p.detail}`,
    vipDidNotMove: (p: { scenario: string; timeout: number }) => `${p.scenario}: the VIP did not move within ${p.timeout} s`,
    vipDidNotMoveNoCheckSuffix: ' (the keepalived configuration has no Tomcat check)',
  },
  stop: {
    interruptedAllRestored: 'failover test interrupted; every injected failure was restored',
    interruptedRestoreFailed: (p: { list: string }) => `failover test interrupted, and a restore failed:\n${p.list}`,
    interruptedRestoreItem: (p: { host: string; scenario: string; detail: string }) => `  - ${p.host}, ${p.scenario}: ${p.detail}`,
    interruptedRestoreFailedHint: 'check those hosts now (hasetup status); the failsafe timer on each host retries the restore by itself',
    precheckFailed: (p: { problems: string }) => `the cluster is not healthy, so no failure was injected:\n${p.problems}`,
    precheckHint: 'fix these first (hasetup status shows the cluster; hasetup deploy repairs a configuration)',
    noSingleVipHolder: 'no single VIP holder',
  },
  /** Why a scenario was not carried out, or what went wrong while it ran (the runner's words). */
  trouble: {
    notHealthyBefore: (p: { problems: string }) => `the cluster was not healthy before it:\n${p.problems}`,
    noPowerCommands: (p: { host: string }) => `${p.host} has no power commands in the inventory (power: off/on), so its power cannot be cut`,
    localFailsafeNotStarted: (p: { host: string; error: string }) =>
      `could not start the local failsafe that powers ${p.host} on again: ${p.error}; its power was not cut`,
    shDidNotStart: 'sh did not start',
    failsafeNotArmed: (p: { host: string; code: number; output: string }) =>
      `could not arm the failsafe timer on ${p.host} (exit ${p.code}: ${p.output}); nothing was injected`,
    noOutput: 'no output',
    powerOffFailed: (p: { host: string; code: number | null; output: string }) => `power off of ${p.host} failed (exit ${p.code}): ${p.output}`,
    injectFailed: (p: { host: string; code: number; output: string }) => `inject failed on ${p.host} (exit ${p.code}): ${p.output}`,
    restoreFailedOn: (p: { host: string; detail: string }) => `restore failed on ${p.host}: ${p.detail}`,
    powerOnFailed: (p: { code: number | null; output: string }) => `power on exited ${p.code}: ${p.output}; the local failsafe retries it`,
    failsafeNotDisarmed: (p: { seconds: number }) =>
      `could not disarm the failsafe (or check that it is gone): within ${p.seconds} s of the inject it may run the restore on a healthy master; check the host (systemctl list-timers 'hasetup-failsafe-*')`,
    restoreCommandFailed: (p: { command: string; code: number; output: string; failsafe: number }) =>
      `\`${p.command}\` exited ${p.code}: ${p.output}; its failsafe timer on the host retries it within ${p.failsafe} s`,
    noSshAfterReboot: (p: { host: string; timeout: number }) => `${p.host} did not answer SSH again within ${p.timeout} s after the reboot`,
    noSshAfterPowerCut: (p: { host: string; timeout: number }) => `${p.host} did not answer SSH again within ${p.timeout} s after the power cut`,
    sessionLostDuringFailure: (p: { host: string }) => `the SSH session to ${p.host} was lost while the failure was in place`,
    noTomcatCheck: 'the keepalived configuration on the master has no Tomcat check: a Tomcat failure cannot move the VIP',
    notSettled: (p: { window: string; timeout: number }) =>
      `the cluster did not become healthy and stay so for ${p.window} s within ${p.timeout} s after restore`,
  },
  /** Separates the parts of a scenario's error and the reasons on a progress line. */
  reasonSeparator: '; ',
  scenarios: {
    keepalivedStop: 'stop keepalived on the master (graceful: it sends a priority-0 goodbye advert)',
    tomcatStop: (p: { service: string }) => `stop the ${p.service} service on the master`,
    tomcatCrash: "SIGKILL Tomcat's java process on the master",
    tomcatHang: "SIGSTOP Tomcat's java process (alive, not answering): only an HTTP check sees it",
    keepalivedKill: 'SIGKILL every keepalived process on the master (no goodbye advert; the host and Tomcat stay up)',
    networkLoss: (p: { iface: string; seconds: number }) =>
      `cut the master's ${p.iface} off for ${p.seconds} s: every packet in and out (VRRP, clients, ARP) is dropped, ` +
      `except hasetup's SSH session; loopback is untouched; a timer on the host lifts it by itself`,
    hostCrash: "cut the master's power (its power.off command): no shutdown, no goodbye advert, no hooks",
    reboot: 'reboot the master (only with --allow-reboot)',
    aliasRenamed: (p: { old: string; now: string }) => `scenario ${p.old} is now called ${p.now} (it kills keepalived only; host-crash cuts the power)`,
    unknownScenario: (p: { names: string; known: string }) => `unknown scenario ${p.names}; known: ${p.known}`,
    noScenarioGiven: 'no scenario given',
  },
  /** Why a scenario failed (measure.ts). */
  reason: {
    notCarriedOut: (p: { why: string }) => `not carried out: ${p.why}`,
    didNotRunCleanly: (p: { error: string }) => `the scenario did not run cleanly: ${p.error}`,
    noInjectMarker: "no 'inject' marker was recorded: the failure was never injected, nothing could be measured",
    vipNeverMoved: (p: { vip: string; master: string }) =>
      `the VIP ${p.vip} never moved: no other host added it after the failure was injected on ${p.master}`,
    flappedAway: (p: { master: string; count: number }) =>
      `the VIP moved away from ${p.master} ${p.count} times (once is right): it flapped; the timeline shows each move`,
    flappedBack: (p: { master: string; count: number }) =>
      `the VIP moved back to ${p.master} ${p.count} times (once is right): it flapped; the timeline shows each move`,
    movedBackDespiteNopreempt: (p: { master: string; count: number }) =>
      `with nopreempt the VIP should have stayed where it went, but it moved back to ${p.master} ${p.count} time(s)`,
    noProbes: 'no probe requests were recorded between inject and restore: what clients saw is unknown',
    outageTooLong: (p: { outage: string; allowed: string }) => `clients saw an outage of ${p.outage}, more than the ${p.allowed} allowed`,
    neverAnsweredAgain: (p: { from: string }) => `clients got no successful answer again from ${p.from} s to the end of the recording`,
    failbackOutageTooLong: (p: { outage: string; allowed: string }) =>
      `clients saw an outage of ${p.outage} during failback, more than the ${p.allowed} allowed`,
    neverAnsweredAfterFailback: (p: { from: string }) =>
      `clients got no successful answer again after failback from ${p.from} s to the end of the recording`,
    notBackOnMaster: (p: { master: string; holders: string }) =>
      `with preemption the VIP should have gone back to ${p.master} after restore, but at the end ${p.holders} held it`,
    noHost: 'no host',
    splitBrain: (p: { hosts: string; vip: string; total: string; grace: string }) =>
      `split brain: ${p.hosts} held ${p.vip} at the same time for ${p.total} in all (overlaps up to ${p.grace} are a normal hand-over)`,
    sessionLost: (p: { master: string }) =>
      `the SSH session to ${p.master} was lost while the failure was in place: the recording is incomplete, no verdict`,
  },
  /** Joins host names: "node1 and node2". */
  hostsAnd: ' and ',
  /** Timeline events (measure.ts). */
  timeline: {
    injected: (p: { scenario: string; master: string }) => `inject: ${p.scenario} on ${p.master}`,
    markerRestore: 'restore',
    markerSettled: 'settled',
    markerFailbackSettled: 'failback-settled',
    vipAdded: (p: { host: string; vip: string }) => `${p.host} added ${p.vip}`,
    vipRemoved: (p: { host: string; vip: string }) => `${p.host} removed ${p.vip}`,
    vipNowOnAway: (p: { host: string; count: number }) => `VIP now on ${p.host} (move away ${p.count})`,
    vipNowOnBack: (p: { host: string; count: number }) => `VIP now on ${p.host} (move back ${p.count})`,
    /** A probe error or the answering host, after an event: " (ECONNREFUSED)". */
    detailSuffix: (p: { detail: string }) => ` (${p.detail})`,
    probeFirstFailure: (p: { suffix: string }) => `probe: first failure${p.suffix}`,
    probeFailuresAgain: (p: { suffix: string }) => `probe: failures again${p.suffix}`,
    probeRecovered: (p: { suffix: string; duration: string; failed: number }) =>
      `probe: first success after outage${p.suffix}: ${p.duration} without service, ${p.failed} failed`,
    /** The probe's own errors (recorded as data in English, like ECONNREFUSED; src/experiment/probe.ts). */
    probeTimedOut: (p: { ms: number }) => `timeout after ${p.ms} ms`,
    probeNoAnswer: 'no answer',
    probeNeverRecovered: 'probe: no success until the end of the recording',
    probeAnsweredBy: (p: { host: string }) => `probe: now answered by ${p.host}`,
    probeFailbackFailures: (p: { suffix: string }) => `probe: failures during failback${p.suffix}`,
    probeSuccessAgain: (p: { suffix: string }) => `probe: success again${p.suffix}`,
    healedBeforeRestore: (p: { master: string }) => `${p.master} took the VIP back before the restore (the failure healed by itself)`,
    isolatedMasterHolds: (p: { master: string; vip: string }) =>
      `${p.master} is cut off and still holds ${p.vip} (expected; not counted as split brain)`,
    splitBrainBoth: (p: { hosts: string; vip: string }) => `split brain: ${p.hosts} both hold ${p.vip}`,
    splitBrainAll: (p: { hosts: string; vip: string }) => `split brain: ${p.hosts} all hold ${p.vip}`,
    splitBrainStillOn: (p: { duration: string }) => `split brain still on at the end of the recording (${p.duration})`,
    splitBrainOver: (p: { duration: string }) => `split brain over (${p.duration})`,
  },
  /** The theoretical bound on the VIP move and how it follows from the timing (measure.ts, docs/timing.md). */
  bound: {
    skewV3: (p: { backupPriority: number; advertInt: number; skew: string }) =>
      `skew time (256 - ${p.backupPriority}) / 256 x advert_int ${p.advertInt} s = ${p.skew}`,
    skewV2: (p: { backupPriority: number; skew: string }) => `skew time (256 - ${p.backupPriority}) / 256 s = ${p.skew} (VRRPv2)`,
    masterDown: (p: { advertInt: number; skewWords: string; down: string }) =>
      `Master_Down = 3 x advert_int ${p.advertInt} s + ${p.skewWords} = ${p.down}`,
    checkTimeout: (p: { timeout: number }) => `timeout ${p.timeout} s`,
    checkTimeoutAssumed: (p: { timeout: number }) => `timeout ${p.timeout} s (assumed: keepalived's default is the interval)`,
    keepalivedStop: (p: { skewWords: string }) => `A graceful stop sends a priority-0 advert; the backup takes over after the ${p.skewWords}.`,
    keepalivedKill: (p: { downWords: string }) =>
      `A killed keepalived sends nothing; the backup takes over when its down timer expires: ${p.downWords}.`,
    hostCrash: (p: { downWords: string }) =>
      `A master without power sends nothing; the backup takes over when its down timer expires: ${p.downWords}.`,
    networkLoss: (p: { downWords: string }) =>
      `The backup stops hearing adverts and takes over when its down timer expires: ${p.downWords}. The isolated master keeps the VIP until the network is back.`,
    reboot: (p: { skewWords: string; downWords: string }) =>
      `A clean shutdown stops keepalived, which sends a priority-0 advert (${p.skewWords}); ` +
      `if the host goes away before that, the backup waits for ${p.downWords}. The bound is the latter.`,
    tomcatStopped: 'A stopped Tomcat',
    tomcatKilled: 'A killed Tomcat',
    seenByTrackProcess: (p: { what: string; skewWords: string }) =>
      `${p.what} is seen at once by track_process (kernel process events); then the ${p.skewWords}.`,
    seenByWatchdog: (p: { what: string; interval: number; skewWords: string }) =>
      `${p.what} is seen by the watchdog within 2 x its interval ${p.interval} s (it feeds track_file); then the ${p.skewWords}.`,
    seenByVrrpScript: (p: { what: string; interval: number; fall: number; skewWords: string }) =>
      `${p.what} is seen by the vrrp_script after interval ${p.interval} s x fall ${p.fall}; then the ${p.skewWords}.`,
    hangByWatchdog: (p: { fall: number; timeout: number; assumed: string; interval: number; skewWords: string }) =>
      `A hung Tomcat still has its process, so only HTTP checks see it: the watchdog needs fall ${p.fall} x (its request timeout ` +
      `${p.timeout} s${p.assumed} + its interval ${p.interval} s); then the ${p.skewWords}.`,
    hangTimeoutAssumed: ' (assumed one interval)',
    hangByCheck: (p: { interval: number; fall: number; timeoutWords: string; skewWords: string }) =>
      `A hung Tomcat still has its process, so only the HTTP check sees it: interval ${p.interval} s x fall ${p.fall} ` +
      `plus the check's ${p.timeoutWords}; then the ${p.skewWords}.`,
  },
  powerStatusDisagrees: (p: { want: string; status: string }) => `the command exited 0 but power.status never said ${p.want}: ${p.status || '(no output)'}`,
  confirmPowerCommands: (p: { host: string; commands: string }) => `host-crash runs these commands here for ${p.host}:\n${p.commands}`,
};
