// The init flow, written once for both paths (the Asker decides whether a person answers or the flags do):
// cluster -> hosts (first contact: host key shown and trusted, connect, facts) -> interface -> VIP -> VRID
// (listen for adverts) -> master and priorities -> unicast/multicast -> timing -> Tomcat health check (tried
// live) -> summary. Every answer is checked against the real hosts before the next question.
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { padEndColumns, displayWidth } from '../i18n/width.js';
import { addressOf } from '../ipv4.js';
import type { TimingPreset } from '../inventory/model.js';
import { timingPresets } from '../inventory/schema.js';
import { hostKeyRefusalMessage } from '../remote/ssh.js';
import { verifyHostKey } from '../remote/knownhosts.js';
import { knownHostsLine, type PresentedHostKey } from '../remote/hostkey.js';
import type { AdvertSeen } from '../facts/vrrp-listen.js';
import { DEFAULTS, type HostAnswer, type HostLogin, type InitAnswers, type SshAuth } from './answers.js';
import type { Asker } from './ask.js';
import {
  checkAddress,
  checkBackupPriority,
  checkClusterName,
  checkHealth,
  checkHealthPath,
  checkHostName,
  checkInterface,
  checkPort,
  checkPriority,
  checkStatus,
  checkUser,
  checkVip,
  checkVrid,
  interfaceHolding,
  ipv4Interfaces,
  suggestHostName,
  suggestVrid,
  timingBounds,
  vridsSeen,
} from './checks.js';
import type { InitHost, InitIO } from './io.js';
import { joinList } from '../i18n/text.js';

export interface FlowOptions {
  ask: Asker;
  io: InitIO;
  print: (line: string) => void;
  /** known_hosts path as the inventory will name it */
  knownHosts: string;
  /** the same file as a path to read now */
  knownHostsFile: string;
  listenSeconds?: number;
}

interface FoundHost extends HostLogin {
  key: HostAnswer['hostKey'];
  conn: InitHost;
}

/** Reports a rejected answer: a person sees it and answers again; the flag path stops with it. */
function rejection(o: FlowOptions, message: string, hint?: string, cause?: unknown): void {
  if (!o.ask.interactive) {
    if (cause instanceof Error && !(cause instanceof UsageError) && 'exitCode' in cause) throw cause;
    throw new UsageError(message, hint ?? t().init.flags.fixAndRunAgain);
  }
  o.print(`✖ ${message}`);
  if (hint) o.print(`  ${hint}`);
}

function describeHost(name: string, h: InitHost): string[] {
  const m = t().init.progress;
  const f = h.facts;
  const os = `${f.os.id || m.unknownOs} ${f.os.versionId}`.trim();
  const ifaces = joinList(ipv4Interfaces(f)
    .map((i) => `${i.name} ${i.ipv4.join(' ')}`));
  const version = { version: f.keepalived.version ?? '' };
  const ka = f.keepalived.installed
    ? (f.keepalived.active ? m.keepalivedInstalledRunning(version) : m.keepalivedInstalled(version)).replace('  ', ' ')
    : m.keepalivedNotInstalled;
  const service = { service: f.tomcat.service ?? '', ports: joinList(h.tomcatPorts) };
  const tc = f.tomcat.service ? (f.tomcat.active ? m.tomcatService(service) : m.tomcatServiceStopped(service)) : m.tomcatServiceMissing;
  return [m.foundOnHost({ host: name, hostname: h.hostname || h.ip, os }), m.hostInterfaces({ interfaces: ifaces || m.noIpv4Interfaces }), `  ${ka}`, `  ${tc}`];
}

