// The plan: inventory + one host's facts -> the files that host must hold and the commands that get it
// there. PURE: no I/O, no clock; apply.ts runs it. Only what the facts say is missing becomes a command.
import { ExitCode, HasetupError } from '../errors.js';
import type { HostFacts } from '../facts/types.js';
import { SCRIPT_USER } from '../facts/gather.js';
import type { Cluster, Host } from '../inventory/model.js';
import { sh, shJoin } from '../remote/shell.js';
import { renderTemplate } from '../render/render.js';
import { planFirewall } from './firewall.js';
import { keepalivedDialect, keepalivedTooOld, MIN_KEEPALIVED, type KeepalivedDialect } from './keepalived-version.js';
import { AUTH_PASS_RE } from './secrets.js';

export interface PlannedFile {
  path: string;
  content: string;
  mode: number;
  purpose: string;
  /** Holds a secret: never print its diff unredacted. */
  secret: boolean;
}

export interface PlannedCommand {
  step: string;
  /** Shell line, values quoted with sh(). */
  command: string;
  /** Undoes what `command` added (firewall rules): recorded in the deploy's manifest, run by rollback. */
  undo?: string;
}

export type Activation = 'none' | 'start' | 'reload' | 'restart';

export interface HostPlan {
  host: string;
  role: 'master' | 'backup';
  priority: number;
  interface: string;
  trackProcess: boolean;
  warnings: string[];
  /** Install keepalived, create the script user, directories, firewall, SELinux: only what facts say is needed. */
  prepare: PlannedCommand[];
  /** Every managed file with its desired content. */
  files: PlannedFile[];
  /** Those whose current content (facts.files) differs. */
  changed: PlannedFile[];
  /** daemon-reload / restart watchdog / reload-or-start keepalived / enable at boot; empty when nothing is needed. */
  activate: PlannedCommand[];
  keepalivedActivation: Activation;
  /** keepalived configs `validate` checks (they must exist, be non-empty and not executable: keepalived -t skips those). */
  validateFiles: string[];
  /**
   * Validates the config as written (run after the files are in place, before activation; apply restores the
   * backups when it fails). Judge its result with keepalivedCheckPassed(), never by the exit code alone.
   */
  validate: PlannedCommand;
}

// ---- paths ---------------------------------------------------------------------------------------------

export const KEEPALIVED_CONF = '/etc/keepalived/keepalived.conf';
export const SCRIPTS_DIR = '/usr/libexec/hasetup';
export const clusterConfPath = (cluster: string) => `/etc/keepalived/hasetup.d/${cluster}.conf`;
export const scriptPath = (kind: 'check_tomcat' | 'watchdog' | 'notify', cluster: string) => `${SCRIPTS_DIR}/${kind}_${cluster}.sh`;
export const watchdogUnit = (cluster: string) => `hasetup-watchdog-${cluster}.service`;
export const watchdogUnitPath = (cluster: string) => `/etc/systemd/system/${watchdogUnit(cluster)}`;
export const tomcatUnitName = (service: string) => service.replace(/\.service$/, '');
export const dropinPath = (tomcatService: string, cluster: string) =>
  `/etc/systemd/system/${tomcatUnitName(tomcatService)}.service.d/hasetup-${cluster}.conf`;
export const runDir = (cluster: string) => `/run/hasetup/${cluster}`;
export const trackFilePath = (cluster: string) => `${runDir(cluster)}/tomcat.track`;
export const stateDir = (cluster: string) => `/var/lib/hasetup/${cluster}`;
export const tmpfilesPath = (cluster: string) => `/etc/tmpfiles.d/hasetup-${cluster}.conf`;
export const keepalivedDropinPath = (cluster: string) => `/etc/systemd/system/keepalived.service.d/hasetup-${cluster}.conf`;

