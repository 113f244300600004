// Messages of the lab area (English, the reference catalog): `hasetup lab` and its subcommands, the lab's
// progress and errors, and the comments of the inventory `lab up --inventory` writes. Rules: docs/i18n.md.
export const lab = {
  help: {
    labSummary: 'run real servers on this machine to try hasetup on (Linux, root)',
    labDescription: (p: { releases: string }) =>
      'A lab of real Debian servers on this machine: systemd-nspawn containers that boot systemd, with sshd,\n' +
      'keepalived and Tomcat, on a private bridge (198.18.0.0/15) reachable from this shell.\n' +
      `Releases: ${p.releases}; a lab may mix them (one per host).\n` +
      "Each release's image is built once with mmdebstrap (under a minute) and cached under /var/lib/hasetup/images.",
    upDescription: 'start a lab (builds the image first when it is not cached)',
    upNameOption: 'lab name: several labs can run at once',
    hostsOption: 'number of hosts (2 to 8)',
    bareOption: 'hosts without keepalived and Tomcat; an offline apt repository inside each host can install them',
    inventoryOption: 'write an inventory for this lab (for `hasetup deploy FILE`)',
    upReleaseOption: "Debian release of the hosts, or one per host separated by commas (bookworm,trixie); default: this machine's own",
    firewallOption: (p: { firewalls: string }) =>
      `boot the hosts with this firewall on and a default-deny input policy (SSH and :8080 allowed): ${p.firewalls}`,
    upMirrorOption: "Debian mirror for the image build (default: this machine's apt sources)",
    downDescription: 'stop a lab and remove everything it made (containers, mounts, cgroups, namespaces, veths)',
    nameOption: 'lab name',
    downAllOption: 'take down every lab on this machine',
    statusDescription: 'hosts, addresses, and whether sshd, keepalived and Tomcat run on each',
    statusAllOption: 'every lab on this machine',
    jsonOption: 'print JSON',
    sshDescription: "open a shell (or run CMD) on a lab host, with host-key checking against the lab's known_hosts",
    hostArgument: 'host name (node1, node2, ...)',
    cmdArgument: 'command to run instead of a shell',
    powerDescription:
      "a lab host's power switch, for crash drills (the host-crash scenario): off cuts the power at once (every\n" +
      'process stops at the same instant, the NIC is unplugged: no shutdown, no goodbye); on boots it again like a\n' +
      "server after a power cut; status prints on or off. off prints the instant of the cut as 'power-off-at: EPOCH'.",
    actionArgument: 'off, on or status',
    actionInvalid: 'expected on, off or status.',
    imageDescription: 'build the lab image of a release now (up does it when needed); --rebuild replaces a cached one',
    imageReleaseOption: (p: { releases: string }) => `release, or several separated by commas (default: this machine's own): ${p.releases}`,
    imageBareOption: 'also the base layer bare hosts boot from',
    rebuildOption: 'build again even when cached',
    imageMirrorOption: "Debian mirror (default: this machine's apt sources)",
  },

  /** What the lab commands print. */
  out: {
    labIsUp: (p: { name: string; seconds: string }) => `lab ${p.name} is up in ${p.seconds} s`,
    inventoryWritten: (p: { file: string }) => `inventory written to ${p.file}`,
    labIsDown: (p: { name: string }) => `lab ${p.name} is down`,
    noLabUp: 'no lab is up',
    labLine: (p: { name: string; subnet: string; key: string }) => `lab ${p.name}: ${p.subnet}, key ${p.key}`,
    labLineBare: (p: { name: string; subnet: string; key: string }) => `lab ${p.name}: ${p.subnet} (bare), key ${p.key}`,
    labLineFirewall: (p: { name: string; subnet: string; firewall: string; key: string }) =>
      `lab ${p.name}: ${p.subnet}, firewall ${p.firewall}, key ${p.key}`,
    labLineBareFirewall: (p: { name: string; subnet: string; firewall: string; key: string }) =>
      `lab ${p.name}: ${p.subnet} (bare), firewall ${p.firewall}, key ${p.key}`,
    headHost: 'host',
    headAddress: 'address',
    headRelease: 'release',
    headSystem: 'system',
    hostStopped: 'stopped',
    httpNoAnswer: 'no answer',
    /** systemd's words for a host (is-system-running) and a unit (is-active), as the table shows them; others as they are. */
    states: { running: 'running', degraded: 'degraded', starting: 'starting', active: 'active', activating: 'activating', inactive: 'inactive', failed: 'failed' },
    powerAlreadyOff: (p: { host: string }) => `${p.host}: power is already off`,
    poweredOff: (p: { host: string }) => `${p.host}: power off`,
    powerAlreadyOn: (p: { host: string }) => `${p.host}: power is already on`,
    poweredOn: (p: { host: string }) => `${p.host}: power on (booting)`,
    imageReady: (p: { suite: string; dir: string }) => `lab image (${p.suite}): ${p.dir}`,
    upSummary: (p: { name: string; subnet: string; admin: string; vip: string }) =>
      `lab ${p.name}: subnet ${p.subnet}, this machine is ${p.admin}, free VIP ${p.vip}`,
    sshHint: (p: { command: string }) => `ssh: ${p.command}`,
    sshHintOr: (p: { command: string }) => `  or: ${p.command}`,
  },

  /** Progress while a lab comes up, goes down, or its image is built. */
  progress: {
    cleaningUp: (p: { name: string }) => `cleaning up what a previous lab ${p.name} left behind`,
    starting: (p: { name: string; hosts: number; releases: string; subnet: string }) =>
      `starting lab ${p.name}: ${p.hosts} hosts (${p.releases}) on ${p.subnet}`,
    startingBare: ' (bare: no keepalived, no Tomcat)',
    startingFirewall: (p: { firewall: string }) => `, firewall ${p.firewall} (default deny)`,
    waitingForSshd: 'waiting for sshd on every host',
    waitingForSshdAndTomcat: 'waiting for sshd and Tomcat on every host',
    didNotComeUp: (p: { name: string }) => `lab ${p.name} did not come up; removing what was made`,
    notUp: (p: { name: string }) => `lab ${p.name} is not up`,
    takingDown: (p: { name: string }) => `taking lab ${p.name} down`,
    waitingForImageBuild: (p: { suite: string }) => `waiting for another hasetup process that is building the ${p.suite} lab image`,
    removingOldImage: (p: { suite: string; dir: string }) => `removing the ${p.suite} image of an older recipe (${p.dir})`,
    packagesFetched: (p: { count: string; seconds: string }) => `packages fetched: ${p.count} (${p.seconds} s)`,
    packagesFetchedOf: (p: { count: string; total: number; seconds: string }) => `packages fetched: ${p.count} of ${p.total} (${p.seconds} s)`,
    buildStep: (p: { step: string; seconds: string }) => `${p.step} (${p.seconds} s)`,
    buildingImage: (p: { suite: string; log: string }) =>
      `building the ${p.suite} lab image (one mmdebstrap pass, under a minute; once); log: ${p.log}`,
    buildingBase: (p: { suite: string }) => `building the ${p.suite} base layer for bare hosts from the offline repository (once)`,
  },

  /** Errors of the lab (exit 2 for bad input, else a failure naming the host and the step). */
  error: {
    labNotUp: (p: { name: string }) => `lab ${p.name} is not up`,
    labNotUpHint: (p: { name: string }) => `start it with: hasetup lab up --name ${p.name}`,
    noSuchHost: (p: { lab: string; host: string; hosts: string }) => `lab ${p.lab} has no host ${p.host}; it has ${p.hosts}`,
    noSuchHostInLayout: (p: { lab: string; host: string; hosts: string }) => `lab ${p.lab} has no host ${p.host} (it has ${p.hosts})`,
    invalidLabName: (p: { name: string }) => `invalid lab name ${p.name}: use 1 to 10 lower-case letters and digits, starting with a letter`,
    hostCount: (p: { max: number; given: number }) => `--hosts must be a whole number from 2 to ${p.max}, not ${p.given}`,
    linuxOnly: 'the lab runs on Linux only (systemd-nspawn, network namespaces)',
    needsRoot: 'the lab needs root (it creates network namespaces, mounts and containers)',
    needsRootHint: 'run it as root, for example with sudo',
    missingTool: (p: { tool: string; pkg: string }) => `${p.tool} (package ${p.pkg})`,
    missingTools: (p: { tools: string }) => `missing on this machine: ${p.tools}`,
    alreadyUp: (p: { name: string }) => `lab ${p.name} is already up`,
    alreadyUpHint: (p: { name: string }) => `use it, or take it down first: hasetup lab down --name ${p.name}`,
    nspawnDidNotStart: (p: { host: string }) => `${p.host}: systemd-nspawn did not start`,
    nspawnExited: (p: { host: string; console: string }) => `${p.host}: systemd-nspawn exited at once:\n${p.console}`,
    stoppedWhileBootingSeeLog: (p: { host: string; log: string }) => `${p.host}: the container stopped while booting; see ${p.log}`,
    stoppedWhileBooting: (p: { host: string }) => `${p.host}: the container stopped while booting`,
    sshdTimeout: (p: { host: string; address: string; log: string }) => `${p.host}: sshd did not answer on ${p.address}:22 within 60 s; see ${p.log}`,
    tomcatTimeout: (p: { host: string; address: string }) => `${p.host}: Tomcat did not answer on ${p.address}:8080 within 90 s`,
    noFreeSubnet: 'no free lab subnet: take a lab down first',
    unknownOwnRelease: "cannot tell this machine's release from /etc/os-release (no VERSION_CODENAME)",
    noAptSource: (p: { suite: string }) => `no apt source for ${p.suite} found in /etc/apt/sources.list or /etc/apt/sources.list.d`,
    noAptSourceHint: 'name a mirror with --mirror URL',
    imageInUse: (p: { dir: string }) => `the lab image ${p.dir} cannot be built again while labs that use it are up`,
    imageInUseHint: 'take them down first: hasetup lab down --all',
    releaseNotOnMirror: (p: { suite: string; mirror: string; url: string; status: string }) =>
      `Debian ${p.suite} cannot be fetched from the mirror ${p.mirror} (${p.url}: ${p.status}): no ${p.suite} lab image`,
    releaseNotOnMirrorHint: (p: { suite: string }) => `give a mirror that serves ${p.suite} with --mirror URL (old releases move to Debian's archive)`,
    buildToolMissing: (p: { tool: string }) => `${p.tool} is not installed: the lab image cannot be built`,
    buildToolMissingHint: 'apt-get install mmdebstrap dpkg-dev (or run scripts/setup.sh)',
    buildFailed: (p: { what: string; log: string; tail: string }) => `the ${p.what} build failed; the last lines of ${p.log}:\n${p.tail}`,
    buildFailedHint: 'check that this machine reaches its Debian mirror (apt-get update), or give --mirror URL',
    imageWhat: (p: { suite: string }) => `${p.suite} lab image`,
    baseWhat: (p: { suite: string }) => `${p.suite} base layer`,
    firewallUnknown: (p: { value: string; firewalls: string }) => `--firewall ${p.value} is not one of ${p.firewalls}`,
    firewallUnknownHint: 'or leave --firewall out for hosts without one',
    firewallStepFailed: (p: { host: string; step: string; code: string; output: string }) => `${p.host}: ${p.step} failed (exit ${p.code}):\n${p.output}`,
    firewallInstalling: (p: { packages: string }) => `installing ${p.packages} from the offline repository`,
    firewallEnabling: (p: { units: string }) => `enabling ${p.units}`,
    noFreezer: (p: { host: string }) => `${p.host}: no cgroup v2 freezer for this host: the lab cannot cut its power at one instant on this machine`,
    processesSurvived: (p: { host: string }) => `${p.host}: some processes of the host did not end after SIGKILL`,
    releaseCountMismatch: (p: { releases: number; hosts: number }) => `--release names ${p.releases} releases for ${p.hosts} hosts`,
    releaseCountMismatchHint: (p: { first: string }) => `name one release for every host, or one for all of them (--release ${p.first})`,
    releaseNameInvalid: (p: { name: string }) => `--release: ${p.name} is not a release name`,
    releaseUseOneOf: (p: { releases: string }) => `use one of ${p.releases}`,
    releaseNotBuilt: (p: { name: string }) => `--release: the lab does not build ${p.name} hosts`,
    releaseNotBuiltHint: (p: { releases: string; own: string }) => `use one of ${p.releases} (or this machine's own release, ${p.own})`,
  },

  /** Comments in the inventory `lab up --inventory` writes (keys and values stay as they are). */
  yaml: {
    header: (p: { name: string }) => `hasetup inventory for lab "${p.name}" (written by: hasetup lab up --inventory).`,
    headerReference: 'Reference: README.md, section "Inventory". Validate with: hasetup validate <this file>',
    vrid: 'unique per network segment (1-255)',
    timing: 'fast | standard | conservative: VRRP advert interval and check timing',
    vipAddress: "the virtual IP clients use, with the subnet's prefix",
    healthPath: 'the lab page names its host: the failover probe tells who answered',
    power: "the lab's power switch, for failover-test --allow-power-off (host-crash)",
    knownHosts: 'host keys the lab generated: checking stays on',
    bareHosts: "bare lab: deploy installs keepalived from the lab's offline repository",
  },
};