/** Address, SSH port, user and login of host i; undefined when the answer was refused (asked again). */
async function askLogin(o: FlowOptions, i: number, found: readonly FoundHost[]): Promise<Omit<HostLogin, 'name' | 'sudo'> | undefined> {
  const { ask, io } = o;
  const prev = found[i - 1];
  const q = t().init.prompt;
  const m = t().init.check;
  const n = { n: i + 1 };
  const address = await ask.text({
    key: `hosts.${i}.address`,
    message: q.hostAddress(n),
    validate: (s) => checkAddress(s, found.map((h) => h.address)),
  });
  const port = Number(await ask.text({ key: `hosts.${i}.port`, message: q.hostSshPort(n), default: String(prev?.port ?? DEFAULTS.port), validate: checkPort }));
  const user = await ask.text({ key: `hosts.${i}.user`, message: q.hostSshUser(n), default: prev?.user ?? DEFAULTS.user, validate: checkUser });
  const kind = await ask.choose<'key' | 'agent'>({
    key: `hosts.${i}.auth`,
    message: q.hostLoginWith(n),
    choices: [
      { value: 'key', name: q.loginWithKeyFile },
      { value: 'agent', name: q.loginWithAgent, description: io.env.SSH_AUTH_SOCK ? `SSH_AUTH_SOCK=${io.env.SSH_AUTH_SOCK}` : q.agentSocketUnset },
    ],
    default: prev?.auth.kind ?? (io.env.SSH_AUTH_SOCK ? 'agent' : 'key'),
  });
  let auth: SshAuth = { kind: 'agent' };
  if (kind === 'key') {
    const key = await ask.text({
      key: `hosts.${i}.key`,
      message: q.hostKeyFile(n),
      default: prev?.auth.kind === 'key' ? prev.auth.key : DEFAULTS.key,
      validate: async (p) => ((await io.readable(p)) ? true : m.keyFileUnreadable({ file: p })),
    });
    auth = { kind: 'key', key };
  } else if (!io.env.SSH_AUTH_SOCK) {
    rejection(o, m.agentChosenWithoutSocket, m.agentChosenWithoutSocketHint);
    return undefined;
  }
  return { address, port, user, auth };
}

/**
 * First contact: the key the host presents, checked against known_hosts (and keys accepted in this run); an
 * unknown one is shown and trusted (or not) by the person or the flags. undefined: refused (asked again).
 */
async function trustHostKey(o: FlowOptions, address: string, port: number, accepted: string[]): Promise<{ presented: PresentedHostKey; known: boolean } | undefined> {
  const { ask, io } = o;
  const q = t().init.prompt;
  const m = t().init.check;
  let presented: PresentedHostKey;
  try {
    presented = await io.fetchHostKey(address, port);
  } catch (e) {
    rejection(o, `${address}: ${(e as Error).message}`, m.hostKeyFetchHint);
    return undefined;
  }
  const verdict = verifyHostKey({
    knownHostsText: `${await io.readKnownHosts(o.knownHostsFile)}\n${accepted.join('\n')}`,
    host: address,
    port,
    keyType: presented.keyType,
    keyBlob: presented.keyBlob,
  });
  if (verdict.ok) return { presented, known: true };
  if (verdict.reason !== 'unknown') {
    rejection(o, hostKeyRefusalMessage(verdict, { address, port, knownHostsFile: o.knownHostsFile, knownHostsMissing: false }));
    return undefined;
  }
  o.print(t().init.progress.hostKeyFirstContact({ address, port, knownHosts: o.knownHosts }));
  o.print(`  ${presented.keyType} ${presented.fingerprint}`);
  const keygen = `ssh-keygen -lf /etc/ssh/ssh_host_${presented.keyType.replace(/^ssh-|-sha2-nistp\d+$/g, '').replace('ecdsa', 'ecdsa')}_key.pub`;
  o.print(t().init.progress.compareFingerprint({ command: keygen }));
  const trust = await ask.confirm({
    key: `trust.${presented.fingerprint}`,
    alsoKeys: ['trust.*'],
    message: q.trustHostKey({ knownHosts: o.knownHosts }),
    default: false,
  });
  if (!trust) {
    rejection(
      o,
      m.hostKeyNotTrusted({ address, keyType: presented.keyType, fingerprint: presented.fingerprint }),
      ask.interactive ? m.hostKeyNotTrustedHint : m.hostKeyNotTrustedFlagHint({ fingerprint: presented.fingerprint }),
    );
    return undefined;
  }
  accepted.push(knownHostsLine(address, port, presented.keyType, presented.keyBlob));
  return { presented, known: false };
}

