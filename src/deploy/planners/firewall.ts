// Firewall: VRRP (IP protocol 112) from each peer (unicast) or to 224.0.0.18 (multicast), for whichever
// firewall the facts found; nothing when the rule is already there. A firewall that drops VRRP makes every
// node MASTER (docs/keepalived.md, "VRRP on the network").
import type { HostFacts } from '../../facts/types.js';
import type { Cluster } from '../../inventory/model.js';
import { cmd } from '../../remote/command.js';
import type { PlannedCommand } from '../plan.js';

const VRRP_MULTICAST = '224.0.0.18';

export function firewallCommands(cluster: Cluster, peers: string[], facts: HostFacts, warnings: string[]): PlannedCommand[] {
  const rules = facts.firewallRules;
  const sources = cluster.vrrp.unicast ? peers : [undefined];
  const tag = `hasetup-${cluster.name}`;
  const out: PlannedCommand[] = [];
  const what = (src: string | undefined) => (src ? `VRRP from ${src}` : `VRRP to ${VRRP_MULTICAST}`);
  switch (facts.firewall) {
    case 'none':
      return [];
    case 'firewalld': {
      for (const src of sources) {
        const rule = src
          ? `rule family="ipv4" source address="${src}" protocol value="vrrp" accept`
          : `rule family="ipv4" destination address="${VRRP_MULTICAST}" protocol value="vrrp" accept`;
        if (rules.split('\n').some((l) => l.trim() === rule)) continue;
        out.push({
          step: `firewalld: allow ${what(src)}`,
          command: cmd`firewall-cmd --permanent --query-rich-rule=${rule} >/dev/null 2>&1 || firewall-cmd --permanent --add-rich-rule=${rule}`,
        });
      }
      if (out.length > 0) out.push({ step: 'firewalld: reload', command: cmd`firewall-cmd --reload` });
      return out;
    }
    case 'ufw': {
      for (const src of sources) {
        const present = rules.split('\n').some((l) => /proto vrrp/.test(l) && l.includes(src ? `from ${src}` : `to ${VRRP_MULTICAST}`));
        if (present) continue;
        const args = src ? ['ufw', 'allow', 'in', 'proto', 'vrrp', 'from', src] : ['ufw', 'allow', 'in', 'proto', 'vrrp', 'to', VRRP_MULTICAST];
        out.push({ step: `ufw: allow ${what(src)}`, command: cmd`${[...args, 'comment', tag]}` });
      }
      return out;
    }
    case 'nftables': {
      const chain = facts.nftInput;
      if (!chain) return [];
      for (const src of sources) {
        // The rule as nft's words: one argument each, nft joins them.
        const words = src ? ['ip', 'saddr', src, 'ip', 'protocol', 'vrrp', 'accept'] : ['ip', 'daddr', VRRP_MULTICAST, 'ip', 'protocol', 'vrrp', 'accept'];
        const match = words.join(' ');
        if (rules.includes(match)) continue;
        const where = [chain.family, chain.table, chain.chain];
        out.push({
          step: `nftables: allow ${what(src)}`,
          command: cmd`nft list chain ${where} | grep -qF ${match} || nft insert rule ${where} ${words} comment ${`"${tag}"`}`,
        });
      }
      if (out.length > 0) warnings.push('nftables: the VRRP rule was added to the running ruleset only; add it to /etc/nftables.conf to keep it after a reboot');
      return out;
    }
    case 'iptables': {
      for (const src of sources) {
        const sel = src ? `-s ${src}/32` : `-d ${VRRP_MULTICAST}/32`;
        const present = rules.split('\n').some((l) => /^-A INPUT\b/.test(l) && l.includes(sel) && /-p (vrrp|112)\b/.test(l) && /-j ACCEPT\b/.test(l));
        if (present) continue;
        const spec = ['INPUT', '-p', '112', ...(src ? ['-s', src] : ['-d', VRRP_MULTICAST]), '-j', 'ACCEPT'];
        out.push({ step: `iptables: allow ${what(src)}`, command: cmd`iptables -C ${spec} 2>/dev/null || iptables -I ${spec}` });
      }
      if (out.length > 0) warnings.push('iptables: the VRRP rule was added to the running rules only; save them (iptables-save / netfilter-persistent) to keep it after a reboot');
      return out;
    }
  }
}
