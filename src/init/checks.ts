// Pure checks of init's answers against what was found on the hosts (facts in, verdict out; no I/O), so every
// rejection the wizard can give is unit-tested as data. Each check returns true or a message for the person.
import { URL_PATH_HINT, URL_PATH_RE } from '../inventory/schema.js';
import { TIMING, type TimingPreset } from '../inventory/model.js';
import { cidrSchema, interfaceSchema, nameSchema } from '../inventory/schema.js';
import type { AdvertSeen } from '../facts/vrrp-listen.js';
import type { HostFacts } from '../facts/types.js';
import { masterDownSeconds, skewSeconds, theoreticalBound } from '../failover/measure.js';
import type { TimingParams } from '../failover/types.js';
import { addressOf, inSubnet, ipv4ToNumber, isIpv4, numberToIpv4, subnetOf } from '../ipv4.js';

export type Check = true | string;

const hostnameRe = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/;

export function checkClusterName(s: string): Check {
  const r = nameSchema.safeParse(s.trim());
  return r.success || `${r.error.issues[0]?.message ?? 'invalid name'}`;
}

export function checkHostName(s: string, taken: readonly string[]): Check {
  const ok = checkClusterName(s);
  if (ok !== true) return ok;
  return taken.includes(s.trim()) ? `${s.trim()} is already the name of another host: give each host its own name` : true;
}

export function checkAddress(s: string, taken: readonly string[]): Check {
  const a = s.trim();
  if (a === '') return 'give the host\'s IPv4 address or DNS name';
  if (/^[\d.]+$/.test(a) ? !isIpv4(a) : !hostnameRe.test(a)) return 'expected an IPv4 address such as 192.0.2.10 or a DNS name such as node1.example.com';
  if (taken.includes(a)) return `${a} is already in this cluster: give each host once`;
  return true;
}

export function checkPort(s: string): Check {
  return /^\d{1,5}$/.test(s.trim()) && Number(s) >= 1 && Number(s) <= 65535 ? true : 'expected a port number from 1 to 65535';
}

export function checkUser(s: string): Check {
  return /^[a-z_][a-z0-9_-]{0,31}$/.test(s.trim()) ? true : 'expected a user name such as root or admin';
}

/** A host name for the inventory from what `hostname` printed: lower case, plain, at most 32 characters. */
export function suggestHostName(hostname: string, index: number, taken: readonly string[]): string {
  const base = hostname.trim().split('.')[0]!.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+/, '').slice(0, 32);
  const candidates = [base, `node${index + 1}`];
  for (const c of candidates) if (c && checkHostName(c, taken) === true) return c;
  for (let n = index + 2; ; n++) if (!taken.includes(`node${n}`)) return `node${n}`;
}

export interface IfaceInfo {
  name: string;
  /** IPv4 addresses with prefix */
  ipv4: string[];
}

/** Interfaces with an IPv4 address, loopback left out. */
export function ipv4Interfaces(facts: HostFacts): IfaceInfo[] {
  return facts.interfaces
    .map((i) => ({ name: i.name, ipv4: i.addresses.filter((a) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(a) && !a.startsWith('127.')) }))
    .filter((i) => i.name !== 'lo' && i.ipv4.length > 0);
}

/** The interface that holds `address` (the one we reached the host on), if any. */
export function interfaceHolding(facts: HostFacts, address: string): string | undefined {
  return ipv4Interfaces(facts).find((i) => i.ipv4.some((a) => addressOf(a) === address))?.name;
}

export function checkInterface(facts: HostFacts, name: string, host: string): Check {
  if (!interfaceSchema.safeParse(name).success) return 'expected a network interface name such as eth0 (at most 15 characters)';
  const all = facts.interfaces.map((i) => i.name);
  const usable = ipv4Interfaces(facts);
  if (!all.includes(name)) return `${host} has no interface ${name}; it has ${usable.map((i) => i.name).join(', ') || 'no interface with an IPv4 address'}`;
  if (!usable.some((i) => i.name === name)) return `${name} on ${host} has no IPv4 address: VRRP and the VIP need one (choose ${usable.map((i) => i.name).join(' or ')})`;
  return true;
}

/** Every address any host holds (without prefix). */
function allAddresses(hosts: readonly VipHost[]): { host: string; address: string }[] {
  return hosts.flatMap((h) => h.facts.interfaces.flatMap((i) => i.addresses.map((a) => ({ host: h.name, address: addressOf(a) }))));
}

export interface VipHost {
  name: string;
  address: string;
  interface: string;
  facts: HostFacts;
}

/**
 * The VIP as address/prefix: a bare address takes the prefix of the first host's interface subnet. It must lie in
 * the subnet of every host's chosen interface (with that subnet's prefix), not be any host's address, nor the
 * network or broadcast address. Whether it answers now is checked live (not here).
 */