async function askHost(o: FlowOptions, i: number, found: readonly FoundHost[], accepted: string[]): Promise<FoundHost> {
  const { ask, io } = o;
  const q = t().init.prompt;
  const n = { n: i + 1 };
  for (;;) {
    const login = await askLogin(o, i, found);
    if (!login) continue;
    const { address, port, user, auth } = login;
    const key = await trustHostKey(o, address, port, accepted);
    if (!key) continue;
    const { presented, known } = key;

    const sudo =
      user === 'root'
        ? false
        : await ask.confirm({ key: `hosts.${i}.sudo`, message: q.hostSudo({ ...n, user }), default: true });

    let conn: InitHost;
    try {
      conn = await io.connect({ name: `host${i + 1}`, address, port, user, auth, sudo, fingerprint: presented.fingerprint });
    } catch (e) {
      const err = e as Error & { hint?: string };
      rejection(o, err.message.replace(/^host\d+: /, `${address}: `), err.hint, e);
      continue;
    }
    const taken = found.map((h) => h.name);
    const name = await ask.text({
      key: `hosts.${i}.name`,
      message: q.hostInventoryName(n),
      default: suggestHostName(conn.hostname, i, taken),
      validate: (s) => checkHostName(s, taken),
    });
    for (const l of describeHost(name, conn)) o.print(l);
    return {
      name,
      address,
      port,
      user,
      auth,
      sudo,
      conn,
      key: { keyType: presented.keyType, keyBase64: presented.keyBlob.toString('base64'), fingerprint: presented.fingerprint, known },
    };
  }
}

export async function runInitFlow(o: FlowOptions): Promise<InitAnswers> {
  const { ask } = o;
  const cluster = await ask.text({ key: 'cluster', message: t().init.prompt.clusterName, validate: checkClusterName });

  // Hosts, each connected and inspected at once.
  const found: FoundHost[] = [];
  const accepted: string[] = [];
  for (let i = 0; ; i++) {
    if (i >= 2 && !(await ask.confirm({ key: `hosts.${i}.add`, message: t().init.prompt.addAnotherHost, default: false }))) break;
    found.push(await askHost(o, i, found, accepted));
  }
  const ifaces = await askInterfaces(o, found);
  const vip = await askVip(o, found, ifaces);
  const vrid = await askVrid(o, found);
  const { master, masterPriority, backupPriority } = await askPriorities(o, found);
  const transport = await askTransport(o);
  const timing = await askTiming(o, masterPriority, backupPriority);
  const tomcat = await askTomcat(o, found);

  let nextBackup = backupPriority;
  const hosts: HostAnswer[] = found.map((h, i) => ({
    name: h.name,
    address: h.address,
    port: h.port,
    user: h.user,
    auth: h.auth,
    sudo: h.sudo,
    interface: ifaces[i]!,
    role: h.name === master ? 'master' : 'backup',
    priority: h.name === master ? masterPriority : nextBackup--,
    hostKey: h.key,
  }));
  return { cluster, knownHosts: o.knownHosts, hosts, vip, vrid, unicast: transport === 'unicast', timing, tomcat };
}

