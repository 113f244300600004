// The firewall in front of VRRP: firewalld (zones and rich rules), ufw (version, hasetup's before.rules lines),
// iptables or nftables with an input chain that could drop, or none; and how iptables rules persist.
import { cmd } from '../../remote/command.js';
import type { Firewall, FirewalldFacts, NftInputChain } from '../types.js';
import type { FactSection } from './section.js';

/** The input-hook chains of an nft ruleset that could drop: policy drop or a drop/reject rule. */
export function nftDroppingInputChain(ruleset: string): NftInputChain | undefined {
  let table: { family: string; name: string } | undefined;
  let chain: { name: string; input: boolean; drops: boolean } | undefined;
  let found: NftInputChain | undefined;
  for (const line of ruleset.split('\n')) {
    const t = /^table\s+(\S+)\s+(\S+)\s*\{/.exec(line);
    if (t) {
      table = { family: t[1]!, name: t[2]! };
      continue;
    }
    const c = /^\s+chain\s+(\S+)\s*\{/.exec(line);
    if (c && table) {
      chain = { name: c[1]!, input: false, drops: false };
      continue;
    }
    if (!chain || !table) continue;
    if (/^\s*\}\s*$/.test(line)) {
      if (chain.input && chain.drops && !found) found = { family: table.family, table: table.name, chain: chain.name };
      chain = undefined;
      continue;
    }
    if (/\bhook\s+input\b/.test(line)) chain.input = true;
    if (/\bpolicy\s+drop\b/.test(line) || /(^|\s)(drop|reject)(\s|;|$)/.test(line)) chain.drops = true;
  }
  return found;
}

const ZONE_RE = /^[A-Za-z0-9_.-]{1,40}$/;

/** The @@firewalld_zones block: default zone, which interface is in which active zone, rich rules per zone. */
export function parseFirewalldZones(lines: string[]): FirewalldFacts | undefined {
  if (lines.length === 0) return undefined;
  const out: FirewalldFacts = { interfaceZones: {}, runtime: {}, permanent: {} };
  let zone: string | undefined;
  for (const line of lines) {
    const def = /^default (\S+)$/.exec(line);
    if (def && ZONE_RE.test(def[1]!)) {
      out.defaultZone = def[1];
      continue;
    }
    const act = /^active (\S.*)$/.exec(line);
    if (act) {
      const head = /^([^\s:]+)(\s|$)/.exec(act[1]!);
      if (head && !act[1]!.includes(':')) zone = ZONE_RE.test(head[1]!) ? head[1] : undefined;
      continue;
    }
    const ifs = /^active\s+interfaces:\s*(.*)$/.exec(line);
    if (ifs && zone) for (const i of ifs[1]!.split(/\s+/).filter(Boolean)) out.interfaceZones[i] = zone;
    const rule = /^(runtime|permanent) (\S+) (rule .*)$/.exec(line);
    if (rule && ZONE_RE.test(rule[2]!)) (out[rule[1] as 'runtime' | 'permanent'][rule[2]!] ??= []).push(rule[3]!.trim());
  }
  return out;
}

/** `iptables -S INPUT` could drop: policy DROP or a DROP/REJECT rule in INPUT. */
function iptablesDrops(lines: string[]): boolean {
  return lines.some((l) => /^-P INPUT DROP\b/.test(l) || (/^-A INPUT\b/.test(l) && /-j (DROP|REJECT)\b/.test(l)));
}

export const firewall: FactSection<'firewall' | 'firewallRules' | 'nftInput' | 'firewalld' | 'ufw' | 'iptablesPersistence'> = {
  kvAfterUnits: () => cmd`fwd=$(unit_field firewalld.service 3)
kv firewalld "$fwd"
if have netfilter-persistent; then kv iptables_persist netfilter-persistent
elif [ -f /etc/sysconfig/iptables ]; then kv iptables_persist sysconfig; fi`,
  blocks: () => cmd`echo '@@firewalld_rules'
if [ "$fwd" = active ] && have firewall-cmd; then firewall-cmd --list-rich-rules 2>/dev/null; fi
echo '@@firewalld_zones'
if [ "$fwd" = active ] && have firewall-cmd; then
  d=$(firewall-cmd --get-default-zone 2>/dev/null)
  printf 'default %s\n' "$d"
  active=$(firewall-cmd --get-active-zones 2>/dev/null)
  printf '%s\n' "$active" | awk 'NF { print "active " $0 }'
  for z in $(printf '%s\n%s\n' "$d" "$active" | awk '/^[^[:space:]]/ { print $1 }' | sort -u); do
    firewall-cmd --zone="$z" --list-rich-rules 2>/dev/null | awk -v z="$z" 'NF { print "runtime " z " " $0 }'
    firewall-cmd --permanent --zone="$z" --list-rich-rules 2>/dev/null | awk -v z="$z" 'NF { print "permanent " z " " $0 }'
  done
fi
echo '@@ufw_status'
if have ufw; then ufw status 2>/dev/null; fi
echo '@@ufw_version'
if have ufw; then ufw version 2>/dev/null | head -n 1; fi
echo '@@ufw_before'
if [ -f /etc/ufw/before.rules ]; then grep -F 'hasetup-' /etc/ufw/before.rules 2>/dev/null; fi
echo '@@ufw_added'
if have ufw; then ufw show added 2>/dev/null; fi
echo '@@iptables'
if have iptables; then iptables -S INPUT 2>/dev/null; fi
echo '@@nft'
if have nft; then nft list ruleset 2>/dev/null; fi`,
  parse: ({ kv, blocks, block }) => {
    const ufwStatus = block('ufw_status');
    const iptables = block('iptables');
    const nft = (blocks.get('nft') ?? []).join('\n');
    let found: Firewall = 'none';
    let firewallRules = '';
    let nftInput: NftInputChain | undefined;
    if (kv.get('firewalld') === 'active') {
      found = 'firewalld';
      firewallRules = block('firewalld_rules').join('\n');
    } else if (ufwStatus.some((l) => /^Status:\s*active/.test(l))) {
      found = 'ufw';
      firewallRules = block('ufw_added').join('\n');
    } else if (iptablesDrops(iptables)) {
      found = 'iptables';
      firewallRules = iptables.join('\n');
    } else if ((nftInput = nftDroppingInputChain(nft))) {
      found = 'nftables';
      firewallRules = nft;
    }
    const firewalld = found === 'firewalld' ? parseFirewalldZones(block('firewalld_zones')) : undefined;
    const ufwVersion = /(\d+\.\d+(?:\.\d+)?)/.exec(block('ufw_version')[0] ?? '')?.[1];
    const persist = kv.get('iptables_persist');
    return {
      firewall: found,
      firewallRules,
      nftInput,
      ...(firewalld ? { firewalld } : {}),
      ...(found === 'ufw' ? { ufw: { version: ufwVersion, beforeRules: block('ufw_before') } } : {}),
      ...(persist === 'netfilter-persistent' || persist === 'sysconfig' ? { iptablesPersistence: persist } : {}),
    };
  },
};
