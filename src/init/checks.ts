// Pure checks of init's answers against what was found on the hosts (facts in, verdict out; no I/O), so every
// rejection the wizard can give is unit-tested as data. Each check returns true or a message for the person.
import { t } from '../i18n/index.js';
import { URL_PATH_RE } from '../inventory/schema.js';
import { TIMING, type TimingPreset } from '../inventory/model.js';
import { cidrSchema, interfaceSchema, nameSchema } from '../inventory/schema.js';
import type { AdvertSeen } from '../facts/vrrp-listen.js';
import type { HostFacts } from '../facts/types.js';
import { theoreticalBound } from '../failover/measure.js';
import { masterDownSeconds, skewSeconds } from '../vrrp-timing.js';
import type { TimingParams } from '../failover/types.js';
import { addressOf, inSubnet, ipv4ToNumber, isIpv4, numberToIpv4, subnetOf } from '../ipv4.js';
import { joinList } from '../i18n/text.js';

export type Check = true | string;

const hostnameRe = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/;

export function checkClusterName(s: string): Check {
  // The inventory's own rule, with the message in the chosen language.
  return nameSchema.safeParse(s.trim()).success || t().init.check.nameRule;
}

export function checkHostName(s: string, taken: readonly string[]): Check {
  const ok = checkClusterName(s);
  if (ok !== true) return ok;
  return taken.includes(s.trim()) ? t().init.check.hostNameTaken({ name: s.trim() }) : true;
}

export function checkAddress(s: string, taken: readonly string[]): Check {
  const a = s.trim();
  const m = t().init.check;
  if (a === '') return m.addressEmpty;
  if (/^[\d.]+$/.test(a) ? !isIpv4(a) : !hostnameRe.test(a)) return m.addressInvalid;
  if (taken.includes(a)) return m.addressTaken({ address: a });
  return true;
}

export function checkPort(s: string): Check {
  return /^\d{1,5}$/.test(s.trim()) && Number(s) >= 1 && Number(s) <= 65535 ? true : t().init.check.portInvalid;
}

