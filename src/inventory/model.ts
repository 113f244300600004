// The inventory after defaults and presets: every field the plan needs, resolved.
import type { RawCluster, RawInventory, RawSsh } from './schema.js';

export type TimingPreset = 'fast' | 'standard' | 'conservative';

/** Each preset's VRRP and check timing. README explains what each costs. */
export const TIMING: Record<
  TimingPreset,
  { version: 2 | 3; advertInt: number; checkInterval: number; fall: number; rise: number; watchdogMs: number; watchdogTimeoutMs: number }
> = {
  // The watchdog's request timeout bounds how fast a hung Tomcat is seen: fall x (timeout + interval).
  fast: { version: 3, advertInt: 0.1, checkInterval: 1, fall: 2, rise: 2, watchdogMs: 100, watchdogTimeoutMs: 500 },
  standard: { version: 3, advertInt: 1, checkInterval: 1, fall: 2, rise: 2, watchdogMs: 250, watchdogTimeoutMs: 1000 },
  conservative: { version: 2, advertInt: 1, checkInterval: 2, fall: 3, rise: 3, watchdogMs: 1000, watchdogTimeoutMs: 1000 },
};

export interface SshSettings {
  user: string;
  port: number;
  key?: string;
  agent: boolean;
  knownHosts: string;
  fingerprint?: string;
  sudo: boolean;
  sudoPasswordEnv?: string;
  connectTimeoutSeconds: number;
}

export interface Host {
  name: string;
  address: string;
  role: 'master' | 'backup';
  priority: number;
  /** undefined: the interface that holds `address`, found from the host's facts. */
  interface?: string;
  ssh: SshSettings;
  /** local power commands (argv, placeholders filled in) for the host-crash scenario */
  power?: PowerCommands;
}

export interface PowerCommands {
  off: string[];
  on: string[];
  status?: string[];
}

type RawCommand = string | string[];

/** A command as argv with {host} and {address} filled in: words stay words, nothing is parsed by a shell. */
export function commandArgv(raw: RawCommand, host: { name: string; address: string }): string[] {
  const words = Array.isArray(raw) ? raw : raw.trim().split(/\s+/);
  return words.map((w) => w.replaceAll('{host}', host.name).replaceAll('{address}', host.address));
}

function resolvePower(
  cluster: { off: RawCommand; on: RawCommand; status?: RawCommand } | undefined,
  own: { off: RawCommand; on: RawCommand; status?: RawCommand } | undefined,
  host: { name: string; address: string },
): PowerCommands | undefined {
  const p = own ?? cluster;
  if (!p) return undefined;
  return { off: commandArgv(p.off, host), on: commandArgv(p.on, host), status: p.status === undefined ? undefined : commandArgv(p.status, host) };
}

export interface Vip {
  address: string; // without prefix
  prefix: number;
  cidr: string;
  interface?: string;
  label?: string;
}

export interface Tomcat {
  service?: string; // undefined: detected from facts
  port: number;
  healthPath: string;
  expectedStatus: number;
  checkInterval: number;
  checkTimeout: number;
  fall: number;
  rise: number;
  watchdog: boolean;
  watchdogIntervalMs: number;
  /** A watchdog request taking longer counts as a failure (a hung Tomcat). */
  watchdogTimeoutMs: number;
  trackProcess: 'auto' | 'on' | 'off';
}

/** keepalived's mail settings: one set per host, whatever clusters share it (docs/keepalived.md). */
export interface EmailSettings {
  to: string[];
  from?: string;
  smtpServer: string;
  smtpPort: number;
}

export interface Alerts {
  webhook?: string;
  /** A path on the host (headers such as a token never leave it). */
  webhookHeadersFile?: string;
  email?: EmailSettings;
  command?: string;
}

/** The same mail settings (the order of the addresses and the relay name's case do not count). */
export function sameEmailSettings(a: EmailSettings, b: EmailSettings): boolean {
  const key = (e: EmailSettings) => JSON.stringify([[...e.to].sort(), e.from ?? null, e.smtpServer.toLowerCase(), e.smtpPort]);
  return key(a) === key(b);
}

export interface Cluster {
  name: string;
  virtualRouterId: number;
  timing: TimingPreset;
  vrrp: {
    version: 2 | 3;
    advertInt: number;
    unicast: boolean;
    preempt: boolean;
    auth?: { passEnv?: string; passFile?: string };
  };
  vips: Vip[];
  tomcat: Tomcat;
  notify?: string;
  alerts: Alerts;
  /** undefined: decided on the host (node_exporter's directory when present). */
  metricsDir?: string;
  hosts: Host[];
}