/** What gatherFacts must read for this cluster. */
export function managedPaths(cluster: Cluster, tomcatService: string): string[] {
  const c = cluster.name;
  const paths = [KEEPALIVED_CONF, clusterConfPath(c), scriptPath('check_tomcat', c), scriptPath('notify', c), tmpfilesPath(c), keepalivedDropinPath(c)];
  if (cluster.tomcat.watchdog) paths.push(scriptPath('watchdog', c), watchdogUnitPath(c), dropinPath(tomcatService, c));
  return paths;
}

// ---- helpers -------------------------------------------------------------------------------------------

function usage(message: string, hint: string): HasetupError {
  return new HasetupError(message, { exitCode: ExitCode.usage, hint });
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const isIpv4 = (s: string) => IPV4.test(s) && s.split('.').every((o) => Number(o) <= 255);
const addrOf = (cidr: string) => cidr.split('/')[0] ?? '';

/** auth_pass goes into keepalived.conf unquoted (quotes would become part of it): printable, no specials. */
function checkAuthPass(pass: string): void {
  // readClusterSecrets refuses these before any connection; the plan is pure and checks again.
  if (!AUTH_PASS_RE.test(pass)) {
    throw usage('the VRRP password holds a character keepalived.conf cannot carry, or more than 8', 'use 1 to 8 letters, digits and simple punctuation');
  }
}

function interfaceOf(host: Host, facts: HostFacts): string {
  if (host.interface) {
    if (facts.interfaces.length > 0 && !facts.interfaces.some((i) => i.name === host.interface)) {
      throw usage(`${host.name}: interface ${host.interface} does not exist on the host`, `set hosts[].interface to one of: ${facts.interfaces.map((i) => i.name).join(', ')}`);
    }
    return host.interface;
  }
  const found = facts.interfaces.find((i) => i.addresses.some((a) => addrOf(a) === host.address));
  if (!found) {
    throw usage(
      `${host.name}: no interface holds ${host.address}`,
      `set hosts[].interface for ${host.name} in the inventory (the host has: ${facts.interfaces.map((i) => i.name).join(', ') || 'no addresses'})`,
    );
  }
  return found.name;
}

function decideTrackProcess(cluster: Cluster, facts: HostFacts, dialect: KeepalivedDialect, warnings: string[]): boolean {
  const mode = cluster.tomcat.trackProcess;
  if (mode === 'off') return false;
  const inContainer = facts.virtualization !== 'none';
  const v = dialect.version;
  const versionOk = dialect.trackProcess;
  if (mode === 'on') {
    if (inContainer) {
      warnings.push(
        `track_process is on but the host is a container (${facts.virtualization}): keepalived cannot receive process events outside the initial network namespace and would sit in FAULT; not configured, the watchdog and HTTP check cover Tomcat`,
      );
      return false;
    }
    if (!versionOk) {
      warnings.push(`track_process is on but keepalived ${v ?? '(unknown)'} is older than 2.0.11; not configured`);
      return false;
    }
    return true;
  }
  return !inContainer && versionOk;
}

// ---- the plan ------------------------------------------------------------------------------------------

export function planHost(cluster: Cluster, hostName: string, facts: HostFacts, secrets: { authPass?: string }): HostPlan {
  const host = cluster.hosts.find((h) => h.name === hostName);
  if (!host) throw usage(`cluster ${cluster.name} has no host ${hostName}`, 'check the host name against the inventory');
  const c = cluster.name;
  const warnings: string[] = [];
  // Versions: refused before anything changes when too old; otherwise the config speaks its dialect.
  const dialect = keepalivedDialect(facts);
  const tooOld = keepalivedTooOld(dialect);
  if (tooOld) {
    throw new HasetupError(`${host.name}: ${tooOld}; nothing was changed on any host`, {
      hint: `install keepalived ${MIN_KEEPALIVED} or later on ${host.name} (EL7 ships 1.3.5: use EL8 or later, or a newer keepalived package), then deploy again`,
    });
  }
  const iface = interfaceOf(host, facts);
  const trackProcess = decideTrackProcess(cluster, facts, dialect, warnings);

  const tomcatService = cluster.tomcat.service ? tomcatUnitName(cluster.tomcat.service) : facts.tomcat.service;
  if (!tomcatService && cluster.tomcat.watchdog) {
    throw usage(`${host.name}: no Tomcat unit found (looked for tomcat10, tomcat9, tomcat and units running catalina)`, 'set tomcat.service in the inventory');
  }

  // VRRP addressing
  const others = cluster.hosts.filter((h) => h.name !== host.name);
  let srcIp = host.address;
  const peers = others.map((h) => h.address);
  if (cluster.vrrp.unicast) {
    if (!isIpv4(srcIp)) {
      const own = facts.interfaces.find((i) => i.name === iface)?.addresses.map(addrOf).find(isIpv4);
      if (!own) throw usage(`${host.name}: unicast VRRP needs an IPv4 address on ${iface}`, 'give hosts[].address as an IPv4 address');
      srcIp = own;
    }
    const bad = others.filter((h) => !isIpv4(h.address));
    if (bad.length > 0) {
      throw usage(`unicast VRRP needs IPv4 addresses; ${bad.map((h) => `${h.name} has ${h.address}`).join(', ')}`, 'give hosts[].address as IPv4 addresses, or set vrrp.unicast: false');
    }
  }

  let auth: { pass: string } | null = null;
  if (cluster.vrrp.auth) {
    if (cluster.vrrp.version === 3) {
      warnings.push('vrrp.auth is ignored with VRRP version 3 (keepalived supports authentication only in version 2)');
    } else {
      if (!secrets.authPass) throw usage(`cluster ${c}: vrrp.auth is set but no password was given`, 'set the environment variable or file named in vrrp.auth');
      checkAuthPass(secrets.authPass);
      auth = { pass: secrets.authPass };
    }
  }

  const vips = cluster.vips.map((v) => {
    const dev = v.interface ?? iface;
    const label = v.label ? `${dev}:${v.label}` : null;
    if (label && label.length > 15) throw usage(`VIP ${v.cidr}: the label ${label} is longer than 15 characters`, 'use a shorter vips[].label');
    return { cidr: v.cidr, dev, label };
  });

  const t = cluster.tomcat;
  const paths = {
    conf: clusterConfPath(c),
    check: scriptPath('check_tomcat', c),
    watchdog: scriptPath('watchdog', c),
    notify: scriptPath('notify', c),
    unit: watchdogUnitPath(c),
    dropin: tomcatService ? dropinPath(tomcatService, c) : '',
    tmpfiles: tmpfilesPath(c),
    keepalivedDropin: keepalivedDropinPath(c),
  };
  const healthUrl = `http://127.0.0.1:${t.port}${t.healthPath}`;
  const nopreempt = !cluster.vrrp.preempt;

  const files: PlannedFile[] = [];
  const add = (path: string, content: string, mode: number, purpose: string, secret = false) => files.push({ path, content, mode, purpose, secret });

  add(
    KEEPALIVED_CONF,
    renderTemplate('keepalived.conf', { routerId: host.name, scriptUser: SCRIPT_USER, maxAutoPriority: dialect.maxAutoPriority, keepalivedVersion: dialect.version ?? '' }),
    0o644,
    'keepalived global settings',
  );
  add(
    paths.conf,
    renderTemplate('cluster.conf', {
      cluster: c,
      host: host.name,
      instance: `hasetup_${c.replace(/-/g, '_')}`,
      state: host.role === 'master' ? 'MASTER' : 'BACKUP',
      nopreempt,
      interface: iface,
      vrid: cluster.virtualRouterId,
      priority: host.priority,
      advertInt: cluster.vrrp.advertInt,
      version: cluster.vrrp.version,
      unicast: cluster.vrrp.unicast,
      srcIp,
      peers,
      auth,
      vips,
      check: {
        name: `hasetup_${c.replace(/-/g, '_')}_http`,
        script: paths.check,
        interval: t.checkInterval,
        timeout: Math.ceil(t.checkTimeout) + 1,
        fall: t.fall,
        rise: t.rise,
      },
      trackFile: t.watchdog ? { name: `hasetup_${c.replace(/-/g, '_')}_tomcat`, path: trackFilePath(c), block: dialect.trackFileBlock } : null,
      trackProcess,
      trackProcessName: `hasetup_${c.replace(/-/g, '_')}_java`,
      notifyScript: paths.notify,
    }),
    auth ? 0o600 : 0o644,
    `VRRP instance of cluster ${c}`,
    auth !== null,
  );
  add(
    paths.check,
    renderTemplate('check_tomcat.sh', { cluster: c, url: healthUrl, expectedStatus: t.expectedStatus, checkTimeout: t.checkTimeout }),
    0o755,
    'HTTP check run by keepalived',
  );
  add(paths.notify, renderTemplate('notify.sh', { cluster: c, logDir: stateDir(c), notify: cluster.notify ?? null }), 0o755, 'state change log and notify command');
  add(
    paths.tmpfiles,
    `# hasetup: directories of cluster "${c}", created at every boot (/run is emptied).\nd ${runDir(c)} 0755 root root -\nd ${stateDir(c)} 0755 root root -\n`,
    0o644,
    'runtime directory for the track file',
  );
  add(
    paths.keepalivedDropin,
    renderTemplate('keepalived-dropin.conf', { cluster: c, vips }),
    0o644,
    'removes the VIP when keepalived dies without giving it up (no split brain after a crash)',
  );
  if (t.watchdog && tomcatService) {
    const hook = `mkdir -p ${runDir(c)} && echo -254 > ${trackFilePath(c)}.stop.tmp && mv -f ${trackFilePath(c)}.stop.tmp ${trackFilePath(c)}`;
    add(
      paths.watchdog,
      renderTemplate('watchdog.sh', {
        cluster: c,
        trackFile: trackFilePath(c),
        port: t.port,
        healthPath: t.healthPath,
        expectedStatus: t.expectedStatus,
        intervalMs: t.watchdogIntervalMs,
        intervalSeconds: (t.watchdogIntervalMs / 1000).toFixed(3),
        timeoutSeconds: (t.watchdogTimeoutMs / 1000).toFixed(3),
        fall: t.fall,
        rise: t.rise,
      }),
      0o755,
      'fast Tomcat watchdog feeding the track file',
    );
    add(
      paths.unit,
      renderTemplate('watchdog.service', { cluster: c, script: paths.watchdog, trackFile: trackFilePath(c), trackDir: runDir(c), tomcatService }),
      0o644,
      'systemd unit of the watchdog',
    );
    add(
      paths.dropin,
      renderTemplate('tomcat-dropin.conf', { cluster: c, tomcatService, hook, execStop: facts.tomcat.execStop }),
      0o644,
      `stop hooks on ${tomcatService}.service that move the VIP first`,
    );
  }

  const changed = files.filter((f) => facts.files[f.path] !== f.content);
  const isChanged = (p: string) => changed.some((f) => f.path === p);

  // ---- prepare
  const prepare: PlannedCommand[] = [];
  const packages = [...(facts.keepalived.installed ? [] : ['keepalived']), ...(facts.tools.curl ? [] : ['curl'])];
  if (packages.length > 0) {
    switch (facts.packageManager) {
      case 'apt':
        prepare.push({ step: 'refresh the package index', command: 'apt-get update' });
        prepare.push({ step: `install ${packages.join(', ')}`, command: `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${shJoin(packages)}` });
        break;
      case 'dnf':
      case 'yum':
        prepare.push({ step: `install ${packages.join(', ')}`, command: `${facts.packageManager} install -y ${shJoin(packages)}` });
        break;
      default:
        throw usage(`${host.name}: ${packages.join(' and ')} missing and no apt, dnf or yum on the host`, `install ${packages.join(' and ')} by hand, then deploy again`);
    }
  }
  if (t.watchdog && !facts.tools.bash) warnings.push('bash is missing: the watchdog needs it');
  if (!facts.scriptUserExists) {
    prepare.push({
      step: `create the system user ${SCRIPT_USER}`,
      command: `getent passwd ${SCRIPT_USER} >/dev/null || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${SCRIPT_USER}`,
    });
  }
  if (files.some((f) => facts.files[f.path] === undefined)) {
    const dirs = [SCRIPTS_DIR, '/etc/keepalived', '/etc/keepalived/hasetup.d', '/etc/systemd/system/keepalived.service.d', runDir(c), stateDir(c)];
    if (t.watchdog && tomcatService) dirs.push(`/etc/systemd/system/${tomcatService}.service.d`);
    prepare.push({ step: 'create directories (root-owned, as script security requires)', command: `install -d -m 0755 -o root -g root ${shJoin(dirs)}` });
  }
  prepare.push(...planFirewall({ cluster: c, iface, peers, unicast: cluster.vrrp.unicast }, facts, warnings));
  if (facts.selinux === 'enforcing' && facts.selinuxBooleans.keepalived_connect_any !== true) {
    prepare.push({ step: 'SELinux: let keepalived checks connect to Tomcat', command: 'setsebool -P keepalived_connect_any 1' });
  }

  // ---- activate
  const activate: PlannedCommand[] = [];
  if (isChanged(paths.keepalivedDropin) || (t.watchdog && (isChanged(paths.unit) || isChanged(paths.dropin)))) {
    activate.push({ step: 'reload systemd units', command: 'systemctl daemon-reload' });
  }
  if (isChanged(paths.tmpfiles)) activate.push({ step: 'create runtime directories', command: `systemd-tmpfiles --create ${sh(paths.tmpfiles)}` });
  if (facts.selinux !== 'disabled' && changed.length > 0) {
    activate.push({ step: 'SELinux: restore file contexts', command: `restorecon -R ${shJoin([SCRIPTS_DIR, '/etc/keepalived', '/etc/systemd/system'])}` });
  }
  if (t.watchdog && tomcatService) {
    const unit = watchdogUnit(c);
    const state = facts.units[unit] ?? { enabled: false, active: false };
    if (!state.enabled) activate.push({ step: 'enable the watchdog at boot', command: `systemctl enable ${sh(unit)}` });
    if (isChanged(paths.watchdog) || isChanged(paths.unit)) activate.push({ step: 'restart the watchdog', command: `systemctl restart ${sh(unit)}` });
    else if (!state.active) activate.push({ step: 'start the watchdog', command: `systemctl start ${sh(unit)}` });
  }
  const kaFiles = [KEEPALIVED_CONF, paths.conf, paths.check, paths.notify];
  let keepalivedActivation: Activation = 'none';
  if (!facts.keepalived.enabled) activate.push({ step: 'enable keepalived at boot', command: 'systemctl enable keepalived' });
  if (!facts.keepalived.active) {
    keepalivedActivation = 'start';
    activate.push({ step: 'start keepalived', command: 'systemctl start keepalived' });
  } else if (kaFiles.some(isChanged)) {
    keepalivedActivation = 'reload';
    activate.push({ step: 'reload keepalived (VIPs stay up)', command: 'systemctl reload keepalived' });
  }

  // ---- validate
  const validateFiles = [KEEPALIVED_CONF, paths.conf];
  const syntax = [`sh -n ${sh(paths.check)}`, `sh -n ${sh(paths.notify)}`];
  if (t.watchdog && tomcatService) syntax.push(`bash -n ${sh(paths.watchdog)}`);
  const validate: PlannedCommand = {
    step: 'validate the keepalived config',
    // keepalived 2.2.7's config test sends SIGTERM to its whole process group (exit 143) once a tracked
    // vrrp_script is parsed, after printing every problem it found (measured in the lab): it runs in a
    // process group of its own (setsid -w) so it cannot take the script with it, and 143 is not a verdict,
    // the output is.
    command:
      `for f in ${shJoin(validateFiles)}; do if [ ! -s "$f" ] || [ -x "$f" ]; then echo "Configuration file $f not found, empty or executable" >&2; exit 5; fi; done; ` +
      `out=$(setsid -w keepalived -t -f ${sh(KEEPALIVED_CONF)} 2>&1); rc=$?; [ -z "$out" ] || printf '%s\n' "$out" >&2; ` +
      `[ "$rc" -eq 0 ] || [ "$rc" -eq 143 ] || exit "$rc"; ${syntax.join(' && ')}`,
  };

  return {
    host: host.name,
    role: host.role,
    priority: host.priority,
    interface: iface,
    trackProcess,
    warnings,
    prepare,
    files,
    changed,
    activate,
    keepalivedActivation,
    validateFiles,
    validate,
  };
}

// ---- validation output ---------------------------------------------------------------------------------

/** Lines keepalived prints for a config it cannot use (from keepalived's parser and script checks). */
const CHECK_FAILURES = [
  /unknown keyword/i,
  /configuration file .*(not found|does not exist|empty or executable)/i,
  /unable to (open|find|read|resolve)/i,
  /non-existent/i,
  /does not exist/i,
  /no such file/i,
  /security violation/i,
  /\berror\b/i,
  /\binvalid\b/i,
  /not (a )?valid/i,
  /missing/i,
  /cannot|can't/i,
  /syntax error/i,
  /outside range/i,
  /doesn't exist/i,
  /\bwarning\b/i,
];

/**
 * Whether `keepalived -t` (plus the script syntax checks of `validate`) passed. keepalived 2.2.7 exits 0 for a
 * missing or executable file, so a zero exit alone proves nothing: any line that reports a problem fails it.
 */
export function keepalivedCheckPassed(code: number, stdout: string, stderr: string): boolean {
  if (code !== 0) return false;
  const lines = `${stdout}\n${stderr}`.split('\n').map((l) => l.trim());
  return !lines.some((l) => l !== '' && CHECK_FAILURES.some((re) => re.test(l)));
}

// ---- output helpers ------------------------------------------------------------------------------------

/** Hides secrets (auth_pass values) for printing. */
export function redact(content: string): string {
  return content.replace(/^([-+ ]?\s*auth_pass\s+)\S+/gm, '$1******');
}

/** A unified diff (3 lines of context) from an LCS of lines; before undefined = a new file. */
export function unifiedDiff(path: string, before: string | undefined, after: string): string {
  const a = before === undefined ? [] : splitLines(before);
  const b = splitLines(after);
  const n = a.length;
  const m = b.length;
  // LCS lengths from the end: lcs[i][j] = LCS of a[i..] and b[j..]
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  type Op = { kind: ' ' | '-' | '+'; text: string; ai: number; bi: number };
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: ' ', text: a[i]!, ai: i++, bi: j++ });
    else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: '-', text: a[i]!, ai: i++, bi: j });
    else ops.push({ kind: '+', text: b[j]!, ai: i, bi: j++ });
  }
  if (!ops.some((o) => o.kind !== ' ')) return '';
  const ctx = 3;
  const out = [`--- ${before === undefined ? '/dev/null' : `${path} (on the host)`}`, `+++ ${path} (planned)`];
  let k = 0;
  while (k < ops.length) {
    while (k < ops.length && ops[k]!.kind === ' ') k++;
    if (k >= ops.length) break;
    const start = Math.max(0, k - ctx);
    let end = k;
    // extend the hunk while changes are within 2*ctx of each other
    for (;;) {
      while (end < ops.length && ops[end]!.kind !== ' ') end++;
      let next = end;
      while (next < ops.length && ops[next]!.kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * ctx) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + ctx);
    const hunk = ops.slice(start, stop);
    const aLen = hunk.filter((o) => o.kind !== '+').length;
    const bLen = hunk.filter((o) => o.kind !== '-').length;
    const aStart = aLen === 0 ? hunk[0]!.ai : hunk[0]!.ai + 1;
    const bStart = bLen === 0 ? hunk[0]!.bi : hunk[0]!.bi + 1;
    out.push(`@@ -${aStart},${aLen} +${bStart},${bLen} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.text}`);
    k = stop;
  }
  return `${out.join('\n')}\n`;
}

function splitLines(s: string): string[] {
  if (s === '') return [];
  const lines = s.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
