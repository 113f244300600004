// What a rollback put back, read from the cluster's keepalived file on each host (templates/cluster.conf.hbs):
// rollback verifies the cluster it restored - its VIPs, priorities, timing and preemption - not the inventory's,
// which may describe a newer one (a VIP added since: verify would look for a VIP the restored files never had).
// Pure.
import type { Cluster, Host, Vip } from '../inventory/model.js';

export interface RestoredInstance {
  vips: { address: string; prefix: number; cidr: string; dev: string; label?: string }[];
  priority: number;
  advertInt: number;
  version: 2 | 3;
  preempt: boolean;
}

/** The vrrp_instance hasetup wrote, or null when the text holds none (not ours, or cut short). */
export function parseRestoredInstance(text: string): RestoredInstance | null {
  const lines = text.split('\n').map((l) => l.trim());
  const start = lines.findIndex((l) => /^vrrp_instance \S+ \{$/.test(l));
  if (start < 0) return null;
  const value = (key: string): string | undefined => {
    for (const l of lines.slice(start + 1)) {
      const m = new RegExp(`^${key} (\\S+)$`).exec(l);
      if (m) return m[1];
    }
    return undefined;
  };
  const priority = Number(value('priority'));
  const advertInt = Number(value('advert_int'));
  const version = Number(value('version') ?? 2);
  if (!Number.isFinite(priority) || !Number.isFinite(advertInt) || (version !== 2 && version !== 3)) return null;
  const vipStart = lines.indexOf('virtual_ipaddress {', start);
  if (vipStart < 0) return null;
  const vips: RestoredInstance['vips'] = [];
  for (const l of lines.slice(vipStart + 1)) {
    if (l === '}') break;
    const m = /^(\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F:]+)\/(\d{1,3}) dev (\S+)(?: label (\S+))?$/.exec(l);
    if (!m) return null;
    vips.push({ address: m[1]!, prefix: Number(m[2]), cidr: `${m[1]}/${m[2]}`, dev: m[3]!, ...(m[4] ? { label: m[4] } : {}) });
  }
  return { vips, priority, advertInt, version, preempt: !lines.slice(start).includes('nopreempt') };
}

/**
 * The inventory's cluster as the restored files describe it: their VIPs (from the host with the highest
 * priority), priorities and roles (the highest is the master), advert interval, VRRP version and preemption.
 * A host whose file could not be read keeps what the inventory says.
 */
export function clusterAsRestored(cluster: Cluster, restored: ReadonlyMap<string, RestoredInstance>): Cluster {
  const known = cluster.hosts.filter((h) => restored.has(h.name));
  if (known.length === 0) return cluster;
  const top = known.reduce((a, b) => (restored.get(b.name)!.priority > restored.get(a.name)!.priority ? b : a));
  const first = restored.get(top.name)!;
  const hosts: Host[] = cluster.hosts.map((h) => {
    const r = restored.get(h.name);
    if (!r) return h;
    return { ...h, priority: r.priority, role: h.name === top.name ? 'master' : 'backup' };
  });
  const vips: Vip[] = first.vips.map((v) => ({ address: v.address, prefix: v.prefix, cidr: v.cidr, interface: v.dev, ...(v.label ? { label: v.label } : {}) }));
  return { ...cluster, vips, hosts, vrrp: { ...cluster.vrrp, advertInt: first.advertInt, version: first.version, preempt: first.preempt } };
}
