// Facts: one POSIX sh script, run as root in one SSH round trip, prints everything the plan needs in
// `@@section` blocks; parseFacts turns that text into HostFacts (pure, tested on recorded outputs).
import { INTERFACE_RE, SERVICE_NAME_RE } from '../inventory/schema.js';
import { HostStepError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd, type ShellCommand } from '../remote/command.js';
import { splitAtThen, thenScript } from '../remote/then.js';

export { THEN_MARK } from '../remote/then.js';
import type { Firewall, FirewalldFacts, HostFacts, NftInputChain, OsFamily, UnitState } from './types.js';

export const SCRIPT_USER = 'keepalived_script';

export interface FactsOptions {
  /** The Tomcat unit named in the inventory; without it the script looks for tomcat10, tomcat9, tomcat, catalina. */
  tomcatService?: string;
}

/**
 * The units whose state the script reads with ONE `systemctl show` (each systemctl call is a process and a
 * round trip to systemd; a dozen of them were the slowest part of the facts): keepalived, firewalld, the
 * Tomcat unit named in the inventory or the usual candidates, and the managed units.
 */
export function systemdUnits(paths: string[], opts: FactsOptions = {}): string[] {
  const tomcat = opts.tomcatService ? [`${opts.tomcatService}.service`] : ['tomcat10.service', 'tomcat9.service', 'tomcat.service'];
  return [...new Set(['keepalived.service', 'firewalld.service', ...tomcat, ...unitsOf(paths)])];
}

/**
 * Turns `systemctl show -p LoadState -p ActiveState -p UnitFileState -p MainPID -- UNIT...` into one line per
 * unit: `NAME LOAD ACTIVE FILE PID`, `-` for an empty value. systemctl prints one block per unit, in the order
 * given, separated by blank lines; the block is matched to its name by that order (an alias shows its target's
 * Id). When the number of blocks is not the number of names the output is dropped (the script then asks unit by
 * unit), never misattributed.
 */
export const SYSTEMD_TABLE_AWK = `
BEGIN { n = split(names, u, " "); i = 0; gap = 1 }
/^$/ { gap = 1; next }
{ if (gap) { i++; gap = 0 }; e = index($0, "="); if (e > 0) p[i, substr($0, 1, e - 1)] = substr($0, e + 1) }
END {
  if (i != n) exit
  for (j = 1; j <= n; j++) printf "%s %s %s %s %s\\n", u[j], d(p[j, "LoadState"]), d(p[j, "ActiveState"]), d(p[j, "UnitFileState"]), d(p[j, "MainPID"])
}
function d(x) { return x == "" ? "-" : x }
`;

/** Unit names (e.g. `hasetup-watchdog-web.service`, `hasetup-metrics-web.timer`) for managed unit files directly under /etc/systemd/system. */
function unitsOf(paths: string[]): string[] {
  const units = new Set<string>(['keepalived.service']);
  for (const p of paths) {
    const m = /^\/etc\/systemd\/system\/([A-Za-z0-9@_.:-]+\.(?:service|timer))$/.exec(p);
    if (m?.[1]) units.add(m[1]);
  }
  return [...units];
}

/**
 * The facts script. Works with a POSIX sh and the tools of a minimal Debian 12 (iproute2, procps, systemd,
 * coreutils) or a RHEL-family host; every probe tolerates a missing tool. It never changes anything.
 * File contents are printed in base64 so any byte survives; an absent file is `@@absent PATH`.
 */
