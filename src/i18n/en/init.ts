// Messages of the init area (English, the reference catalog): `hasetup init`'s help, the wizard's prompts,
// checks and summary, the flag path's errors, and the comments of the inventory it writes. Rules: docs/i18n.md.
export const init = {
  help: {
    initSummary: 'ask about the hosts, check every answer on them, and write a commented inventory',
    initDescription:
      'Write an inventory after checking each answer against the real hosts: connect to each host (its host key\n' +
      'is shown on first contact and stored in the inventory\'s known_hosts once you trust it), read what is there\n' +
      '(OS, interfaces, keepalived, Tomcat), then the interface, a VIP in the subnet that nobody answers on, a VRID\n' +
      'not heard on the segment, master and priorities, unicast or multicast, the timing preset with its failover\n' +
      'bound, and a Tomcat health check tried live on every host. Nothing is written before the end.\n' +
      'Without a terminal, or with --yes, nothing is asked: every answer comes from its flag or --answers FILE\n' +
      '(YAML/JSON, the long flag names as keys) or its default; missing required values exit 2 and are all listed.\n' +
      'Host keys are never trusted by default: on that path pass --trust-fingerprint for each new host key.',
    answersOption: 'answers as YAML or JSON; flags win over it',
    yesOption: 'ask nothing: take the default for every answer not given',
    outputOption: 'inventory file to write (default inventory.yaml)',
    forceOption: 'overwrite the output file when it exists (without a terminal)',
    clusterOption: 'cluster name',
    hostOption: 'a host as [NAME=]ADDRESS[:PORT]; repeat for each host (at least two)',
    userOption: 'SSH user for every host (default root)',
    sshPortOption: 'SSH port for every host (default 22)',
    keyOption: 'SSH private key file (default ~/.ssh/id_ed25519)',
    agentOption: 'log in with the keys in ssh-agent instead of a key file',
    sudoOption: 'run commands with sudo (when the user is not root)',
    noSudoOption: 'do not use sudo',
    knownHostsOption: 'known_hosts file for the inventory (default known_hosts beside the output)',
    trustFingerprintOption: 'trust a new host key with this SHA256 fingerprint; repeat for each host',
    interfaceOption: 'interface for VRRP and the VIP on every host (default: the one holding the address)',
    vipOption: "virtual IP, ADDRESS or ADDRESS/PREFIX in the hosts' subnet",
    vridOption: 'virtual_router_id 1-255 (default: one not heard on the segment)',
    masterOption: 'the master host, by its inventory name (default: the first host)',
    masterPriorityOption: 'priority of the master (default 150)',
    backupPriorityOption: 'priority of the first backup; the next get one less each (default 100)',
    transportOption: 'VRRP adverts (default unicast)',
    timingOption: 'timing preset (default fast)',
    tomcatPortOption: "Tomcat's HTTP port (default: the port Tomcat listens on, else 8080)",
    healthPathOption: 'path of the health check (default /)',
    expectedStatusOption: 'HTTP status of a healthy Tomcat (default 200)',
    listenSecondsOption: 'how long to listen for VRRP adverts (default 4)',
  },

  /** The wizard's questions and the choices it offers. */
  prompt: {
    clusterName: 'cluster name (lower-case letters, digits, dashes)',
    hostAddress: (p: { n: number }) => `host ${p.n}: address (IPv4 or DNS name)`,
    hostSshPort: (p: { n: number }) => `host ${p.n}: SSH port`,
    hostSshUser: (p: { n: number }) => `host ${p.n}: SSH user`,
    hostLoginWith: (p: { n: number }) => `host ${p.n}: log in with`,
    loginWithKeyFile: 'a private key file',
    loginWithAgent: 'the keys in ssh-agent',
    agentSocketUnset: 'SSH_AUTH_SOCK is not set',
    hostKeyFile: (p: { n: number }) => `host ${p.n}: private key file`,
    trustHostKey: (p: { knownHosts: string }) => `Trust this key and store it in ${p.knownHosts}?`,
    hostSudo: (p: { n: number; user: string }) => `host ${p.n}: ${p.user} is not root: run commands with sudo (needs passwordless sudo)?`,
    hostInventoryName: (p: { n: number }) => `host ${p.n}: name in the inventory`,
    addAnotherHost: 'add another host?',
    hostInterface: (p: { host: string }) => `${p.host}: interface for VRRP and the VIP`,
    vip: "virtual IP (VIP) clients will use, in the hosts' subnet",
    vrid: 'virtual_router_id (1-255, unique on the segment)',
    master: 'which host is the master (holds the VIP while healthy)?',
    masterPriority: (p: { host: string }) => `priority of ${p.host} (1-254)`,
    firstBackupPriority: 'priority of the first backup (the next get one less each)',
    onlyBackupPriority: 'priority of the backup',
    transport: 'VRRP adverts',
    transportUnicast: 'unicast (recommended: works where multicast is dropped)',
    transportMulticast: 'multicast 224.0.0.18 (needs multicast on the segment)',
    timing: 'timing preset (failover bounds)',
    /** The name a timing preset has in the choice list (the value written is always the preset's own name). */
    timingPresetName: (p: { preset: string }) => p.preset,
    tomcatPort: "Tomcat's HTTP port",
    healthPath: 'health check path',
    expectedStatus: 'expected HTTP status',
    /** The key help under a choice list: "↑↓ navigate • ⏎ select". */
    keysNavigate: 'navigate',
    keysSelect: 'select',
    overwriteOutput: (p: { file: string }) => `${p.file} exists: overwrite it?`,
    otherOutput: 'write the inventory to which file instead?',
    outputNameEmpty: 'give a file name',
    writeOutput: (p: { file: string }) => `write ${p.file}?`,
  },

  /** What the wizard prints between questions. */
  progress: {
    foundOnHost: (p: { host: string; hostname: string; os: string }) => `found on ${p.host} (${p.hostname}): ${p.os}`,
    unknownOs: 'unknown OS',
    hostInterfaces: (p: { interfaces: string }) => `  interfaces: ${p.interfaces}`,
    noIpv4Interfaces: 'none with IPv4',
    keepalivedInstalled: (p: { version: string }) => `keepalived ${p.version} installed`,
    keepalivedInstalledRunning: (p: { version: string }) => `keepalived ${p.version} installed (running)`,
    keepalivedNotInstalled: 'keepalived not installed (deploy installs it)',
    tomcatService: (p: { service: string; ports: string }) => `Tomcat: ${p.service} running${p.ports ? `, port ${p.ports}` : ''}`,
    tomcatServiceStopped: (p: { service: string; ports: string }) => `Tomcat: ${p.service} NOT running${p.ports ? `, port ${p.ports}` : ''}`,
    tomcatServiceMissing: 'Tomcat: no tomcat service found',
    hostKeyFirstContact: (p: { address: string; port: number; knownHosts: string }) =>
      `${p.address} port ${p.port} presents this host key (first contact; not in ${p.knownHosts}):`,
    compareFingerprint: (p: { command: string }) => `  compare it out of band, on the host: ${p.command}`,
    vipNotChecked: (p: { host: string; vip: string }) => `  note: could not check from ${p.host} whether ${p.vip} is free (no ping)`,
    listeningForAdverts: (p: { host: string; seconds: number }) => `listening for VRRP adverts on ${p.host} for ${p.seconds} s...`,
    cannotListen: (p: { host: string }) => `  could not listen on ${p.host} (no perl there): choose a VRID you know is free on this segment`,
    noAdvertsHeard: '  no VRRP adverts heard: every VRID is free here',
    advertsHeard: (p: { adverts: string }) => `  heard: ${p.adverts}`,
    advertHeard: (p: { vrid: number; source: string }) => `VRID ${p.vrid} from ${p.source}`,
    healthCheckPassed: (p: { status: number; url: string }) => `  health check: every host answered ${p.status} at ${p.url}`,
    noTerminal: 'no terminal: taking the default for every value not given (as --yes does)',
    summaryHeading: 'summary:',
    nothingWritten: 'nothing was written',
    wrote: (p: { file: string }) => `wrote ${p.file}`,
    wroteWithHostKeys: (p: { file: string; count: number; knownHosts: string }) => `wrote ${p.file} and ${p.count} host key(s) to ${p.knownHosts}`,
    nextSteps: (p: { file: string }) => `next: hasetup validate ${p.file} && hasetup deploy ${p.file}`,
  },

  /** The summary shown before writing (code pads the columns by display width). */
  summary: {
    clusterLine: (p: { cluster: string; vip: string; vrid: number; transport: string }) =>
      `cluster ${p.cluster}: VIP ${p.vip}, virtual_router_id ${p.vrid}, ${p.transport}`,
    timingLine: (p: { timing: string; bounds: string }) => `timing ${p.timing}: ${p.bounds}`,
    tomcatLine: (p: { port: number; path: string; status: number }) => `Tomcat: port ${p.port}, health check ${p.path} expects ${p.status}`,
    /** name and role come padded to their columns. */
    hostLine: (p: { name: string; endpoint: string; role: string; priority: number; iface: string; user: string; login: string }) =>
      `${p.name} ${p.endpoint} ${p.role} priority ${p.priority} ${p.iface}, ${p.user}@ with ${p.login}`,
    hostLineSudo: (p: { name: string; endpoint: string; role: string; priority: number; iface: string; user: string; login: string }) =>
      `${p.name} ${p.endpoint} ${p.role} priority ${p.priority} ${p.iface}, ${p.user}@ with ${p.login} + sudo`,
    roleMaster: 'master',
    roleBackup: 'backup',
  },

  /** Why an answer is rejected (the wizard asks again; the flag path stops with it). */
  check: {
    nameRule: 'use 1 to 32 lower-case letters, digits and dashes, starting with a letter or digit',
    hostNameTaken: (p: { name: string }) => `${p.name} is already the name of another host: give each host its own name`,
    addressEmpty: "give the host's IPv4 address or DNS name",
    addressInvalid: 'expected an IPv4 address such as 192.0.2.10 or a DNS name such as node1.example.com',
    addressTaken: (p: { address: string }) => `${p.address} is already in this cluster: give each host once`,
    portInvalid: 'expected a port number from 1 to 65535',
    userInvalid: 'expected a user name such as root or admin',
    interfaceNameInvalid: 'expected a network interface name such as eth0 (at most 15 characters)',
    interfaceMissing: (p: { host: string; iface: string; usable: string }) => `${p.host} has no interface ${p.iface}; it has ${p.usable}`,
    interfaceMissingNoneUsable: (p: { host: string; iface: string }) => `${p.host} has no interface ${p.iface}; it has no interface with an IPv4 address`,
    interfaceNoIpv4: (p: { host: string; iface: string; usable: string }) =>
      `${p.iface} on ${p.host} has no IPv4 address: VRRP and the VIP need one (choose ${p.usable})`,
    /** Joins alternatives: "eth0 or eth1". */
    orSeparator: ' or ',
    vipInvalid: 'expected an IPv4 address such as 192.0.2.100 (a prefix such as /24 is optional)',
    vipHostInterface: (p: { host: string; iface: string; address: string }) => `${p.host} ${p.iface} (${p.address})`,
    noIpv4Address: 'no IPv4 address',
    /** Between the hosts of vipOutsideSubnet's list. */
    vipHostSeparator: ', ',
    vipOutsideSubnet: (p: { vip: string; hosts: string }) =>
      `${p.vip} is not in the subnet of ${p.hosts}: the VIP must be a free address in the subnet every host's interface is on`,
    vipPrefixInvalid: 'expected address/prefix with a prefix from 8 to 32, such as 192.0.2.100/24',
    vipPrefixDiffers: (p: { given: string; subnet: string; prefix: number }) =>
      `prefix /${p.given} differs from the hosts' subnet ${p.subnet}: use /${p.prefix} (or leave the prefix out)`,
    vipIsHostAddress: (p: { vip: string; host: string }) => `${p.vip} is already an address of ${p.host}: the VIP must be an address no host has`,
    vipIsNetworkAddress: (p: { vip: string; subnet: string }) => `${p.vip} is the subnet's network address: use a free host address inside ${p.subnet}`,
    vipIsBroadcastAddress: (p: { vip: string; subnet: string }) => `${p.vip} is the subnet's broadcast address: use a free host address inside ${p.subnet}`,
    vipAnswers: (p: { vip: string; host: string }) => `${p.vip} answers on the network now (seen from ${p.host}): another machine uses it; choose a free address`,
    vridInvalid: 'expected a whole number from 1 to 255',
    vridInUse: (p: { vrid: number; sources: string; suggestion: number }) =>
      `VRID ${p.vrid} is in use on this segment (adverts from ${p.sources}): two clusters with one VRID fight over it; pick another, such as ${p.suggestion}`,
    priorityInvalid: 'expected a whole number from 1 to 254',
    backupPriorityNotBelow: (p: { master: number }) => `a backup's priority must be below the master's ${p.master}: otherwise the backup takes the VIP at once`,
    backupPriorityTooLow: (p: { backups: number; highest: number; lowest: number }) =>
      `with ${p.backups} backups the priorities ${p.highest} down to ${p.lowest} must stay at 1 or more`,
    healthPathInvalid: 'expected a URL path starting with /, made of letters, digits and . _ ~ % / ? = + , : @ -, such as / or /health',
    statusInvalid: 'expected an HTTP status from 100 to 599, such as 200',
    healthHostStatus: (p: { host: string; status: number }) => `${p.host}: status ${p.status}`,
    healthHostNoAnswer: (p: { host: string }) => `${p.host}: no answer`,
    healthHostNoAnswerWhy: (p: { host: string; error: string }) => `${p.host}: no answer (${p.error})`,
    /** Between the hosts of healthFailed's list. */
    healthHostSeparator: '; ',
    healthFailed: (p: { url: string; status: number; hosts: string }) =>
      `${p.url} did not answer ${p.status} on every host (${p.hosts}): fix the path, the port or the expected status, or start Tomcat`,
    httpNeitherCurlNorBash: 'neither curl nor bash on the host',
    httpConnectionRefused: 'connection refused',
    httpTimedOut: 'timed out',
    httpCurlExit: (p: { code: string }) => `curl exit ${p.code}`,
    httpNoAnswer: 'no HTTP answer',
    keyFileUnreadable: (p: { file: string }) => `cannot read the key file ${p.file}`,
    agentChosenWithoutSocket: 'ssh-agent was chosen but SSH_AUTH_SOCK is not set',
    agentChosenWithoutSocketHint: 'start ssh-agent and ssh-add your key, or use a key file',
    hostKeyFetchHint: 'check the address and the SSH port',
    hostKeyNotTrusted: (p: { address: string; keyType: string; fingerprint: string }) =>
      `host key of ${p.address} not trusted (${p.keyType} ${p.fingerprint})`,
    hostKeyNotTrustedHint: 'answer yes once you have checked the fingerprint, or give another host',
    hostKeyNotTrustedFlagHint: (p: { fingerprint: string }) => `after checking it, pass --trust-fingerprint ${p.fingerprint}`,
    /** A one-line description of a timing preset's failover bounds (seconds formatted by the code). */
    timingBounds: (p: { version: number; advertInt: string; crash: string; tomcat: string; stop: string }) =>
      `VRRPv${p.version}, advert every ${p.advertInt} s: master crash <= ${p.crash} s, Tomcat down <= ${p.tomcat} s, clean stop <= ${p.stop} s`,
  },

  /** The flag path (no terminal, --yes, --answers). */
  flags: {
    fixAndRunAgain: 'nothing was written; fix the value and run again',
    badValue: (p: { flag: string; value: string; why: string }) => `${p.flag} ${p.value}: ${p.why}`,
    missingValue: (p: { flag: string; question: string }) => `missing value: ${p.flag} (${p.question})`,
    missingValueHint: 'every answer has a flag (see hasetup init --help) or a key in --answers FILE; nothing was written',
    expectedOneOf: (p: { choices: string }) => `expected one of ${p.choices}`,
    listenSecondsRange: '--listen-seconds takes 1 to 60 seconds',
    missingRequiredValue: (p: { list: string }) => `missing required value:\n${p.list}`,
    missingRequiredValues: (p: { list: string }) => `missing required values:\n${p.list}`,
    missingRequiredValueNoTerminal: (p: { list: string }) => `missing required value (no terminal to ask on):\n${p.list}`,
    missingRequiredValuesNoTerminal: (p: { list: string }) => `missing required values (no terminal to ask on):\n${p.list}`,
    missingRequiredHint: 'give them as flags or in --answers FILE (YAML or JSON with the long flag names as keys); nothing was written',
    missingCluster: '--cluster NAME (the cluster name)',
    missingHostsNone: '--host [NAME=]ADDRESS[:PORT], at least twice (no host given)',
    missingHostsOne: '--host [NAME=]ADDRESS[:PORT], at least twice (only one host given)',
    missingVip: "--vip ADDRESS[/PREFIX] (the virtual IP, in the hosts' subnet)",
    outputExists: (p: { file: string }) => `${p.file} already exists: not overwriting it`,
    outputExistsHint: 'pass --force to overwrite it, or --output another file; nothing was written',
    answersFileUnreadable: (p: { file: string; reason: string }) => `cannot read the answers file ${p.file}: ${p.reason}`,
    answersFileNotYaml: (p: { file: string; reason: string }) => `${p.file}: not valid YAML or JSON: ${p.reason}`,
    answersFileIssue: (p: { file: string; field: string; reason: string }) => `${p.file}: ${p.field}: ${p.reason}`,
    answersFileUnknownKeys: (p: { keys: string }) => `unknown key(s) ${p.keys}`,
    /** The field of an error at the file's top level (not under a key). */
    /** What a port, a VRID or a priority may be in the file (`vrid: 51` or `vrid: "51"`). */
    answersNumberOrText: 'a number or text',
    answersFileTop: '(top)',
    answersFileNotAMap: (p: { file: string; got: string }) => `${p.file}: expected keys and values (cluster: web, vip: ...), got ${p.got}`,
    answersFileHint: 'keys are the long flag names of hasetup init (cluster, hosts, vip, vrid, ...)',
    notAFingerprint: (p: { value: string }) => `--trust-fingerprint ${p.value}: not a host key fingerprint`,
    notAFingerprintHint: 'give the SHA256 fingerprint exactly as ssh-keygen -lf prints it: SHA256: and 43 base64 characters',
    /** The flag of a per-host answer: "--user (host 2)". */
    flagOfHost: (p: { flag: string; n: number }) => `${p.flag} (host ${p.n})`,
    flagSshPortOrHost: '--ssh-port (or --host ADDRESS:PORT)',
    flagKeyOrAgent: '--key FILE or --agent',
  },

  /** Comments in the inventory init writes (keys and values stay as they are). */
  yaml: {
    headerCluster: (p: { cluster: string }) => `hasetup inventory for cluster ${p.cluster}, written by hasetup init.`,
    headerChecked: 'Every value was checked against the hosts when it was written (interfaces, subnet, free VIP and VRID,',
    headerSeeExample: 'Tomcat answering). inventories/example.yaml shows every other field. Check it with: hasetup validate FILE',
    version: 'inventory format version',
    clusters: 'one or more clusters',
    clusterName: 'cluster name: lower-case letters, digits, dashes',
    vrid: 'VRRP router id 1-255, unique on the network segment',
    timing: (p: { timing: string; bounds: string }) => `fast | standard | conservative; ${p.timing}: ${p.bounds}`,
    unicastTrue: 'adverts straight to the other hosts (false: multicast)',
    unicastFalse: 'multicast adverts to 224.0.0.18 (true: unicast)',
    vips: 'virtual IPs the master holds',
    vipAddress: "the VIP clients use, with the hosts' subnet prefix",
    tomcatPort: "Tomcat's HTTP port",
    healthPath: 'path the health check requests',
    expectedStatus: 'HTTP status a healthy Tomcat answers',
    sshShared: "SSH settings for every host; a host's own ssh: overrides them",
    knownHostsAbsolute: 'host keys accepted at init',
    knownHostsRelative: 'host keys accepted at init (path relative to this file)',
    hosts: 'the servers, at least two',
    hostName: 'host name used in output and configs',
    hostAddress: (p: { fingerprint: string }) => `address hasetup connects to (host key ${p.fingerprint})`,
    roleMaster: 'holds the VIP while it is healthy',
    roleBackup: 'takes the VIP when the master fails',
    priority: 'VRRP priority 1-254, the master highest',
    hostInterface: 'interface for VRRP and the VIP (found on the host)',
    hostSsh: "this host's own SSH settings",
    sshUser: 'login user',
    sshPort: 'SSH port',
    sshKey: 'private key file; ~ is your home',
    sshAgent: 'keys from ssh-agent ($SSH_AUTH_SOCK)',
    sudoOn: 'commands run through sudo (no password)',
    sudoOff: 'commands run as the login user',
  },
};
