// The goodbye after a crash (docs/keepalived.md): when keepalived dies without sending its priority-0 advert,
// keepalived's drop-in runs templates/goodbye.pl.hbs, which sends it for the host that was MASTER. Pure: the
// script's data (version, VRID, interval, source, destinations, VIPs, password) and the drop-in's line.
import type { HostFacts } from '../../facts/types.js';
import { goodbyeScriptPath } from '../../hostpaths.js';
import type { Cluster } from '../../inventory/model.js';
import { INTERFACE_RE } from '../../inventory/schema.js';
import { addressOf, isIpv4 } from '../../ipv4.js';
import { renderTemplate } from '../../render/render.js';
import { execWord } from '../../render/systemd.js';
import type { VrrpSettings } from './vrrp.js';

/** keepalived's multicast group for VRRP over IPv4. */
export const VRRP_MCAST_GROUP = '224.0.0.18';

export interface GoodbyeData {
  cluster: string;
  version: 2 | 3;
  vrid: number;
  /** The advert's interval field: seconds with VRRPv2, centiseconds with VRRPv3. */
  adverInt: number;
  /** The advert's source: unicast_src_ip, or (multicast) the interface's first IPv4 address, as keepalived picks it. */
  src: string;
  /** Every unicast peer, or the multicast group. */
  dsts: string[];
  vips: { address: string; dev: string }[];
  /** auth_pass (VRRPv2 PASS) in hex: no character of it can reach the script as code. */
  authHex: string | null;
}

export interface GoodbyeInput {
  cluster: Cluster;
  facts: HostFacts;
  iface: string;
  vrrp: VrrpSettings;
}

/** What the script needs, or null when this host has no IPv4 source address to send from (then no goodbye). */
export function goodbyeData({ cluster, facts, iface, vrrp }: GoodbyeInput): GoodbyeData | null {
  const { version, advertInt, unicast } = cluster.vrrp;
  const src = unicast ? vrrp.srcIp : facts.interfaces.find((i) => i.name === iface)?.addresses.map(addressOf).find(isIpv4);
  if (!src || !isIpv4(src)) return null;
  const dsts = unicast ? vrrp.peers : [VRRP_MCAST_GROUP];
  const vips = vrrp.vips.map((v) => ({ address: addressOf(v.cidr), dev: v.dev }));
  // Second wall (the inventory checks them first): every value lands in a data line split on spaces.
  for (const a of [...dsts, ...vips.map((v) => v.address)]) if (!isIpv4(a)) throw new Error(`goodbye: ${JSON.stringify(a)} is not an IPv4 address`);
  for (const v of vips) if (!INTERFACE_RE.test(v.dev)) throw new Error(`goodbye: ${JSON.stringify(v.dev)} is not an interface name`);
  if (!/^[A-Za-z0-9_-]+$/.test(cluster.name)) throw new Error(`goodbye: ${JSON.stringify(cluster.name)} is not a cluster name`);
  return {
    cluster: cluster.name,
    version,
    vrid: cluster.virtualRouterId,
    adverInt: version === 3 ? Math.round(advertInt * 100) : Math.round(advertInt),
    src,
    dsts,
    vips,
    authHex: version === 2 && vrrp.auth ? Buffer.from(vrrp.auth.pass, 'latin1').toString('hex') : null,
  };
}

export function renderGoodbyeScript(data: GoodbyeData): string {
  return renderTemplate('goodbye.pl', data);
}

/** The drop-in's ExecStopPost= value: before the lines that remove the VIPs (the script looks for them). */
export function goodbyeExecLine(cluster: string): string {
  return `-/usr/bin/perl ${execWord(goodbyeScriptPath(cluster))}`;
}