export function checkVip(input: string, hosts: readonly VipHost[]): { ok: true; cidr: string } | { ok: false; message: string } {
  const raw = input.trim();
  const [addr = '', prefixText] = raw.split('/');
  if (!isIpv4(addr)) return { ok: false, message: 'expected an IPv4 address such as 192.0.2.100 (a prefix such as /24 is optional)' };
  const nets = hosts.map((h) => {
    const cidr = ipv4Interfaces(h.facts).find((i) => i.name === h.interface)?.ipv4.find((a) => inSubnet(addr, { address: addressOf(a), prefix: Number(a.split('/')[1]) }));
    const first = ipv4Interfaces(h.facts).find((i) => i.name === h.interface)?.ipv4[0];
    return { host: h, cidr, first };
  });
  const outside = nets.filter((n) => n.cidr === undefined);
  if (outside.length > 0) {
    const list = outside.map((n) => `${n.host.name} ${n.host.interface} (${n.first ?? 'no IPv4 address'})`).join(', ');
    return { ok: false, message: `${addr} is not in the subnet of ${list}: the VIP must be a free address in the subnet every host's interface is on` };
  }
  const prefix = Number(nets[0]!.cidr!.split('/')[1]);
  if (prefixText !== undefined) {
    if (!/^\d{1,2}$/.test(prefixText) || !cidrSchema.safeParse(raw).success) return { ok: false, message: 'expected address/prefix with a prefix from 8 to 32, such as 192.0.2.100/24' };
    if (Number(prefixText) !== prefix) {
      return { ok: false, message: `prefix /${prefixText} differs from the hosts' subnet ${nets[0]!.cidr}: use /${prefix} (or leave the prefix out)` };
    }
  }
  const owner = allAddresses(hosts).find((a) => a.address === addr);
  if (owner) return { ok: false, message: `${addr} is already an address of ${owner.host}: the VIP must be an address no host has` };
  if (prefix <= 30) {
    const s = subnetOf(addr, prefix);
    const n = ipv4ToNumber(addr);
    if (n === s.first || n === s.first + s.size - 1) {
      return { ok: false, message: `${addr} is the subnet's ${n === s.first ? 'network' : 'broadcast'} address: use a free host address inside ${numberToIpv4(s.first)}/${prefix}` };
    }
  }
  return { ok: true, cidr: `${addr}/${prefix}` };
}

/** The VRIDs heard, without duplicates, sorted. */
export function vridsSeen(adverts: readonly AdvertSeen[]): number[] {
  return [...new Set(adverts.map((a) => a.vrid))].sort((a, b) => a - b);
}

/** A VRID nobody on the segment uses: 51 and up first (keepalived's sample uses 51), then from 1. */
export function suggestVrid(seen: readonly number[]): number {
  for (let v = 51; v <= 255; v++) if (!seen.includes(v)) return v;
  for (let v = 1; v < 51; v++) if (!seen.includes(v)) return v;
  return 51;
}

export function checkVrid(s: string, adverts: readonly AdvertSeen[]): Check {
  if (!/^\d{1,3}$/.test(s.trim()) || Number(s) < 1 || Number(s) > 255) return 'expected a whole number from 1 to 255';
  const n = Number(s);
  const users = adverts.filter((a) => a.vrid === n).map((a) => a.source);
  if (users.length > 0) {
    return `VRID ${n} is in use on this segment (adverts from ${[...new Set(users)].join(', ')}): two clusters with one VRID fight over it; pick another, such as ${suggestVrid(vridsSeen(adverts))}`;
  }
  return true;
}

export function checkPriority(s: string): Check {
  return /^\d{1,3}$/.test(s.trim()) && Number(s) >= 1 && Number(s) <= 254 ? true : 'expected a whole number from 1 to 254';
}

/** Backups get backupBase, backupBase - 1, ...: all must stay at 1 or more and below the master. */
export function checkBackupPriority(s: string, master: number, backups: number): Check {
  const ok = checkPriority(s);
  if (ok !== true) return ok;
  const n = Number(s);
  if (n >= master) return `a backup's priority must be below the master's ${master}: otherwise the backup takes the VIP at once`;
  if (n - (backups - 1) < 1) return `with ${backups} backups the priorities ${n} down to ${n - backups + 1} must stay at 1 or more`;
  return true;
}

export function checkHealthPath(s: string): Check {
  return URL_PATH_RE.test(s.trim()) ? true : `${URL_PATH_HINT}, such as / or /health`;
}

export function checkStatus(s: string): Check {
  return /^\d{3}$/.test(s.trim()) && Number(s) >= 100 && Number(s) <= 599 ? true : 'expected an HTTP status from 100 to 599, such as 200';
}

export interface HealthResult {
  host: string;
  /** HTTP status, or undefined when Tomcat did not answer */
  status?: number;
  error?: string;
}

/** Every host must answer the health path with the expected status now (else the VIP would never come up). */
export function checkHealth(results: readonly HealthResult[], url: string, expected: number): Check {
  const bad = results.filter((r) => r.status !== expected);
  if (bad.length === 0) return true;
  const why = bad.map((r) => `${r.host}: ${r.status !== undefined ? `status ${r.status}` : `no answer${r.error ? ` (${r.error})` : ''}`}`).join('; ');
  return `${url} did not answer ${expected} on every host (${why}): fix the path, the port or the expected status, or start Tomcat`;
}

/** Each timing preset with what it bounds, for the choice list. */
export function timingBounds(preset: TimingPreset, masterPriority: number, backupPriority: number): { crash: number; stop: number; tomcat: number; text: string } {
  const t = TIMING[preset];
  const p: TimingParams = {
    vrrpVersion: t.version,
    advertInt: t.advertInt,
    checkInterval: t.checkInterval,
    fall: t.fall,
    rise: t.rise,
    trackProcess: false,
    watchdogMs: t.watchdogMs,
    priorityMaster: masterPriority,
    priorityBackup: backupPriority,
  };
  const r = (n: number) => Math.round(n * 1000) / 1000;
  const crash = r(masterDownSeconds(p));
  const stop = r(skewSeconds(p));
  const tomcat = theoreticalBound('tomcat-crash', p).seconds ?? crash;
  const text = `VRRPv${t.version}, advert every ${t.advertInt} s: master crash <= ${crash} s, Tomcat down <= ${r(tomcat)} s, clean stop <= ${stop} s`;
  return { crash, stop, tomcat: r(tomcat), text };
}