export function checkUser(s: string): Check {
  return /^[a-z_][a-z0-9_-]{0,31}$/.test(s.trim()) ? true : t().init.check.userInvalid;
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
  const m = t().init.check;
  if (!interfaceSchema.safeParse(name).success) return m.interfaceNameInvalid;
  const all = facts.interfaces.map((i) => i.name);
  const usable = ipv4Interfaces(facts);
  if (!all.includes(name)) {
    return usable.length
      ? m.interfaceMissing({ host, iface: name, usable: joinList(usable.map((i) => i.name)) })
      : m.interfaceMissingNoneUsable({ host, iface: name });
  }
  if (!usable.some((i) => i.name === name)) return m.interfaceNoIpv4({ host, iface: name, usable: usable.map((i) => i.name).join(m.orSeparator) });
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
  const m = t().init.check;
  const [addr = '', prefixText] = raw.split('/');
  if (!isIpv4(addr)) return { ok: false, message: m.vipInvalid };
  const nets = hosts.map((h) => {
    const cidr = ipv4Interfaces(h.facts).find((i) => i.name === h.interface)?.ipv4.find((a) => inSubnet(addr, { address: addressOf(a), prefix: Number(a.split('/')[1]) }));
    const first = ipv4Interfaces(h.facts).find((i) => i.name === h.interface)?.ipv4[0];
    return { host: h, cidr, first };
  });
  const outside = nets.filter((n) => n.cidr === undefined);
  if (outside.length > 0) {
    const list = outside.map((n) => m.vipHostInterface({ host: n.host.name, iface: n.host.interface, address: n.first ?? m.noIpv4Address })).join(m.vipHostSeparator);
    return { ok: false, message: m.vipOutsideSubnet({ vip: addr, hosts: list }) };
  }
  const prefix = Number(nets[0]!.cidr!.split('/')[1]);
  if (prefixText !== undefined) {
    if (!/^\d{1,2}$/.test(prefixText) || !cidrSchema.safeParse(raw).success) return { ok: false, message: m.vipPrefixInvalid };
    if (Number(prefixText) !== prefix) {
      return { ok: false, message: m.vipPrefixDiffers({ given: prefixText, subnet: nets[0]!.cidr!, prefix }) };
    }
  }
  const owner = allAddresses(hosts).find((a) => a.address === addr);
  if (owner) return { ok: false, message: m.vipIsHostAddress({ vip: addr, host: owner.host }) };
  if (prefix <= 30) {
    const s = subnetOf(addr, prefix);
    const n = ipv4ToNumber(addr);
    if (n === s.first || n === s.first + s.size - 1) {
      const where = { vip: addr, subnet: `${numberToIpv4(s.first)}/${prefix}` };
      return { ok: false, message: n === s.first ? m.vipIsNetworkAddress(where) : m.vipIsBroadcastAddress(where) };
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
  if (!/^\d{1,3}$/.test(s.trim()) || Number(s) < 1 || Number(s) > 255) return t().init.check.vridInvalid;
  const n = Number(s);
  const users = adverts.filter((a) => a.vrid === n).map((a) => a.source);
  if (users.length > 0) {
    return t().init.check.vridInUse({ vrid: n, sources: joinList([...new Set(users)]), suggestion: suggestVrid(vridsSeen(adverts)) });
  }
  return true;
}

export function checkPriority(s: string): Check {
  return /^\d{1,3}$/.test(s.trim()) && Number(s) >= 1 && Number(s) <= 254 ? true : t().init.check.priorityInvalid;
}

/** Backups get backupBase, backupBase - 1, ...: all must stay at 1 or more and below the master. */
export function checkBackupPriority(s: string, master: number, backups: number): Check {
  const ok = checkPriority(s);
  if (ok !== true) return ok;
  const n = Number(s);
  if (n >= master) return t().init.check.backupPriorityNotBelow({ master });
  if (n - (backups - 1) < 1) return t().init.check.backupPriorityTooLow({ backups, highest: n, lowest: n - backups + 1 });
  return true;
}

export function checkHealthPath(s: string): Check {
  return URL_PATH_RE.test(s.trim()) ? true : t().init.check.healthPathInvalid;
}

export function checkStatus(s: string): Check {
  return /^\d{3}$/.test(s.trim()) && Number(s) >= 100 && Number(s) <= 599 ? true : t().init.check.statusInvalid;
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
  const m = t().init.check;
  const why = bad
    .map((r) =>
      r.status !== undefined
        ? m.healthHostStatus({ host: r.host, status: r.status })
        : r.error
          ? m.healthHostNoAnswerWhy({ host: r.host, error: r.error })
          : m.healthHostNoAnswer({ host: r.host }),
    )
    .join(m.healthHostSeparator);
  return m.healthFailed({ url, status: expected, hosts: why });
}

/** Each timing preset with what it bounds, for the choice list. */
export function timingBounds(preset: TimingPreset, masterPriority: number, backupPriority: number): { crash: number; stop: number; tomcat: number; text: string } {
  const timing = TIMING[preset];
  const p: TimingParams = {
    vrrpVersion: timing.version,
    advertInt: timing.advertInt,
    checkInterval: timing.checkInterval,
    fall: timing.fall,
    rise: timing.rise,
    trackProcess: false,
    watchdogMs: timing.watchdogMs,
    priorityMaster: masterPriority,
    priorityBackup: backupPriority,
  };
  const r = (n: number) => Math.round(n * 1000) / 1000;
  const crash = r(masterDownSeconds(p));
  const stop = r(skewSeconds(p));
  const tomcat = theoreticalBound('tomcat-crash', p).seconds ?? crash;
  const text = t().init.check.timingBounds({ version: timing.version, advertInt: String(timing.advertInt), crash: String(crash), tomcat: String(r(tomcat)), stop: String(stop) });
  return { crash, stop, tomcat: r(tomcat), text };
}
