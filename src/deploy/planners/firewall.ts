// Opening VRRP in the host's own firewall, from the peers only, in that firewall's own terms (docs/firewalls.md).
// PURE: facts in, commands out. Each command that adds a rule carries the command that removes it again
// (rollback runs those); a rule the facts already show is not added again, so an unchanged rerun adds nothing.
import { ExitCode, HasetupError } from '../../errors.js';
import type { HostFacts } from '../../facts/types.js';
import { en } from '../../i18n/en/index.js';
import { t, type Catalog } from '../../i18n/index.js';
import { cmd, type ShellCommand } from '../../remote/command.js';
import { joinList } from '../../i18n/text.js';

export const VRRP_MULTICAST = '224.0.0.18';

export interface FirewallCommand {
  step: string;
  command: ShellCommand;
  /** Removes what `command` added (rollback). */
  undo: ShellCommand;
  /** `step` in English: the generation manifest on the host records the undo under this name. */
  undoStep: string;
}

type Steps = Catalog['deploy']['steps'];

/** A step's name for the person (the chosen language) and for the host's manifest (English). */
const named = (name: (s: Steps) => string) => ({ step: name(t().deploy.steps), undoStep: name(en.deploy.steps) });

export interface FirewallInput {
  cluster: string;
  /** The interface VRRP runs on (firewalld: its zone gets the rule). */
  iface: string;
  /** The other hosts' addresses: VRRP is accepted from these only. */
  peers: string[];
  /** Multicast adverts go to 224.0.0.18; unicast ones to this host's own address. */
  unicast: boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const isIpv4 = (s: string) => IPV4.test(s) && s.split('.').every((o) => Number(o) <= 255);

/** ufw understands `proto vrrp` from 0.36.2 on (Debian 11's 0.36 refuses it). */
export function ufwKnowsVrrp(version: string | undefined): boolean {
  if (!version) return false;
  const [a = 0, b = 0, c = 0] = version.split('.').map(Number);
  return a > 0 || b > 36 || (b === 36 && c >= 2);
}

export function planFirewall(input: FirewallInput, facts: HostFacts, warnings: string[]): FirewallCommand[] {
  if (facts.firewall === 'none') return [];
  const bad = input.peers.filter((p) => !isIpv4(p));
  if (bad.length > 0) {
    throw new HasetupError(t().deploy.firewallNeedsIpv4({ firewall: facts.firewall, addresses: joinList(bad) }), {
      exitCode: ExitCode.usage,
      hint: t().deploy.firewallNeedsIpv4Hint,
    });
  }
  const dst = input.unicast ? undefined : VRRP_MULTICAST;
  const rule: Rule = {
    tag: `hasetup-${input.cluster}`,
    dst,
    what: (s, peer) => (dst ? s.firewallVrrpFromTo({ peer, dst }) : s.firewallVrrpFrom({ peer })),
  };
  switch (facts.firewall) {
    case 'firewalld':
      return firewalldRules(input, facts, rule);
    case 'ufw':
      return ufwRules(input, facts, rule);
    case 'nftables':
      return nftablesRules(input, facts, rule, warnings);
    case 'iptables':
      return iptablesRules(input, facts, rule, warnings);
  }
}

/** What every firewall's rule says: its comment tag, the multicast destination (none: unicast), its words. */
interface Rule {
  tag: string;
  dst: string | undefined;
  what: (s: Steps, peer: string) => string;
}

/** firewalld: a rich rule per peer, in the interface's zone, running and permanent. */
function firewalldRules(input: FirewallInput, facts: HostFacts, r: Rule): FirewallCommand[] {
  const { dst, what } = r;
  const out: FirewallCommand[] = [];
  const fw = facts.firewalld;
  const zone = fw ? (fw.interfaceZones[input.iface] ?? fw.defaultZone) : undefined;
  const zoneArg = zone ? [`--zone=${zone}`] : [];
  const listed = (kind: 'runtime' | 'permanent') => (zone && fw?.[kind][zone]) ?? facts.firewallRules.split('\n').map((l) => l.trim());
  for (const peer of input.peers) {
    const rule = `rule family="ipv4" source address="${peer}"${dst ? ` destination address="${dst}"` : ''} protocol value="vrrp" accept`;
    if (listed('runtime').includes(rule) && listed('permanent').includes(rule)) continue;
    const fwc = (...a: string[]) => cmd`firewall-cmd ${[...a, ...zoneArg]}`;
    // The running firewall and the permanent configuration both, with no reload (a reload would drop
    // runtime-only rules someone else relies on).
    out.push({
      ...named((s) => (zone ? s.firewalldAllowInZone({ what: what(s, peer), zone }) : s.firewalldAllow({ what: what(s, peer) }))),
      command: cmd`{ ${fwc(`--query-rich-rule=${rule}`)} >/dev/null || ${fwc(`--add-rich-rule=${rule}`)}; } && { ${fwc('--permanent', `--query-rich-rule=${rule}`)} >/dev/null || ${fwc('--permanent', `--add-rich-rule=${rule}`)}; }`,
      undo: cmd`${fwc(`--remove-rich-rule=${rule}`)} >/dev/null; ${fwc('--permanent', `--remove-rich-rule=${rule}`)} >/dev/null; true`,
    });
  }
  return out;
}

/** ufw: `allow in proto vrrp` per peer, or a before.rules line where ufw is older than 0.36.2. */
function ufwRules(input: FirewallInput, facts: HostFacts, r: Rule): FirewallCommand[] {
  const { tag, dst, what } = r;
  const out: FirewallCommand[] = [];
  const ufw = facts.ufw;
  if (ufw && !ufwKnowsVrrp(ufw.version) && ufw.version) {
    // ufw before 0.36.2 has no `proto vrrp`: its documented place for such rules is /etc/ufw/before.rules.
    // The line goes before the COMMIT of the *filter table only (a *nat or *mangle table has no
    // ufw-before-input chain: a copy there makes ufw reload fail), through a temporary file that must
    // hold it, written back in place (the file keeps its owner and mode).
    const file = '/etc/ufw/before.rules';
    const tmp = `${file}.hasetup-tmp`;
    for (const peer of input.peers) {
      const line = `-A ufw-before-input -p 112 -s ${peer}${dst ? ` -d ${dst}` : ''} -m comment --comment ${tag} -j ACCEPT`;
      if (ufw.beforeRules.some((l) => l.trim() === line)) continue;
      const insert = cmd`sed -e ${'/^\\*filter$/,/^COMMIT$/{'} -e ${'/^COMMIT$/i\\'} -e ${line} -e ${'}'} ${file} > ${tmp}`;
      out.push({
        ...named((s) => s.ufwAllowBeforeRules({ version: ufw.version!, what: what(s, peer), file })),
        command: cmd`{ grep -qxF -- ${line} ${file} || { ${insert} && grep -qxF -- ${line} ${tmp} && cat ${tmp} > ${file}; rc=$?; rm -f ${tmp}; [ "$rc" -eq 0 ]; }; } && ufw reload >/dev/null`,
        undo: cmd`grep -vxF -- ${line} ${file} > ${`${file}.hasetup-tmp`}; cat ${`${file}.hasetup-tmp`} > ${file} && rm -f ${`${file}.hasetup-tmp`} && ufw reload >/dev/null`,
      });
    }
    return out;
  }
  const rules = facts.firewallRules.split('\n');
  for (const peer of input.peers) {
    const spec = ['allow', 'in', 'proto', 'vrrp', 'from', peer, ...(dst ? ['to', dst] : [])];
    const present = rules.some((l) => /\bproto vrrp\b/.test(l) && l.includes(`from ${peer}`) && (!dst || l.includes(`to ${dst}`)));
    if (present) continue;
    out.push({
      ...named((s) => s.ufwAllow({ what: what(s, peer) })),
      command: cmd`ufw ${[...spec, 'comment', tag]}`,
      undo: cmd`ufw --force delete ${spec}`,
    });
  }
  return out;
}

/** nftables: a rule per peer in the input chain the facts found (not persistent: a warning says so). */
function nftablesRules(input: FirewallInput, facts: HostFacts, r: Rule, warnings: string[]): FirewallCommand[] {
  const { tag, dst, what } = r;
  const out: FirewallCommand[] = [];
  const chain = facts.nftInput;
  if (!chain) return [];
  const where = [chain.family, chain.table, chain.chain];
  for (const peer of input.peers) {
    const match = `ip saddr ${peer}${dst ? ` ip daddr ${dst}` : ''} ip protocol vrrp accept`;
    if (facts.firewallRules.includes(match)) continue;
    out.push({
      ...named((s) => s.nftablesAllow({ what: what(s, peer) })),
      // the rule's words go to nft as separate arguments (nft joins them): each one quoted, none parsed by sh
      command: cmd`nft list chain ${where} | grep -qF -- ${match} || nft insert rule ${where} ${match.split(' ')} comment ${`"${tag}"`}`,
      undo: cmd`for h in $(nft -a list chain ${where} | grep -F -- ${`${match} comment "${tag}"`} | sed -n 's/.*# handle \\([0-9][0-9]*\\)$/\\1/p'); do nft delete rule ${where} handle "$h"; done`,
    });
  }
  if (out.length > 0) warnings.push(t().deploy.nftablesNotPersistent);
  return out;
}

/** iptables: an INPUT rule per peer, saved where the host keeps its rules. */
function iptablesRules(input: FirewallInput, facts: HostFacts, r: Rule, warnings: string[]): FirewallCommand[] {
  const { tag, dst, what } = r;
  const out: FirewallCommand[] = [];
  const rules = facts.firewallRules.split('\n');
  const save =
    facts.iptablesPersistence === 'netfilter-persistent'
      ? cmd`netfilter-persistent save >/dev/null 2>&1`
      : facts.iptablesPersistence === 'sysconfig'
        ? cmd`iptables-save > /etc/sysconfig/iptables.hasetup-tmp && mv -f /etc/sysconfig/iptables.hasetup-tmp /etc/sysconfig/iptables`
        : undefined;
  for (const peer of input.peers) {
    const present = rules.some(
      (l) => /^-A INPUT\b/.test(l) && l.includes(`-s ${peer}/32`) && (!dst || l.includes(`-d ${dst}/32`)) && /-p (vrrp|112)\b/.test(l) && /-j ACCEPT\b/.test(l),
    );
    if (present) continue;
    const spec = ['INPUT', '-p', '112', '-s', peer, ...(dst ? ['-d', dst] : []), '-m', 'comment', '--comment', tag, '-j', 'ACCEPT'];
    out.push({
      ...named((s) => (save ? s.iptablesAllowSaved({ what: what(s, peer), persistence: String(facts.iptablesPersistence) }) : s.iptablesAllow({ what: what(s, peer) }))),
      command: save ? cmd`{ iptables -C ${spec} 2>/dev/null || iptables -I ${spec}; } && ${save}` : cmd`iptables -C ${spec} 2>/dev/null || iptables -I ${spec}`,
      undo: save ? cmd`while iptables -C ${spec} 2>/dev/null; do iptables -D ${spec} || break; done; ${save}` : cmd`while iptables -C ${spec} 2>/dev/null; do iptables -D ${spec} || break; done`,
    });
  }
  if (out.length > 0 && !save) {
    warnings.push(t().deploy.iptablesNotPersistent);
  }
  return out;
}