/** The interface of each host: by default the one that holds the address we reached it on. */
async function askInterfaces(o: FlowOptions, found: readonly FoundHost[]): Promise<string[]> {
  const ifaces: string[] = [];
  for (const [i, h] of found.entries()) {
    const usable = ipv4Interfaces(h.conn.facts);
    const iface = await o.ask.choose({
      key: `hosts.${i}.interface`,
      message: t().init.prompt.hostInterface({ host: h.name }),
      choices: usable.map((u) => ({ value: u.name, name: `${u.name}  ${u.ipv4.join(' ')}` })),
      default: interfaceHolding(h.conn.facts, h.conn.ip),
      invalid: (v) => String(checkInterface(h.conn.facts, v, h.name)),
    });
    ifaces.push(iface);
  }
  return ifaces;
}

/** The VIP: in the subnet, not a host's address, and nobody answering on it now. */
async function askVip(o: FlowOptions, found: readonly FoundHost[], ifaces: readonly string[]): Promise<string> {
  const say = t().init.progress;
  const vipHosts = found.map((h, i) => ({ name: h.name, address: h.conn.ip, interface: ifaces[i]!, facts: h.conn.facts }));
  const vipInput = await o.ask.text({
    key: 'vip',
    message: t().init.prompt.vip,
    validate: async (s) => {
      const r = checkVip(s, vipHosts);
      if (!r.ok) return r.message;
      const addr = addressOf(r.cidr);
      const answers = await found[0]!.conn.vipAnswers(addr, ifaces[0]!);
      if (answers === true) return t().init.check.vipAnswers({ vip: addr, host: found[0]!.name });
      if (answers === undefined) o.print(say.vipNotChecked({ host: found[0]!.name, vip: addr }));
      return true;
    },
  });
  const checked = checkVip(vipInput, vipHosts);
  return checked.ok ? checked.cidr : vipInput;
}

/** The VRID, after listening for adverts on the segment: one no router there uses. */
async function askVrid(o: FlowOptions, found: readonly FoundHost[]): Promise<number> {
  const say = t().init.progress;
  const secs = o.listenSeconds ?? DEFAULTS.listenSeconds;
  o.print(say.listeningForAdverts({ host: found[0]!.name, seconds: secs }));
  const heard: AdvertSeen[] | undefined = await found[0]!.conn.listen(secs);
  if (heard === undefined) o.print(say.cannotListen({ host: found[0]!.name }));
  else if (heard.length === 0) o.print(say.noAdvertsHeard);
  else o.print(say.advertsHeard({ adverts: joinList(heard.map((a) => say.advertHeard({ vrid: a.vrid, source: a.source }))) }));
  return Number(
    await o.ask.text({
      key: 'vrid',
      message: t().init.prompt.vrid,
      default: String(suggestVrid(vridsSeen(heard ?? []))),
      validate: (s) => checkVrid(s, heard ?? []),
    }),
  );
}

/** The master, its priority, and the first backup's (the others count down from it). */
async function askPriorities(o: FlowOptions, found: readonly FoundHost[]): Promise<{ master: string; masterPriority: number; backupPriority: number }> {
  const { ask } = o;
  const q = t().init.prompt;
  const master = await ask.choose({
    key: 'master',
    message: q.master,
    choices: found.map((h) => ({ value: h.name, name: `${h.name} (${h.address})` })),
    default: found[0]!.name,
  });
  const masterPriority = Number(await ask.text({ key: 'master-priority', message: q.masterPriority({ host: master }), default: String(DEFAULTS.masterPriority), validate: checkPriority }));
  const backups = found.length - 1;
  const backupPriority = Number(
    await ask.text({
      key: 'backup-priority',
      message: backups > 1 ? q.firstBackupPriority : q.onlyBackupPriority,
      default: String(Math.min(DEFAULTS.backupPriority, masterPriority - 1)),
      validate: (s) => checkBackupPriority(s, masterPriority, backups),
    }),
  );
  return { master, masterPriority, backupPriority };
}

function askTransport(o: FlowOptions): Promise<'unicast' | 'multicast'> {
  const q = t().init.prompt;
  return o.ask.choose<'unicast' | 'multicast'>({
    key: 'transport',
    message: q.transport,
    choices: [
      { value: 'unicast', name: q.transportUnicast },
      { value: 'multicast', name: q.transportMulticast },
    ],
    default: 'unicast',
  });
}

