// The init flow, written once for both paths (the Asker decides whether a person answers or the flags do):
// cluster -> hosts (first contact: host key shown and trusted, connect, facts) -> interface -> VIP -> VRID
// (listen for adverts) -> master and priorities -> unicast/multicast -> timing -> Tomcat health check (tried
// live) -> summary. Every answer is checked against the real hosts before the next question.
import { UsageError } from '../errors.js';
import { addressOf } from '../ipv4.js';
import type { TimingPreset } from '../inventory/model.js';
import { timingPresets } from '../inventory/schema.js';
import { hostKeyRefusalMessage } from '../remote/ssh.js';
import { verifyHostKey } from '../remote/knownhosts.js';
import { knownHostsLine } from '../remote/hostkey.js';
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
    throw new UsageError(message, hint ?? 'nothing was written; fix the value and run again');
  }
  o.print(`✖ ${message}`);
  if (hint) o.print(`  ${hint}`);
}

function describeHost(name: string, h: InitHost): string[] {
  const f = h.facts;
  const os = `${f.os.id || 'unknown OS'} ${f.os.versionId}`.trim();
  const ifaces = ipv4Interfaces(f)
    .map((i) => `${i.name} ${i.ipv4.join(' ')}`)
    .join(', ');
  const ka = f.keepalived.installed ? `keepalived ${f.keepalived.version ?? ''} installed${f.keepalived.active ? ' (running)' : ''}`.replace('  ', ' ') : 'keepalived not installed (deploy installs it)';
  const tc = f.tomcat.service
    ? `Tomcat: ${f.tomcat.service}${f.tomcat.active ? ' running' : ' NOT running'}${h.tomcatPorts.length ? `, port ${h.tomcatPorts.join(', ')}` : ''}`
    : 'Tomcat: no tomcat service found';
  return [`found on ${name} (${h.hostname || h.ip}): ${os}`, `  interfaces: ${ifaces || 'none with IPv4'}`, `  ${ka}`, `  ${tc}`];
}