export interface Inventory {
  file: string;
  clusters: Cluster[];
}

export const DEFAULT_MASTER_PRIORITY = 150;

function resolveSsh(base: RawSsh | undefined, own: RawSsh | undefined): SshSettings {
  const s = { ...base, ...own };
  return {
    user: s.user ?? 'root',
    port: s.port ?? 22,
    key: s.key,
    agent: s.agent ?? false,
    knownHosts: s.known_hosts ?? '~/.ssh/known_hosts',
    fingerprint: s.fingerprint,
    sudo: s.sudo ?? (s.user !== undefined && s.user !== 'root'),
    sudoPasswordEnv: s.sudo_password_env,
    connectTimeoutSeconds: s.connect_timeout ?? 10,
  };
}

/**
 * Priorities: explicit ones win; otherwise the master gets 150 and backups 100, 99, ... in file order.
 * Without any role, the first host is the master. With preempt off, every host starts as BACKUP in
 * keepalived.conf (nopreempt requires it) but the highest priority still wins the first election.
 */
export function resolveCluster(raw: RawCluster): Cluster {
  const timing = raw.timing ?? 'fast';
  const t = TIMING[timing];
  const anyRole = raw.hosts.some((h) => h.role !== undefined);
  let nextBackup = 100;
  const hosts: Host[] = raw.hosts.map((h, i) => {
    const role = h.role ?? (anyRole ? 'backup' : i === 0 ? 'master' : 'backup');
    const priority = h.priority ?? (role === 'master' ? DEFAULT_MASTER_PRIORITY : nextBackup--);
    const power = resolvePower(raw.power, h.power, h);
    return { name: h.name, address: h.address, role, priority, interface: h.interface, ssh: resolveSsh(raw.ssh, h.ssh), ...(power ? { power } : {}) };
  });
  const tc = raw.tomcat ?? {};
  return {
    name: raw.name,
    virtualRouterId: raw.virtual_router_id,
    timing,
    vrrp: {
      version: raw.vrrp?.version ?? t.version,
      advertInt: raw.vrrp?.advert_int ?? t.advertInt,
      unicast: raw.vrrp?.unicast ?? true,
      preempt: raw.vrrp?.preempt ?? true,
      auth: raw.vrrp?.auth ? { passEnv: raw.vrrp.auth.pass_env, passFile: raw.vrrp.auth.pass_file } : undefined,
    },
    vips: raw.vips.map((v) => {
      const [address = '', prefix = '32'] = v.address.split('/');
      return { address, prefix: Number(prefix), cidr: v.address, interface: v.interface, label: v.label };
    }),
    tomcat: {
      // One spelling everywhere: the unit name without `.service` (facts, drop-in paths and scenarios add it).
      service: tc.service?.replace(/\.service$/, ''),
      port: tc.port ?? 8080,
      healthPath: tc.health_path ?? '/',
      expectedStatus: tc.expected_status ?? 200,
      checkInterval: tc.check_interval ?? t.checkInterval,
      checkTimeout: tc.check_timeout ?? 1,
      fall: tc.fall ?? t.fall,
      rise: tc.rise ?? t.rise,
      watchdog: tc.watchdog ?? true,
      watchdogIntervalMs: tc.watchdog_interval_ms ?? t.watchdogMs,
      // Never longer than the HTTP check's own timeout.
      watchdogTimeoutMs: Math.min(t.watchdogTimeoutMs, (tc.check_timeout ?? 1) * 1000),
      trackProcess: tc.track_process ?? 'auto',
    },
    notify: raw.notify,
    alerts: {
      webhook: raw.alerts?.webhook,
      webhookHeadersFile: raw.alerts?.webhook_headers_file,
      email: raw.alerts?.email
        ? { to: raw.alerts.email.to, from: raw.alerts.email.from, smtpServer: raw.alerts.email.smtp_server, smtpPort: raw.alerts.email.smtp_port ?? 25 }
        : undefined,
      command: raw.alerts?.command,
    },
    metricsDir: raw.metrics?.textfile_dir,
    hosts,
  };
}

export function resolveInventory(file: string, raw: RawInventory): Inventory {
  return { file, clusters: raw.clusters.map(resolveCluster) };
}

export function masterOf(c: Cluster): Host {
  return [...c.hosts].sort((a, b) => b.priority - a.priority)[0]!;
}