/** The timing preset, each shown with the bounds it gives these priorities. */
function askTiming(o: FlowOptions, masterPriority: number, backupPriority: number): Promise<TimingPreset> {
  const q = t().init.prompt;
  // Preset names padded to one column by display width (the Chinese names are wider than they are long).
  const presetNames = timingPresets.map((p) => q.timingPresetName({ preset: p }));
  const presetColumn = Math.max(12, ...presetNames.map(displayWidth));
  return o.ask.choose<TimingPreset>({
    key: 'timing',
    message: q.timing,
    choices: timingPresets.map((p, i) => ({ value: p, name: `${padEndColumns(presetNames[i]!, presetColumn)} ${timingBounds(p, masterPriority, backupPriority).text}` })),
    default: DEFAULTS.timing,
  });
}

/** Tomcat's port, health path and expected status, tried live on every host until they answer as expected. */
async function askTomcat(o: FlowOptions, found: readonly FoundHost[]): Promise<InitAnswers['tomcat']> {
  const { ask } = o;
  const q = t().init.prompt;
  const detected = found.find((h) => h.conn.tomcatPorts.length > 0)?.conn.tomcatPorts[0] ?? DEFAULTS.tomcatPort;
  for (;;) {
    const port = Number(await ask.text({ key: 'tomcat-port', message: q.tomcatPort, default: String(detected), validate: checkPort }));
    const healthPath = await ask.text({ key: 'health-path', message: q.healthPath, default: DEFAULTS.healthPath, validate: checkHealthPath });
    const expectedStatus = Number(await ask.text({ key: 'expected-status', message: q.expectedStatus, default: String(DEFAULTS.expectedStatus), validate: checkStatus }));
    const results = await Promise.all(found.map(async (h) => ({ host: h.name, ...(await h.conn.httpStatus(port, healthPath)) })));
    const ok = checkHealth(results, `http://127.0.0.1:${port}${healthPath}`, expectedStatus);
    if (ok === true) {
      o.print(t().init.progress.healthCheckPassed({ status: expectedStatus, url: `http://127.0.0.1:${port}${healthPath}` }));
      return { port, healthPath, expectedStatus };
    }
    rejection(o, ok);
  }
}

/**
 * The summary shown before writing: one line per host, its columns padded by display width (terminal columns),
 * so they line up in Chinese too (docs/i18n.md).
 */
export function summary(a: InitAnswers): string[] {
  const m = t().init.summary;
  const master = a.hosts.find((h) => h.role === 'master')!;
  const backup = Math.max(...a.hosts.filter((h) => h.role === 'backup').map((h) => h.priority));
  const roleOf = (h: HostAnswer) => (h.role === 'master' ? m.roleMaster : m.roleBackup);
  const roleColumn = Math.max(...[m.roleMaster, m.roleBackup].map(displayWidth));
  return [
    m.clusterLine({ cluster: a.cluster, vip: a.vip, vrid: a.vrid, transport: a.unicast ? 'unicast' : 'multicast' }),
    m.timingLine({ timing: a.timing, bounds: timingBounds(a.timing, master.priority, backup).text }),
    m.tomcatLine({ port: a.tomcat.port, path: a.tomcat.healthPath, status: a.tomcat.expectedStatus }),
    ...a.hosts.map((h) => {
      const cells = {
        name: padEndColumns(h.name, 12),
        endpoint: `${h.address}:${h.port}`,
        role: padEndColumns(roleOf(h), roleColumn),
        priority: h.priority,
        iface: h.interface,
        user: h.user,
        login: h.auth.kind === 'key' ? h.auth.key : 'ssh-agent',
      };
      return `  ${h.sudo ? m.hostLineSudo(cells) : m.hostLine(cells)}`;
    }),
  ];
}