async function askHost(o: FlowOptions, i: number, found: readonly FoundHost[], accepted: string[]): Promise<FoundHost> {
  const { ask, io } = o;
  const prev = found[i - 1];
  const label = `host ${i + 1}`;
  for (;;) {
    const address = await ask.text({
      key: `hosts.${i}.address`,
      message: `${label}: address (IPv4 or DNS name)`,
      validate: (s) => checkAddress(s, found.map((h) => h.address)),
    });
    const port = Number(await ask.text({ key: `hosts.${i}.port`, message: `${label}: SSH port`, default: String(prev?.port ?? DEFAULTS.port), validate: checkPort }));
    const user = await ask.text({ key: `hosts.${i}.user`, message: `${label}: SSH user`, default: prev?.user ?? DEFAULTS.user, validate: checkUser });
    const kind = await ask.choose<'key' | 'agent'>({
      key: `hosts.${i}.auth`,
      message: `${label}: log in with`,
      choices: [
        { value: 'key', name: 'a private key file' },
        { value: 'agent', name: 'the keys in ssh-agent', description: io.env.SSH_AUTH_SOCK ? `SSH_AUTH_SOCK=${io.env.SSH_AUTH_SOCK}` : 'SSH_AUTH_SOCK is not set' },
      ],
      default: prev?.auth.kind ?? (io.env.SSH_AUTH_SOCK ? 'agent' : 'key'),
    });
    let auth: SshAuth = { kind: 'agent' };
    if (kind === 'key') {
      const key = await ask.text({
        key: `hosts.${i}.key`,
        message: `${label}: private key file`,
        default: prev?.auth.kind === 'key' ? prev.auth.key : DEFAULTS.key,
        validate: async (p) => ((await io.readable(p)) ? true : `cannot read the key file ${p}`),
      });
      auth = { kind: 'key', key };
    } else if (!io.env.SSH_AUTH_SOCK) {
      rejection(o, 'ssh-agent was chosen but SSH_AUTH_SOCK is not set', 'start ssh-agent and ssh-add your key, or use a key file');
      continue;
    }

    // First contact: the key the host presents, checked against known_hosts (and keys accepted in this run).
    let presented;
    try {
      presented = await io.fetchHostKey(address, port);
    } catch (e) {
      rejection(o, `${address}: ${(e as Error).message}`, 'check the address and the SSH port');
      continue;
    }
    const verdict = verifyHostKey({
      knownHostsText: `${await io.readKnownHosts(o.knownHostsFile)}\n${accepted.join('\n')}`,
      host: address,
      port,
      keyType: presented.keyType,
      keyBlob: presented.keyBlob,
    });
    let known = verdict.ok;
    if (!verdict.ok) {
      if (verdict.reason !== 'unknown') {
        rejection(o, hostKeyRefusalMessage(verdict, { address, port, knownHostsFile: o.knownHostsFile, knownHostsMissing: false }));
        continue;
      }
      o.print(`${address} port ${port} presents this host key (first contact; not in ${o.knownHosts}):`);
      o.print(`  ${presented.keyType} ${presented.fingerprint}`);
      o.print(`  compare it out of band, on the host: ssh-keygen -lf /etc/ssh/ssh_host_${presented.keyType.replace(/^ssh-|-sha2-nistp\d+$/g, '').replace('ecdsa', 'ecdsa')}_key.pub`);
      const trust = await ask.confirm({
        key: `trust.${presented.fingerprint}`,
        alsoKeys: ['trust.*'],
        message: `Trust this key and store it in ${o.knownHosts}?`,
        default: false,
      });
      if (!trust) {
        rejection(
          o,
          `host key of ${address} not trusted (${presented.keyType} ${presented.fingerprint})`,
          ask.interactive ? 'answer yes once you have checked the fingerprint, or give another host' : `after checking it, pass --trust-fingerprint ${presented.fingerprint}`,
        );
        continue;
      }
      accepted.push(knownHostsLine(address, port, presented.keyType, presented.keyBlob));
      known = false;
    }

    const sudo =
      user === 'root'
        ? false
        : await ask.confirm({ key: `hosts.${i}.sudo`, message: `${label}: ${user} is not root: run commands with sudo (needs passwordless sudo)?`, default: true });

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
      message: `${label}: name in the inventory`,
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
  const { ask, print } = o;
  const cluster = await ask.text({ key: 'cluster', message: 'cluster name (lower-case letters, digits, dashes)', validate: checkClusterName });

  // Hosts, each connected and inspected at once.
  const found: FoundHost[] = [];
  const accepted: string[] = [];
  for (let i = 0; ; i++) {
    if (i >= 2 && !(await ask.confirm({ key: `hosts.${i}.add`, message: 'add another host?', default: false }))) break;
    found.push(await askHost(o, i, found, accepted));
  }

  // Interface of each host: default the one that holds the address we reached it on.
  const ifaces: string[] = [];
  for (const [i, h] of found.entries()) {
    const usable = ipv4Interfaces(h.conn.facts);
    const iface = await ask.choose({
      key: `hosts.${i}.interface`,
      message: `${h.name}: interface for VRRP and the VIP`,
      choices: usable.map((u) => ({ value: u.name, name: `${u.name}  ${u.ipv4.join(' ')}` })),
      default: interfaceHolding(h.conn.facts, h.conn.ip),
      invalid: (v) => String(checkInterface(h.conn.facts, v, h.name)),
    });
    ifaces.push(iface);
  }
  const vipHosts = found.map((h, i) => ({ name: h.name, address: h.conn.ip, interface: ifaces[i]!, facts: h.conn.facts }));

  // VIP: in the subnet, not a host's address, and nobody answering on it now.
  const vipInput = await ask.text({
    key: 'vip',
    message: 'virtual IP (VIP) clients will use, in the hosts\' subnet',
    validate: async (s) => {
      const r = checkVip(s, vipHosts);
      if (!r.ok) return r.message;
      const addr = addressOf(r.cidr);
      const answers = await found[0]!.conn.vipAnswers(addr, ifaces[0]!);
      if (answers === true) return `${addr} answers on the network now (seen from ${found[0]!.name}): another machine uses it; choose a free address`;
      if (answers === undefined) print(`  note: could not check from ${found[0]!.name} whether ${addr} is free (no ping)`);
      return true;
    },
  });
  const checked = checkVip(vipInput, vipHosts);
  const vip = checked.ok ? checked.cidr : vipInput;

  // VRID: listen for adverts on the segment first.
  const secs = o.listenSeconds ?? DEFAULTS.listenSeconds;
  print(`listening for VRRP adverts on ${found[0]!.name} for ${secs} s...`);
  const heard: AdvertSeen[] | undefined = await found[0]!.conn.listen(secs);
  if (heard === undefined) print(`  could not listen on ${found[0]!.name} (no perl there): choose a VRID you know is free on this segment`);
  else if (heard.length === 0) print('  no VRRP adverts heard: every VRID is free here');
  else print(`  heard: ${heard.map((a) => `VRID ${a.vrid} from ${a.source}`).join(', ')}`);
  const vrid = Number(
    await ask.text({
      key: 'vrid',
      message: 'virtual_router_id (1-255, unique on the segment)',
      default: String(suggestVrid(vridsSeen(heard ?? []))),
      validate: (s) => checkVrid(s, heard ?? []),
    }),
  );

  // Master and priorities.
  const master = await ask.choose({
    key: 'master',
    message: 'which host is the master (holds the VIP while healthy)?',
    choices: found.map((h) => ({ value: h.name, name: `${h.name} (${h.address})` })),
    default: found[0]!.name,
  });
  const masterPriority = Number(await ask.text({ key: 'master-priority', message: `priority of ${master} (1-254)`, default: String(DEFAULTS.masterPriority), validate: checkPriority }));
  const backups = found.length - 1;
  const backupPriority = Number(
    await ask.text({
      key: 'backup-priority',
      message: backups > 1 ? 'priority of the first backup (the next get one less each)' : 'priority of the backup',
      default: String(Math.min(DEFAULTS.backupPriority, masterPriority - 1)),
      validate: (s) => checkBackupPriority(s, masterPriority, backups),
    }),
  );

  const transport = await ask.choose<'unicast' | 'multicast'>({
    key: 'transport',
    message: 'VRRP adverts',
    choices: [
      { value: 'unicast', name: 'unicast (recommended: works where multicast is dropped)' },
      { value: 'multicast', name: 'multicast 224.0.0.18 (needs multicast on the segment)' },
    ],
    default: 'unicast',
  });

  const timing = await ask.choose<TimingPreset>({
    key: 'timing',
    message: 'timing preset (failover bounds)',
    choices: timingPresets.map((p) => ({ value: p, name: `${p.padEnd(12)} ${timingBounds(p, masterPriority, backupPriority).text}` })),
    default: DEFAULTS.timing,
  });

  // Tomcat: tried live on every host.
  let tomcat: InitAnswers['tomcat'];
  const detected = found.find((h) => h.conn.tomcatPorts.length > 0)?.conn.tomcatPorts[0] ?? DEFAULTS.tomcatPort;
  for (;;) {
    const port = Number(await ask.text({ key: 'tomcat-port', message: "Tomcat's HTTP port", default: String(detected), validate: checkPort }));
    const healthPath = await ask.text({ key: 'health-path', message: 'health check path', default: DEFAULTS.healthPath, validate: checkHealthPath });
    const expectedStatus = Number(await ask.text({ key: 'expected-status', message: 'expected HTTP status', default: String(DEFAULTS.expectedStatus), validate: checkStatus }));
    const results = await Promise.all(found.map(async (h) => ({ host: h.name, ...(await h.conn.httpStatus(port, healthPath)) })));
    const ok = checkHealth(results, `http://127.0.0.1:${port}${healthPath}`, expectedStatus);
    if (ok === true) {
      print(`  health check: every host answered ${expectedStatus} at http://127.0.0.1:${port}${healthPath}`);
      tomcat = { port, healthPath, expectedStatus };
      break;
    }
    rejection(o, ok);
  }

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

/** The summary shown before writing. */
export function summary(a: InitAnswers): string[] {
  const master = a.hosts.find((h) => h.role === 'master')!;
  const backup = Math.max(...a.hosts.filter((h) => h.role === 'backup').map((h) => h.priority));
  return [
    `cluster ${a.cluster}: VIP ${a.vip}, virtual_router_id ${a.vrid}, ${a.unicast ? 'unicast' : 'multicast'}`,
    `timing ${a.timing}: ${timingBounds(a.timing, master.priority, backup).text}`,
    `Tomcat: port ${a.tomcat.port}, health check ${a.tomcat.healthPath} expects ${a.tomcat.expectedStatus}`,
    ...a.hosts.map(
      (h) =>
        `  ${h.name.padEnd(12)} ${h.address}:${h.port} ${h.role.padEnd(6)} priority ${h.priority} ${h.interface}, ${h.user}@ with ${h.auth.kind === 'key' ? h.auth.key : 'ssh-agent'}${h.sudo ? ' + sudo' : ''}`,
    ),
  ];
}
