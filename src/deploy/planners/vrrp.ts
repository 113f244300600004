// The VRRP instance's addressing and authentication: unicast source and peers, the password, the VIPs.
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/index.js';
import type { HostFacts } from '../../facts/types.js';
import type { Cluster, Host } from '../../inventory/model.js';
import { addressOf, isIpv4 } from '../../ipv4.js';
import { AUTH_PASS_RE } from '../secrets.js';
import { joinList } from '../../i18n/text.js';

export interface VrrpSettings {
  /** unicast_src_ip: the host's address, or its interface's IPv4 address when the inventory names it by DNS. */
  srcIp: string;
  /** The other hosts' addresses (unicast peers, firewall sources). */
  peers: string[];
  auth: { pass: string } | null;
  vips: { cidr: string; dev: string; label: string | null }[];
}

export function vrrpSettings(cluster: Cluster, host: Host, facts: HostFacts, iface: string, secrets: { authPass?: string }, warnings: string[]): VrrpSettings {
  const others = cluster.hosts.filter((h) => h.name !== host.name);
  let srcIp = host.address;
  const peers = others.map((h) => h.address);
  if (cluster.vrrp.unicast) {
    if (!isIpv4(srcIp)) {
      const own = facts.interfaces.find((i) => i.name === iface)?.addresses.map(addressOf).find(isIpv4);
      if (!own) throw new UsageError(t().deploy.unicastNeedsOwnIpv4({ host: host.name, iface }), t().deploy.unicastNeedsOwnIpv4Hint);
      srcIp = own;
    }
    const bad = others.filter((h) => !isIpv4(h.address));
    if (bad.length > 0) {
      const hosts = joinList(bad.map((h) => t().deploy.unicastHostHasAddress({ host: h.name, address: h.address })));
      throw new UsageError(t().deploy.unicastNeedsPeerIpv4({ hosts }), t().deploy.unicastNeedsPeerIpv4Hint);
    }
  }
  return { srcIp, peers, auth: authOf(cluster, secrets, warnings), vips: vipsOf(cluster, iface) };
}

/** VRRPv2 only; auth_pass goes into keepalived.conf unquoted (quotes would become part of it). */
function authOf(cluster: Cluster, secrets: { authPass?: string }, warnings: string[]): { pass: string } | null {
  if (!cluster.vrrp.auth) return null;
  if (cluster.vrrp.version === 3) {
    warnings.push(t().deploy.authIgnoredV3);
    return null;
  }
  if (!secrets.authPass) throw new UsageError(t().deploy.authNoPassword({ cluster: cluster.name }), t().deploy.authNoPasswordHint);
  // readClusterSecrets refuses these before any connection; the plan is pure and checks again.
  if (!AUTH_PASS_RE.test(secrets.authPass)) {
    throw new UsageError(t().deploy.authBadPassword, t().deploy.authBadPasswordHint);
  }
  return { pass: secrets.authPass };
}

function vipsOf(cluster: Cluster, iface: string): VrrpSettings['vips'] {
  return cluster.vips.map((v) => {
    const dev = v.interface ?? iface;
    const label = v.label ? `${dev}:${v.label}` : null;
    if (label && label.length > 15) throw new UsageError(t().deploy.vipLabelTooLong({ cidr: v.cidr, label }), t().deploy.vipLabelTooLongHint);
    return { cidr: v.cidr, dev, label };
  });
}
