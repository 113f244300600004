// Messages of the inventory area (English, the reference catalog): `hasetup validate`, reading an inventory and
// every problem found in one. Positions (FILE:LINE:COL) and field paths are put in front by the code and never
// translated. Rules: docs/i18n.md.
export const inventory = {
  validate: {
    summary: 'check an inventory file without connecting to any host',
    description: [
      'Check an inventory file without connecting to any host: YAML syntax, every',
      "field, and the rules across fields (VIP in the hosts' subnet; unique names,",
      'addresses, priorities and virtual_router_ids; VRRP version vs advert_int and',
      'auth). Every problem is listed as FILE:LINE:COL; exit code 2 when invalid.',
      '--print-schema prints the JSON Schema for editors (yaml-language-server).',
    ].join('\n'),
    inventoryArgument: 'inventory file (YAML), e.g. inventories/example.yaml',
    printSchemaOption: 'print the inventory JSON Schema instead of validating a file',
    needsInventoryFile: 'validate needs an inventory file',
    needsInventoryFileHint: 'run: hasetup validate FILE (or --print-schema)',
    inventoryValid: (p: { file: string; count: string; clusters: string }) => `${p.file}: valid: ${p.count} cluster(s): ${p.clusters}`,
    clusterWithHosts: (p: { cluster: string; hosts: string }) => `${p.cluster} (${p.hosts})`,
    hostListSeparator: ', ',
    clusterListSeparator: ', ',
  },

  // Reading the file.
  invalidInventoryHint: 'inventories/example.yaml shows every field with its default',
  cannotReadInventory: (p: { file: string; why: string }) => `cannot read inventory ${p.file}: ${p.why}`,
  cannotReadInventoryHint: 'give the path of an inventory file; inventories/example.yaml is a starting point',
  fileTooBig: (p: { bytes: string; max: string }) => `the file is ${p.bytes} bytes, more than the ${p.max} an inventory may have: is this the right file?`,
  yamlSyntax: (p: { message: string; advice: string }) => `YAML syntax: ${p.message} (${p.advice})`,
  // What the yaml library found, by its error code (src/inventory/load.ts); a few codes are told apart by case.
  yamlProblem: {
    ALIAS_PROPS: 'an alias (*name) cannot carry an anchor or a tag',
    BAD_ALIAS: 'an anchor or alias without a name',
    BAD_COLLECTION_TYPE: 'the tag does not fit this kind of value',
    BAD_DIRECTIVE: 'a directive (a line starting with %) this parser does not know',
    BAD_DQ_ESCAPE: 'a backslash escape that double quotes do not allow (write \\\\ for a backslash, or use single quotes)',
    BAD_INDENT: 'the indentation does not line up with the lines around it',
    BAD_PROP_ORDER: 'an anchor or tag in the wrong place',
    BAD_SCALAR_START: 'a value without quotes cannot start with this character',
    BLOCK_AS_IMPLICIT_KEY: 'a list or mapping used as a key',
    BLOCK_IN_FLOW: 'lines of a list or mapping inside [ ] or { }',
    DUPLICATE_KEY: 'duplicate key',
    IMPOSSIBLE: 'the parser cannot read this',
    KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
    MISSING_CHAR: 'a character is missing here',
    MULTILINE_IMPLICIT_KEY: 'a key that runs over more than one line (a colon is missing on the line before?)',
    MULTIPLE_ANCHORS: 'more than one anchor on one value',
    MULTIPLE_DOCS: 'more than one YAML document (a --- line)',
    MULTIPLE_TAGS: 'more than one tag on one value',
    NON_STRING_KEY: 'a key that is not text',
    RESOURCE_EXHAUSTION: 'the document expands to more than the parser allows',
    TAB_AS_INDENT: 'a tab used for indentation',
    TAG_RESOLVE_FAILED: 'a tag (!name) this parser does not know',
    UNEXPECTED_TOKEN: 'a character that does not belong here',
    missingColon: 'a line with a key but no colon ("key: value")',
    missingClosingQuote: 'a quote that is never closed',
    commentNeedsSpace: 'a # that starts a comment needs a space before it',
    other: 'the parser cannot read this',
  },
  yamlAdviceGeneral: 'check the indentation, colons and quotes here',
  yamlAdviceDuplicateKey: 'the key appears twice in this mapping: keep one',
  yamlAdviceTabIndent: 'indent with spaces',
  yamlAdviceMultipleDocs: 'keep one document: remove the --- line or put the clusters in one list',
  fullWidth: (p: { char: string; name: string; fix: string }) =>
    `full-width ${p.name} "${p.char}" (typed with a Chinese input method): YAML reads only ASCII punctuation; ${p.fix}`,
  fullWidthName: { colon: 'colon', comma: 'comma', enumerationComma: 'enumeration comma', space: 'space', semicolon: 'semicolon', quote: 'quote' },
  fullWidthFix: {
    colon: 'write ":" followed by a space',
    comma: 'write "," (in a [ ] list) or one value per "- " line',
    enumerationComma: 'write one value per "- " line',
    space: 'write an ASCII space',
    semicolon: 'remove it or write ";" inside quotes',
    quote: 'write " or \' instead',
  },
  fullWidthHint: 'switch the input method to half-width (English) punctuation while editing YAML; comments and quoted text may keep Chinese punctuation',
  yamlAlias: (p: { name: string }) =>
    `YAML alias *${p.name} is not allowed in an inventory: write the value out (for settings shared by every host, use the cluster's ssh: block)`,
  yamlAnchor: (p: { name: string }) => `YAML anchor &${p.name} is not allowed in an inventory: remove it and write values out`,

  // One field against the schema.
  unknownKey: (p: { key: string; advice: string }) => `unknown key "${p.key}" (${p.advice})`,
  didYouMeanKey: (p: { keys: string }) => `did you mean ${p.keys}?`,
  allowedKeys: (p: { keys: string }) => `allowed here: ${p.keys}`,
  /** Between alternatives: `"port" or "sort"`, `master or backup`. */
  alternativesSeparator: ' or ',
  missingKey: (p: { key: string }) => `missing required key "${p.key}": add it here`,
  missingKeyHolding: (p: { key: string; holds: string }) => `missing required key "${p.key}" (${p.holds}): add it here`,
  requiredKeyHolds: {
    vipAddress: 'address/prefix, such as 192.0.2.100/24',
    hostAddress: 'an IPv4 address or DNS name',
    clusters: 'a list of clusters',
    name: 'a name such as web or node1',
    virtualRouterId: 'a number from 1 to 255, unique on the network segment',
    vips: 'a list of virtual IPs, such as - address: 192.0.2.100/24',
    hosts: 'a list of at least two hosts',
  },
  typeWords: {
    number: 'a number',
    int: 'a whole number',
    string: 'text',
    boolean: 'true or false',
    object: 'a mapping (key: value lines)',
    array: 'a list (lines starting with "- ")',
  },
  valueNothing: 'nothing',
  valueList: 'a list',
  valueMapping: 'a mapping',
  valueText: (p: { json: string }) => `the text ${p.json}`,
  noInventoryInFile: 'this file holds no inventory: start it with "clusters:" (inventories/example.yaml shows the format)',
  missingValue: (p: { want: string }) => `missing: expected ${p.want}`,
  emptyValue: (p: { want: string }) => `empty: expected ${p.want}; give it a value or remove the key`,
  wrongType: (p: { want: string; got: string }) => `expected ${p.want}, got ${p.got}`,
  wrongTypeAdvice: (p: { want: string; got: string; advice: string }) => `expected ${p.want}, got ${p.got} (${p.advice})`,
  adviceNumberWithoutQuotes: 'write numbers without quotes',
  adviceQuoteIt: 'put it in quotes',
  adviceBooleanWithoutQuotes: 'write true or false without quotes',
  textMustNotBeEmpty: 'must not be empty',
  textTooLong: 'too long',
  wholeNumberRange: (p: { min: string; max: string; got: string }) => `expected a whole number from ${p.min} to ${p.max}, got ${p.got}`,
  numberBound: (p: { bound: string; got: string }) => `expected a number ${p.bound}, got ${p.got}`,
  boundAtLeast: (p: { n: string }) => `at least ${p.n}`,
  boundAbove: (p: { n: string }) => `above ${p.n}`,
  boundAtMost: (p: { n: string }) => `at most ${p.n}`,
  boundBelow: (p: { n: string }) => `below ${p.n}`,
  expectedOneOf: (p: { values: string; got: string }) => `expected ${p.values}, got ${p.got}`,

  // The schema's own messages (src/inventory/schema.ts).
  schema: {
    nameRule: 'use 1 to 32 lower-case letters, digits and dashes, starting with a letter or digit',
    ipv4Address: 'expected an IPv4 address such as 192.0.2.10',
    ipv4OrDnsName: 'expected an IPv4 address or a DNS name',
    ipv4FourNumbers: 'expected an IPv4 address such as 192.0.2.10 (four numbers from 0 to 255)',
    urlPath: 'expected a URL path starting with /, made of letters, digits and . _ ~ % / ? = + , : @ -',
    interfaceName: 'expected a network interface name such as eth0 (at most 15 characters)',
    absolutePath: 'expected an absolute path',
    notifyProgram:
      'expected the absolute path of a program, such as /usr/local/bin/on-vrrp-change (no spaces, arguments or shell characters; wrap a command line in a script)',
    pathWithoutDotDot: 'expected a path without ..',
    filePath: 'expected a file path',
    envVarName: 'expected an environment variable name',
    cidr: 'expected address/prefix, such as 192.0.2.100/24',
    cidrRange: 'expected a valid IPv4 address and a prefix from 8 to 32',
    userName: 'expected a user name',
    fingerprint: 'expected a SHA256 fingerprint as ssh-keygen -lf prints it: SHA256:...',
    commandWordEmpty: 'an empty word',
    commandWordLineBreak: 'a word of a command cannot hold a line break',
    commandLine: 'expected a command line such as: ipmitool -I lanplus -H bmc1 -U admin -E chassis power off',
    commandNeedsProgram: 'a command needs at least its program',
    commandStartsWithOption: 'a command starts with its program, not an option',
    hostAddress: 'expected an IPv4 address such as 192.0.2.10 (four numbers from 0 to 255) or a DNS name such as node1.example.com',
    vipLabel: 'expected up to 10 letters, digits, - or _',
    vrrpVersion: 'expected 2 or 3 (the VRRP protocol version)',
    serviceName: 'expected a systemd service name (letters, digits, @ _ . -; not starting with - or .)',
    emailAddress: 'expected an e-mail address such as ops@example.com',
    webhookUrl: 'expected an http:// or https:// URL without spaces, quotes or credentials (put a token in webhook_headers_file)',
    emailNeedsAddress: 'give at least one address',
    smtpServer: 'expected the SMTP relay as an IPv4 address or DNS name',
    clusterNeedsVip: 'a cluster needs at least one VIP',
    clusterNeedsTwoHosts: 'a cluster needs at least two hosts',
    inventoryNeedsCluster: 'the inventory needs at least one cluster',
  },

  // Rules across fields.
  duplicateClusterName: (p: { name: string; first: string; line: string }) =>
    `cluster name "${p.name}" is already used by clusters[${p.first}] (line ${p.line}): give each cluster its own name`,
  vipUsedInThisCluster: (p: { vip: string; line: string }) =>
    `VIP ${p.vip} is already used by this cluster (line ${p.line}): each VIP must be held by one cluster only`,
  vipUsedByCluster: (p: { vip: string; cluster: string; line: string }) =>
    `VIP ${p.vip} is already used by cluster ${p.cluster} (line ${p.line}): each VIP must be held by one cluster only`,
  duplicateHostName: (p: { name: string; index: string; line: string }) =>
    `duplicate host name "${p.name}" (also hosts[${p.index}], line ${p.line}): give each host its own name`,
  duplicateHostAddress: (p: { address: string; other: string; line: string }) =>
    `duplicate host address ${p.address} (also ${p.other}, line ${p.line}): each host needs its own address`,
  duplicatePriority: (p: { what: string; other: string }) =>
    `${p.what} (also ${p.other}): give each host its own priority from 1 to 254, the master highest`,
  priorityGiven: (p: { priority: string }) => `duplicate priority ${p.priority}`,
  priorityByDefault: (p: { host: string; priority: string }) => `${p.host} gets priority ${p.priority} by default`,
  otherHostAtLine: (p: { host: string; line: string }) => `${p.host}, line ${p.line}`,
  otherHostByDefault: (p: { host: string }) => `${p.host} by default`,
  defaultPriorityTooLow: (p: { host: string; priority: string }) =>
    `${p.host} would get priority ${p.priority} by default (backups count down from 100): give the hosts explicit priorities from 1 to 254, or split them into smaller clusters`,
  secondMaster: (p: { master: string; line: string }) =>
    `a second host with role master (${p.master} is master, line ${p.line}): a cluster has exactly one master; set role: backup here`,
  noMaster: 'no host has role master: set role: master on the host that should hold the VIP (or vrrp.preempt: false to let any host keep it)',
  masterPriorityTooLow: (p: { master: string; priority: string; other: string; otherPriority: string; firstHost: boolean; byDefault: boolean }) =>
    `master ${p.master}${p.firstHost ? ' (the first host, as no role is given)' : ''} has priority ${p.priority}${p.byDefault ? ' (by default)' : ''}, ` +
    `below ${p.other}'s ${p.otherPriority}: the master needs the highest priority; raise ${p.master}'s priority or lower ${p.other}'s`,
  vipIsHostAddress: (p: { vip: string; host: string }) =>
    `VIP ${p.vip} is host ${p.host}'s own address: the VIP must be a free address in the hosts' subnet`,
  vipOutsideSubnet: (p: { vip: string; hosts: string; subnet: string }) =>
    `VIP ${p.vip} is not in the same subnet as ${p.hosts}: the subnet ${p.subnet} must hold every host; ` +
    "use a free address in the hosts' subnet, with that subnet's prefix",
  hostWithAddress: (p: { host: string; address: string }) => `${p.host} (${p.address})`,
  hostsListSeparator: ', ',
  vipIsNetworkAddress: (p: { vip: string }) => `VIP ${p.vip} is the subnet's network address: use a free host address inside the subnet`,
  vipIsBroadcastAddress: (p: { vip: string }) => `VIP ${p.vip} is the subnet's broadcast address: use a free host address inside the subnet`,
  advertIntFromTiming: (p: { value: string; timing: string }) => `advert_int ${p.value} (from timing: ${p.timing})`,
  advertIntNotV2: (p: { advertInt: string }) =>
    `${p.advertInt} does not work with VRRPv2, which takes whole seconds from 1 to 255: use a whole number, or set vrrp.version: 3 for 10 ms steps`,
  advertIntNotV3: (p: { advertInt: string }) =>
    `${p.advertInt} does not work with VRRPv3, which takes 0.01 to 40.95 seconds in steps of 0.01: use a value such as 0.1 or 1`,
  authNeedsV2: 'auth_pass works only with VRRPv2; remove auth or set version: 2',
  authNeedsV2Timing: (p: { timing: string }) => `auth_pass works only with VRRPv2; remove auth or set version: 2 (timing: ${p.timing} uses VRRPv3)`,
  authNoPassSource: 'auth needs exactly one of pass_env or pass_file: add one',
  authBothPassSources: 'auth needs exactly one of pass_env or pass_file: both are set, keep one',
  sshKeyAndAgent: 'ssh.key and ssh.agent: true are exclusive: use a key file or the agent, not both',
  sshKeyAndAgentOnHost: (p: { host: string }) =>
    `ssh.key and ssh.agent: true are exclusive: use a key file or the agent, not both (host ${p.host})`,
  sudoPasswordWithoutSudo: (p: { host: string; why: string }) =>
    `sudo_password_env is set but sudo is off for ${p.host} (${p.why}): set sudo: true or remove sudo_password_env`,
  userWithoutSudo: (p: { user: string }) => `user ${p.user} does not use sudo`,
  checkTimeoutTooLong: (p: { timeout: string; interval: string }) =>
    `check_timeout ${p.timeout} s is longer than check_interval ${p.interval} s: a check that may take longer than its interval would overlap the next one; lower check_timeout or raise check_interval`,
  webhookHeadersWithoutWebhook: 'webhook_headers_file is set but there is no webhook: add alerts.webhook or remove this key',
  emailClash: (p: { cluster: string; line: string; address: string }) =>
    `cluster ${p.cluster} (line ${p.line}) shares the host ${p.address} with this cluster and gives other mail settings: keepalived has ` +
    `one set per host (global_defs in keepalived.conf), so one would be dropped; give both the same alerts.email, or leave it out in one`,
  vridClash: (p: { vrid: string; cluster: string; line: string; vip: string; otherVip: string }) =>
    `virtual_router_id ${p.vrid} is also used by cluster ${p.cluster} (line ${p.line}) on the same network segment ` +
    `(${p.vip} overlaps ${p.otherVip}): VRIDs must be unique per segment; pick another from 1 to 255`,
  notARegularFile: 'not a regular file (a FIFO, a device or a directory)',
  unicastNeedsAddress: (p: { host: string; name: string }) =>
    `host ${p.host} is given by its DNS name ${p.name}, but unicast VRRP (the default) sends its adverts to addresses: write its IPv4 address, or set vrrp.unicast: false`,
  vipIsOtherClusterHost: (p: { vip: string; host: string; cluster: string; line: string }) =>
    `VIP ${p.vip} is the address of host ${p.host} of cluster ${p.cluster} (line ${p.line}): a VIP must be a free address in the hosts' subnet`,
};