export function factsScript(paths: string[], opts: FactsOptions = {}): ShellCommand {
  return cmd`# hasetup facts (read-only)
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL
have() { command -v "$1" >/dev/null 2>&1; }
kv() { printf '%s=%s\\n' "$1" "$2"; }
emit_file() {
  if [ -f "$1" ]; then printf '@@file %s\\n' "$1"; base64 < "$1"; else printf '@@absent %s\\n' "$1"; fi
}
echo '@@kv'
if [ -r /etc/os-release ]; then
  ( . /etc/os-release; kv os_id "\${ID:-}"; kv os_id_like "\${ID_LIKE:-}"; kv os_version_id "\${VERSION_ID:-}" )
fi
kv uid "$(id -u)"
if [ -d /run/systemd/system ]; then kv init systemd; else kv init other; fi
for pm in apt-get dnf yum; do have "$pm" && kv "pm_$pm" 1; done
for t in curl bash; do if have "$t"; then kv "tool_$t" 1; else kv "tool_$t" 0; fi; done
kv virt "$(systemd-detect-virt -c 2>/dev/null)"
if have getenforce; then kv selinux "$(getenforce 2>/dev/null)"; else kv selinux Disabled; fi
if have getsebool; then kv sebool_keepalived_connect_any "$(getsebool keepalived_connect_any 2>/dev/null)"; fi
if getent passwd ${SCRIPT_USER} >/dev/null 2>&1; then kv script_user 1; else kv script_user 0; fi
if have keepalived; then kv ka_installed 1; kv ka_version "$(keepalived --version 2>&1 | head -n 1)"; else kv ka_installed 0
  if have apt-cache; then kv ka_candidate "$(apt-cache policy keepalived 2>/dev/null | awk '/Candidate:/ { print $2 }')"; fi
fi
# The state of every unit below from one systemctl call: lines "NAME LOAD ACTIVE FILE PID" (- when empty).
sd_awk=${SYSTEMD_TABLE_AWK}
sd_show() { systemctl show -p LoadState -p ActiveState -p UnitFileState -p MainPID -- "$@" 2>/dev/null | awk -v names="$*" "$sd_awk"; }
set -- ${systemdUnits(paths, opts)}
sd=$(sd_show "$@")
if [ -z "$sd" ]; then sd=$(for u in "$@"; do sd_show "$u"; done); fi
# unit_field UNIT 2..5: LoadState, ActiveState, UnitFileState (as is-enabled prints it), MainPID; empty if unknown
unit_field() { printf '%s\\n' "$sd" | awk -v u="$1" -v f="$2" '$1 == u { if ($f != "-") print $f; exit }'; }
kv ka_pid "$(unit_field keepalived.service 5)"
svc=${opts.tomcatService ?? ''}
if [ -z "$svc" ]; then
  for u in tomcat10 tomcat9 tomcat; do
    if [ "$(unit_field "$u.service" 2)" = loaded ]; then svc=$u; break; fi
  done
fi
if [ -z "$svc" ]; then
  for f in /etc/systemd/system/*.service /usr/lib/systemd/system/*.service /lib/systemd/system/*.service; do
    [ -f "$f" ] || continue
    if grep -qE '^[[:space:]]*ExecStart=.*catalina' "$f" 2>/dev/null; then svc=$(basename -- "$f" .service); break; fi
  done
  # found by its ExecStart: not among the units asked for above
  if [ -n "$svc" ]; then sd="$sd
$(sd_show "$svc.service")"; fi
fi
kv tc_service "$svc"
if [ -n "$svc" ]; then
  kv tc_active "$(unit_field "$svc.service" 3)"
  main=$(unit_field "$svc.service" 5)
  kv tc_mainpid "$main"
  java=
  if [ -n "$main" ] && [ "$main" != 0 ]; then
    if [ "$(cat "/proc/$main/comm" 2>/dev/null)" = java ]; then java=$main
    elif have pgrep; then java=$(pgrep -P "$main" -x java 2>/dev/null | head -n 1); fi
  fi
  kv tc_javapid "$java"
fi
fwd=$(unit_field firewalld.service 3)
kv firewalld "$fwd"
if have netfilter-persistent; then kv iptables_persist netfilter-persistent
elif [ -f /etc/sysconfig/iptables ]; then kv iptables_persist sysconfig; fi
echo '@@units'
for u in ${unitsOf(paths)}; do
  e=$(unit_field "$u" 4); a=$(unit_field "$u" 3)
  printf '%s %s %s\\n' "$u" "\${e:--}" "\${a:--}"
done
echo '@@interfaces'
ip -o addr show 2>/dev/null
echo '@@tomcat_unit'
if [ -n "$svc" ]; then systemctl cat -- "$svc.service" 2>/dev/null; fi
echo '@@firewalld_rules'
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
if have nft; then nft list ruleset 2>/dev/null; fi
echo '@@files'
for p in ${paths}; do emit_file "$p"; done
if [ -n "$svc" ]; then
  for f in "/etc/systemd/system/$svc.service.d"/hasetup-*.conf; do [ -f "$f" ] && emit_file "$f"; done
fi
echo '@@end'
`;
}

interface Sections {
  kv: Map<string, string>;
  blocks: Map<string, string[]>;
  files: Record<string, string | undefined>;
}

function split(output: string): Sections {
  const kv = new Map<string, string>();
  const blocks = new Map<string, string[]>();
  const files: Record<string, string | undefined> = {};
  let section = '';
  let file: { path: string; b64: string[] } | undefined;
  const flush = () => {
    if (file) files[file.path] = Buffer.from(file.b64.join(''), 'base64').toString('utf8');
    file = undefined;
  };
  for (const line of output.split('\n')) {
    if (line.startsWith('@@file ')) {
      flush();
      file = { path: line.slice(7), b64: [] };
      continue;
    }
    if (line.startsWith('@@absent ')) {
      flush();
      files[line.slice(9)] = undefined;
      continue;
    }
    if (/^@@[a-z_]+$/.test(line)) {
      flush();
      section = line.slice(2);
      continue;
    }
    if (file) {
      file.b64.push(line.trim());
      continue;
    }
    if (section === 'kv') {
      const eq = line.indexOf('=');
      if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1).trim());
      continue;
    }
    if (section) {
      const b = blocks.get(section) ?? [];
      b.push(line);
      blocks.set(section, b);
    }
  }
  flush();
  return { kv, blocks, files };
}

