// Messages of the deploy area: the deploy command, its plan, preflight, activation and verification, and the
// generations it records (English, the reference catalog). Rules: docs/i18n.md.
// Step names (`steps`) are shown in progress lines and errors; the firewall steps are also recorded in English
// in the generation manifests on the hosts (planners/firewall.ts), which is why they come from this catalog.
export const deploy = {
  help: {
    summary: 'install and configure keepalived and the Tomcat checks on every host, then verify',
    description:
      'For each cluster of the inventory: connect to every host (host keys verified), gather facts, refuse on\n' +
      'what would break (missing interface, Tomcat not answering, VIP used by another machine, VRID taken),\n' +
      'install keepalived when absent, open VRRP in the firewall, render keepalived.conf and the check scripts,\n' +
      'validate them on every host, then activate: the master first, the backups only once the master is\n' +
      'healthy. When any of that fails, every host goes back to the generation it ran before (backups first)\n' +
      'and deploy exits 1. A deploy that changed anything records one generation on every host (see rollback).\n' +
      'Finally it verifies that exactly one host holds each VIP and HTTP through it answers.',
    inventoryArg: 'inventory file (see hasetup validate, README "Inventory")',
    clusterOption: 'deploy only this cluster',
    dryRunOption: 'connect and gather facts, print the diff of every file and the commands; change nothing',
    parallelOption: 'hosts handled at once',
    jsonOption: 'write the result as JSON',
  },

  // --- what the command prints -----------------------------------------------------------------------------
  roleMaster: 'master',
  roleBackup: 'backup',
  dryRunHostHeading: (p: { host: string; role: string; priority: number; changes: string }) => `--- ${p.host} (${p.role}, priority ${p.priority}): ${p.changes}`,
  dryRunFilesWouldChange: (p: { count: number }) => `${p.count} file(s) would change`,
  dryRunNothingWouldChange: 'nothing would change',
  dryRunCommandsHeading: 'commands that would run:',
  dryRunNothingChanged: (p: { cluster: string }) => `dry run: nothing was changed on any host of cluster ${p.cluster}`,
  resultTable: {
    host: 'host',
    role: 'role',
    priority: 'priority',
    files: 'files',
    vrrpState: 'VRRP state',
    holdsVip: 'holds VIP',
    tomcat: 'Tomcat',
    result: 'result',
  },
  filesChangedCount: (p: { count: number }) => `changed (${p.count})`,
  filesUnchanged: 'unchanged',
  holdsVipYes: 'yes',
  holdsVipNo: 'no',
  failedAtStep: (p: { step: string }) => `failed at ${p.step}`,
  hostOk: 'ok',
  clusterHeading: (p: { cluster: string }) => `cluster ${p.cluster}`,
  nothingChanged: 'nothing changed: every host already had this configuration; nothing was restarted',
  generationRecordedEverywhere: (p: { generation: string }) => `generation ${p.generation} recorded on every host`,
  vipHeldBy: (p: { vip: string; holders: string }) => `VIP ${p.vip}: held by ${p.holders}`,
  vipHeldByNoHost: 'no host',
  clientsDuringChange: (p: { failed: number; requests: number; story: string }) =>
    `clients during the change: ${p.failed} of ${p.requests} requests to the VIP failed; ${p.story}`,
  clientsVipStayed: (p: { host: string }) => `the VIP stayed on ${p.host}`,
  clientsVipMoved: (p: { path: string }) => `the VIP moved ${p.path}`,
  clientsTwoHolders: (p: { seconds: string }) => `; two hosts held it at once for ${p.seconds} s`,
  clientsNotMeasured: (p: { vip: string }) => `clients during the change: not measured (no request to ${p.vip} was answered from this machine)`,
  httpThroughVipAnswered: (p: { http: string }) => `, HTTP through it: ${p.http}`,
  problemLine: (p: { problem: string }) => `problem: ${p.problem}`,
  deployedAndVerified: (p: { cluster: string }) => `cluster ${p.cluster}: deployed and verified`,
  notVerified: (p: { cluster: string }) => `cluster ${p.cluster}: NOT verified`,

  // --- progress ---------------------------------------------------------------------------------------------
  connecting: (p: { cluster: string; hosts: string }) => `cluster ${p.cluster}: connecting to ${p.hosts}`,
  gatheringFacts: 'gathering facts',
  applyingGeneration: (p: { id: string }) => `applying generation ${p.id}`,

  // --- preflight --------------------------------------------------------------------------------------------
  preflightNoTomcatService: (p: { host: string }) =>
    `${p.host}: no Tomcat service found (tomcat10, tomcat9, tomcat or a unit running catalina); set tomcat.service`,
  preflightTomcatNotAnswering: (p: { host: string; expected: string; url: string; got: string }) =>
    `${p.host}: Tomcat does not answer ${p.expected} at ${p.url} (got ${p.got}); start it, or fix tomcat.port / health_path`,
  preflightVipInUse: (p: { vip: string; cluster: string }) =>
    `the VIP ${p.vip} already answers on the network but no host of cluster ${p.cluster} holds it: another machine uses this address; choose a free one`,
  preflightRefused: (p: { cluster: string; problems: string }) => `preflight refused cluster ${p.cluster}; nothing was changed:\n${p.problems}`,
  preflightPassed: 'preflight passed',
  vridNoPerl: (p: { host: string; vrid: number }) =>
    `${p.host}: no perl to listen for VRRP adverts with; make sure VRID ${p.vrid} is unused on this segment`,
  vridTaken: (p: { vrid: number; host: string; sources: string }) =>
    `another VRRP router already uses virtual_router_id ${p.vrid} on the segment of ${p.host} (adverts from ${p.sources}); nothing was changed`,
  vridTakenHint: (p: { used: string }) => `choose another virtual_router_id (in use there: ${p.used})`,
  keepalivedTooOld: (p: { version: string; what: string; min: string }) =>
    `keepalived ${p.version} ${p.what}; hasetup needs ${p.min} or later (track_file, which carries the Tomcat watchdog's verdict and the stop hooks, came in 2.0.0)`,
  keepalivedIsInstalled: 'is installed',
  keepalivedIsCandidate: 'is what its package manager would install',
  keepalivedIsShipped: 'is what this distribution ships',
  keepalivedTooOldRefused: (p: { host: string; why: string }) => `${p.host}: ${p.why}; nothing was changed on any host`,
  keepalivedTooOldHint: (p: { min: string; host: string }) =>
    `install keepalived ${p.min} or later on ${p.host} (EL7 ships 1.3.5: use EL8 or later, or a newer keepalived package), then deploy again`,

  // --- the plan (planners/) ---------------------------------------------------------------------------------
  unknownHost: (p: { cluster: string; host: string }) => `cluster ${p.cluster} has no host ${p.host}`,
  unknownHostHint: 'check the host name against the inventory',
  interfaceMissing: (p: { host: string; iface: string }) => `${p.host}: interface ${p.iface} does not exist on the host`,
  interfaceMissingHint: (p: { interfaces: string }) => `set hosts[].interface to one of: ${p.interfaces}`,
  noInterfaceHoldsAddress: (p: { host: string; address: string }) => `${p.host}: no interface holds ${p.address}`,
  noInterfaceHoldsAddressHint: (p: { host: string; interfaces: string }) =>
    `set hosts[].interface for ${p.host} in the inventory (the host has: ${p.interfaces})`,
  hostHasNoAddresses: 'no addresses',
  noTomcatUnit: (p: { host: string }) => `${p.host}: no Tomcat unit found (looked for tomcat10, tomcat9, tomcat and units running catalina)`,
  noTomcatUnitHint: 'set tomcat.service in the inventory',
  noPackageManager: (p: { host: string; packages: string }) => `${p.host}: ${p.packages} missing and no apt, dnf or yum on the host`,
  noPackageManagerHint: (p: { packages: string }) => `install ${p.packages} by hand, then deploy again`,
  /** Joins package names in the two messages above ("keepalived and curl"). */
  packagesAnd: ' and ',
  unicastNeedsOwnIpv4: (p: { host: string; iface: string }) => `${p.host}: unicast VRRP needs an IPv4 address on ${p.iface}`,
  unicastNeedsOwnIpv4Hint: 'give hosts[].address as an IPv4 address',
  unicastNeedsPeerIpv4: (p: { hosts: string }) => `unicast VRRP needs IPv4 addresses; ${p.hosts}`,
  unicastHostHasAddress: (p: { host: string; address: string }) => `${p.host} has ${p.address}`,
  unicastNeedsPeerIpv4Hint: 'give hosts[].address as IPv4 addresses, or set vrrp.unicast: false',
  authIgnoredV3: 'vrrp.auth is ignored with VRRP version 3 (keepalived supports authentication only in version 2)',
  authNoPassword: (p: { cluster: string }) => `cluster ${p.cluster}: vrrp.auth is set but no password was given`,
  authNoPasswordHint: 'set the environment variable or file named in vrrp.auth',
  authBadPassword: 'the VRRP password holds a character keepalived.conf cannot carry, or more than 8',
  authBadPasswordHint: 'use 1 to 8 letters, digits and simple punctuation',
  vipLabelTooLong: (p: { cidr: string; label: string }) => `VIP ${p.cidr}: the label ${p.label} is longer than 15 characters`,
  vipLabelTooLongHint: 'use a shorter vips[].label',
  emailClash: (p: { host: string; cluster: string; email: string; other: string; otherEmail: string }) =>
    `${p.host}: cluster ${p.cluster} sends keepalived's mail ${p.email}, cluster ${p.other} on the same host ${p.otherEmail}; ` +
    `keepalived has one set of mail settings per host (global_defs in /etc/keepalived/keepalived.conf), so one would be dropped; nothing was changed`,
  emailClashHint: 'give every cluster on this host the same alerts.email (or leave it out where it is not wanted: only clusters that set it send mail)',
  trackProcessInContainer: (p: { virtualization: string }) =>
    `track_process is on but the host is a container (${p.virtualization}): keepalived cannot receive process events outside the initial network namespace and would sit in FAULT; not configured, the watchdog and HTTP check cover Tomcat`,
  trackProcessTooOld: (p: { version: string }) => `track_process is on but keepalived ${p.version} is older than 2.0.11; not configured`,
  versionUnknown: '(unknown)',
  watchdogNeedsBash: 'bash is missing: the watchdog needs it',
  firewallNeedsIpv4: (p: { firewall: string; addresses: string }) =>
    `the ${p.firewall} firewall needs the peers' IPv4 addresses to let VRRP in, not ${p.addresses}`,
  firewallNeedsIpv4Hint: 'give hosts[].address as IPv4 addresses',
  nftablesNotPersistent: 'nftables: the VRRP rule was added to the running ruleset only; add it to /etc/nftables.conf to keep it after a reboot',
  iptablesNotPersistent:
    'iptables: the VRRP rule was added to the running rules only (no netfilter-persistent, no /etc/sysconfig/iptables); save the rules to keep it after a reboot',

  // --- secrets ----------------------------------------------------------------------------------------------
  passEnvUnset: (p: { cluster: string; variable: string }) => `cluster ${p.cluster}: the VRRP password variable ${p.variable} is not set`,
  passEnvUnsetHint: (p: { variable: string }) => `export ${p.variable}=... before running hasetup (the value is never printed)`,
  passFileUnreadable: (p: { cluster: string; file: string }) => `cluster ${p.cluster}: cannot read the VRRP password file ${p.file}`,
  passInvalid: (p: { cluster: string }) =>
    `cluster ${p.cluster}: the VRRP password must be 1 to 8 letters, digits or simple punctuation (no space, quote, #, !, braces or backslash)`,
  passInvalidHint: 'VRRPv2 PASS authentication carries at most 8 characters, in clear text: it guards against mistakes, not attacks',

  // --- steps (what runs on a host; shown in progress lines and in "host: step: ..." errors) -----------------
  steps: {
    refreshPackageIndex: 'refresh the package index',
    installPackages: (p: { packages: string }) => `install ${p.packages}`,
    createScriptUser: (p: { user: string }) => `create the system user ${p.user}`,
    createDirectories: 'create directories (root-owned, as script security requires)',
    selinuxBoolean: 'SELinux: let keepalived checks connect to Tomcat',
    selinuxContexts: 'SELinux: restore file contexts',
    enableWatchdog: 'enable the watchdog at boot',
    restartWatchdog: 'restart the watchdog',
    startWatchdog: 'start the watchdog',
    enableMetricsTimer: 'enable the metrics timer at boot',
    restartMetricsTimer: 'restart the metrics timer',
    startMetricsTimer: 'start the metrics timer',
    enableKeepalived: 'enable keepalived at boot',
    startKeepalived: 'start keepalived',
    reloadKeepalived: 'reload keepalived (VIPs stay up)',
    reloadUnits: 'reload systemd units',
    createRuntimeDirs: 'create runtime directories',
    removeOldTomcatDropin: (p: { path: string }) => `remove this cluster's own Tomcat drop-in ${p.path} (the unit's one zz-hasetup.conf runs every cluster's hooks now)`,
    validateConfig: 'validate the keepalived config',
    /** `what` is firewallVrrpFrom or firewallVrrpFromTo below. */
    firewalldAllow: (p: { what: string }) => `firewalld: allow ${p.what}`,
    firewalldAllowInZone: (p: { what: string; zone: string }) => `firewalld: allow ${p.what} in zone ${p.zone}`,
    ufwAllowBeforeRules: (p: { version: string; what: string; file: string }) => `ufw ${p.version}: allow ${p.what} in ${p.file} (this ufw has no proto vrrp)`,
    ufwAllow: (p: { what: string }) => `ufw: allow ${p.what}`,
    nftablesAllow: (p: { what: string }) => `nftables: allow ${p.what}`,
    iptablesAllow: (p: { what: string }) => `iptables: allow ${p.what}`,
    iptablesAllowSaved: (p: { what: string; persistence: string }) => `iptables: allow ${p.what} (saved with ${p.persistence})`,
    firewallVrrpFrom: (p: { peer: string }) => `VRRP from ${p.peer}`,
    firewallVrrpFromTo: (p: { peer: string; dst: string }) => `VRRP from ${p.peer} to ${p.dst}`,
    recordPrevious: 'record the files as they were',
    recordGeneration: (p: { id: string }) => `record generation ${p.id}`,
    writeFiles: 'write files',
    validate: 'validate',
    verifyUnits: 'verify units',
    dropNewGeneration: 'drop the new generation',
    masterHealth: 'master health',
    stage: 'stage',
    activate: 'activate',
    activateTestFault: 'activate (HASETUP_TEST_FAULT)',
    commit: 'commit',
    recordCurrent: (p: { id: string }) => `record generation ${p.id} as current`,
    notActivated: 'not activated',
    deploy: 'deploy',
    run: 'run',
    readGenerations: 'read generations',
    restoreGeneration: (p: { id: string }) => `restore generation ${p.id}`,
    activateGeneration: (p: { id: string }) => `activate generation ${p.id}`,
  },

  // --- activation and putting hosts back --------------------------------------------------------------------
  stepFailed: (p: { code: string; output: string }) => `failed (exit ${p.code}): ${p.output}`,
  noOutput: 'no output',
  writeFailed: (p: { code: string; output: string; undone: string }) => `failed (exit ${p.code}): ${p.output}; ${p.undone}`,
  validateRejected: (p: { undone: string; output: string }) => `keepalived rejected the new configuration; ${p.undone}:\n${p.output}`,
  validateRejectedHint: 'nothing was activated; fix the inventory value the message points at and deploy again',
  unitsRejected: (p: { undone: string; output: string }) => `systemd-analyze verify found a problem; ${p.undone}:\n${p.output}`,
  backOnGeneration: (p: { host: string; id: string }) => `${p.host} is back on generation ${p.id}`,
  backOnGenerationActivated: (p: { host: string; id: string }) => `${p.host} is back on generation ${p.id} (activated)`,
  putBackFailed: (p: { host: string; id: string; error: string }) => `putting ${p.host} back on generation ${p.id} FAILED: ${p.error}`,
  backupsNotActivated: (p: { problem: string }) => `${p.problem}; the backups were not activated`,
  notOnGenerationBecauseOther: (p: { host: string; id: string }) => `${p.host}: not on generation ${p.id} because another host failed`,
  generationNotActivated: (p: { id: string; reverted: string }) => `generation ${p.id} was not activated; put back, backups first: ${p.reverted}`,
  generationMissing: (p: { host: string; id: string; dir: string }) => `${p.host}: its recorded generation ${p.id} is missing from ${p.dir}; nothing was changed`,
  generationMissingHint: (p: { host: string; path: string }) => `to start over from the files as they are on ${p.host}, remove ${p.path} there`,
  restoreFailedBeforeAnyFile: 'before any file',
  restoreFailedAt: (p: { file: string; command: string }) => `file ${p.file}, command: ${p.command}`,
  restoreFailed: (p: { where: string; code: string; output: string }) => `failed at ${p.where} (exit ${p.code}): ${p.output}`,
  restoreFailedNothingChanged: (p: { where: string; code: string; output: string }) =>
    `failed at ${p.where} (exit ${p.code}) (nothing was changed on this host): ${p.output}`,

  // --- the master's health after activation, and verification ----------------------------------------------
  masterNotLookedAt: 'no look at it yet',
  masterNotReachable: (p: { error: string }) => `not reachable (${p.error})`,
  masterKeepalivedNotRunning: 'keepalived is not running',
  masterInFault: 'keepalived is in FAULT',
  masterNotHoldingVip: (p: { state: string }) => `it does not hold the VIP (VRRP state ${p.state})`,
  masterAfterActivation: (p: { problem: string }) => `after activation, ${p.problem}`,
  stateUnexpected: (p: { host: string; state: string; want: string }) => `${p.host}: keepalived is ${p.state}, expected ${p.want}`,
  httpThroughVipWrong: (p: { url: string; http: string; expected: string }) => `HTTP through the VIP (${p.url}) answered ${p.http}, expected ${p.expected}`,

  // --- dry-run diff headers ---------------------------------------------------------------------------------
  diffOnHost: (p: { path: string }) => `${p.path} (on the host)`,
  diffPlanned: (p: { path: string }) => `${p.path} (planned)`,

  // --- interrupted (Ctrl-C, SIGTERM, SIGHUP: docs/generations.md) ----------------------------------------------
  interruptedFinishing: 'interrupted: finishing or undoing the step in flight, so that every host ends on one generation (a few seconds)',
  interruptedNothingChanged: (p: { cluster: string }) => `deploy interrupted before anything was changed on cluster ${p.cluster}`,
  interruptedOn: (p: { cluster: string; where: string }) => `deploy interrupted; cluster ${p.cluster}: ${p.where}; not verified (hasetup status shows the cluster)`,
  everyHostOnGeneration: (p: { id: string }) => `every host is on generation ${p.id}`,
  hostsOnGenerations: (p: { list: string }) => `the hosts are on ${p.list}`,
};