function osFamily(id: string, idLike: string): OsFamily {
  const words = `${id} ${idLike}`.toLowerCase().split(/\s+/);
  if (words.some((w) => w === 'debian' || w === 'ubuntu')) return 'debian';
  if (words.some((w) => ['rhel', 'centos', 'fedora', 'rocky', 'almalinux', 'ol'].includes(w))) return 'rhel';
  return 'unknown';
}

function pid(s: string | undefined): number | undefined {
  const n = Number(s);
  return s && Number.isInteger(n) && n > 0 ? n : undefined;
}

const ENABLED_STATES = new Set(['enabled', 'enabled-runtime', 'static', 'alias', 'indirect', 'generated']);

function unitState(enabled: string | undefined, active: string | undefined): UnitState {
  return { enabled: ENABLED_STATES.has(enabled ?? ''), active: active === 'active' || active === 'reloading' };
}

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

/**
 * Unit file lines as systemd reads them: a line ending in a backslash goes on with the next one (joined with
 * a space), so a continued ExecStop= is read whole and never half-copied into our drop-in.
 */
export function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending: string | undefined;
  for (const raw of text.split('\n')) {
    const line = pending === undefined ? raw : `${pending} ${raw.trim()}`;
    if (/\\\s*$/.test(line) && !/^\s*[#;]/.test(line)) pending = line.replace(/\s*\\\s*$/, '');
    else {
      pending = undefined;
      out.push(line);
    }
  }
  if (pending !== undefined) out.push(pending);
  return out;
}

/** ExecStop= values of a unit as `systemctl cat` shows it, leaving out hasetup's own drop-ins. */
export function execStopLines(catOutput: string): string[] {
  let ours = false;
  let lines: string[] = [];
  for (const line of logicalLines(catOutput)) {
    const header = /^# (\/\S+)$/.exec(line);
    if (header) {
      ours = /\/hasetup-[^/]+\.conf$/.test(header[1]!);
      continue;
    }
    if (ours) continue;
    const m = /^\s*ExecStop\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const value = m[1]!.trim();
    if (value === '') lines = [];
    else lines.push(value);
  }
  return lines;
}

export function parseFacts(output: string): HostFacts {
  const { kv, blocks, files } = split(output);
  if (!output.includes('@@end')) throw new Error(t().facts.outputIncomplete);
  const block = (name: string) => (blocks.get(name) ?? []).filter((l) => l.trim() !== '');
  const id = kv.get('os_id') ?? '';
  const idLike = kv.get('os_id_like') ?? '';
  const family = osFamily(id, idLike);

  const interfaces: HostFacts['interfaces'] = [];
  for (const line of block('interfaces')) {
    const m = /^\d+:\s+([^\s@]+)(?:@\S+)?\s+inet6?\s+(\S+)/.exec(line);
    if (!m) continue;
    const name = m[1]!;
    // Linux allows nearly any byte in an interface name; one we would not accept in an inventory is not
    // used from a host either (it would reach keepalived.conf and unit files).
    if (!INTERFACE_RE.test(name)) continue;
    let iface = interfaces.find((i) => i.name === name);
    if (!iface) interfaces.push((iface = { name, addresses: [] }));
    iface.addresses.push(m[2]!);
  }

  const units: Record<string, UnitState> = {};
  for (const line of block('units')) {
    const [name, enabled, active] = line.trim().split(/\s+/);
    if (name) units[name] = unitState(enabled, active);
  }
  const kaUnit = units['keepalived.service'] ?? { enabled: false, active: false };

  const kaInstalled = kv.get('ka_installed') === '1';
  const kaVersion = /v?(\d+\.\d+(?:\.\d+)?)/.exec(kv.get('ka_version') ?? '')?.[1];
  // apt's form: [epoch:]upstream-revision, e.g. 1:2.2.7-1+b2; "(none)" when no source has it.
  const kaCandidate = /^(?:\d+:)?(\d+\.\d+(?:\.\d+)?)/.exec(kv.get('ka_candidate') ?? '')?.[1];

  const detected = kv.get('tc_service') || undefined;
  const service = detected && SERVICE_NAME_RE.test(detected) ? detected : undefined;

  const ufwStatus = block('ufw_status');
  const iptables = block('iptables');
  const nft = (blocks.get('nft') ?? []).join('\n');
  let firewall: Firewall = 'none';
  let firewallRules = '';
  let nftInput: NftInputChain | undefined;
  if (kv.get('firewalld') === 'active') {
    firewall = 'firewalld';
    firewallRules = block('firewalld_rules').join('\n');
  } else if (ufwStatus.some((l) => /^Status:\s*active/.test(l))) {
    firewall = 'ufw';
    firewallRules = block('ufw_added').join('\n');
  } else if (iptablesDrops(iptables)) {
    firewall = 'iptables';
    firewallRules = iptables.join('\n');
  } else if ((nftInput = nftDroppingInputChain(nft))) {
    firewall = 'nftables';
    firewallRules = nft;
  }

  const firewalld = firewall === 'firewalld' ? parseFirewalldZones(block('firewalld_zones')) : undefined;
  const ufwVersion = /(\d+\.\d+(?:\.\d+)?)/.exec(block('ufw_version')[0] ?? '')?.[1];
  const persist = kv.get('iptables_persist');

  const se = (kv.get('selinux') ?? 'Disabled').toLowerCase();
  const selinuxBooleans: Record<string, boolean> = {};
  const ca = kv.get('sebool_keepalived_connect_any');
  if (ca) selinuxBooleans.keepalived_connect_any = /-->\s*on\b/.test(ca);

  const pm = kv.has('pm_apt-get') ? 'apt' : kv.has('pm_dnf') ? 'dnf' : kv.has('pm_yum') ? 'yum' : undefined;

  return {
    os: { id, idLike, versionId: kv.get('os_version_id') ?? '', family },
    packageManager: pm,
    initSystem: kv.get('init') === 'systemd' ? 'systemd' : 'other',
    isRoot: kv.get('uid') === '0',
    interfaces,
    keepalived: {
      installed: kaInstalled,
      version: kaVersion,
      ...(kaCandidate && !kaInstalled ? { candidate: kaCandidate } : {}),
      active: kaUnit.active,
      enabled: kaUnit.enabled,
      pid: pid(kv.get('ka_pid')),
    },
    tomcat: {
      service,
      active: kv.get('tc_active') === 'active',
      mainPid: pid(kv.get('tc_mainpid')),
      javaPid: pid(kv.get('tc_javapid')),
      execStop: execStopLines(block('tomcat_unit').join('\n')),
    },
    firewall,
    firewallRules,
    nftInput,
    ...(firewalld ? { firewalld } : {}),
    ...(firewall === 'ufw' ? { ufw: { version: ufwVersion, beforeRules: block('ufw_before') } } : {}),
    ...(persist === 'netfilter-persistent' || persist === 'sysconfig' ? { iptablesPersistence: persist } : {}),
    selinux: se === 'enforcing' ? 'enforcing' : se === 'permissive' ? 'permissive' : 'disabled',
    selinuxBooleans,
    virtualization: kv.get('virt') || 'none',
    scriptUserExists: kv.get('script_user') === '1',
    tools: { curl: kv.get('tool_curl') === '1', bash: kv.get('tool_bash') === '1' },
    units,
    files,
  };
}

/** Runs the facts script on the host (one round trip) and parses what it printed. */
export async function gatherFacts(host: RemoteHost, paths: string[], opts: FactsOptions = {}): Promise<HostFacts> {
  return (await gatherFactsThen(host, paths, opts)).facts;
}

/**
 * The facts script, then `then` (a read-only command) in the same round trip: the facts, and what `then`
 * printed (its standard output; undefined when the facts script failed before it).
 */
export async function gatherFactsThen(host: RemoteHost, paths: string[], opts: FactsOptions = {}, then?: ShellCommand): Promise<{ facts: HostFacts; then?: string }> {
  const script = then ? thenScript(factsScript(paths, opts), then) : factsScript(paths, opts);
  const res = await host.run(cmd`sh -s`, { input: script.text, timeoutMs: 60_000 });
  if (res.code !== 0) {
    const code = String(res.code);
    const message = res.stderr ? t().facts.scriptExitedWithOutput({ code, stderr: res.stderr.trim() }) : t().facts.scriptExited({ code });
    throw new HostStepError(host.name, t().facts.gatherStep, message, { hint: t().facts.scriptExitedHint });
  }
  const parts = then ? splitAtThen(res.stdout) : { first: res.stdout };
  try {
    return { facts: parseFacts(parts.first), then: parts.then };
  } catch (e) {
    throw new HostStepError(host.name, t().facts.gatherStep, (e as Error).message, { cause: e });
  }
}
