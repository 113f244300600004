// What each scenario does to the master and how it is undone: pure data (shell lines, or for host-crash the
// power commands run here), so the commands are reviewed and tested as text. Every inject on the host is
// preceded by arming a failsafe on the host itself (a transient systemd timer running the restore), and
// the inject happens only when arming worked: a lost SSH session or a killed hasetup cannot leave it broken.
// What each scenario drops, stops or kills, and why: docs/scenarios.md.
import { t } from '../i18n/index.js';
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';
import { SCENARIO_NAMES, type ScenarioName } from './types.js';

export interface ScenarioContext {
  /** The cluster's name: the failsafe and network-loss timers and tables on the host carry it (clusters share hosts). */
  cluster: string;
  tomcatService: string;
  vip: string; // address without prefix
  vipCidr: string;
  iface: string; // the VIP's interface on the master
  tomcatPort: number;
  /** the master's sshd port: network-loss keeps hasetup's own session (and nothing else) alive */
  sshPort: number;
  networkLossSeconds: number;
  failsafeSeconds: number;
}

/**
 * How a scenario fails the master, which decides how it is armed, undone and waited for (src/failover/kinds.ts):
 * on-host (a command on the master, a failsafe timer there), power (the power commands run here, a local
 * failsafe powers it on), reboot (the host comes back by itself).
 */
export type ScenarioKindName = 'on-host' | 'power' | 'reboot';

/** Each scenario's kind: the one place that says which scenarios take the host away. */
export const SCENARIO_KINDS: Readonly<Record<ScenarioName, ScenarioKindName>> = {
  'keepalived-stop': 'on-host',
  'tomcat-stop': 'on-host',
  'tomcat-crash': 'on-host',
  'tomcat-hang': 'on-host',
  'keepalived-kill': 'on-host',
  'network-loss': 'on-host',
  'host-crash': 'power',
  reboot: 'reboot',
};

/** Kinds disruptive beyond the cluster run only with an explicit option. */
const OPT_IN: Readonly<Record<ScenarioKindName, 'reboot' | 'power' | undefined>> = { 'on-host': undefined, power: 'power', reboot: 'reboot' };

export interface ScenarioSpec {
  name: ScenarioName;
  kind: ScenarioKindName;
  /** What it does, for people, in their language. */
  description: string;
  /** Run on the master before the inject; the inject happens only when this exits 0. Undefined: no failsafe. */
  arm?: ShellCommand;
  /** Run on the master; prints the inject time ($EPOCHREALTIME) on its first line. Undefined for host-crash. */
  inject?: ShellCommand;
  /** Undefined for host-crash (its power commands run here). */
  restore?: ShellCommand;
  /** Disarms the failsafe once the restore worked (or when nothing was injected); exits non-zero when it is still armed. */
  disarm?: ShellCommand;
  /** Only with an explicit option (disruptive beyond the cluster). */
  optIn?: 'reboot' | 'power';
}

/** Every scenario that needs nothing but the cluster itself (reboot and host-crash need an explicit option). */
export const DEFAULT_SCENARIOS: ScenarioName[] = SCENARIO_NAMES.filter((n) => OPT_IN[SCENARIO_KINDS[n]] === undefined);

/** Old names still accepted, with the name they stand for now. */
export const SCENARIO_ALIASES: Record<string, ScenarioName> = { 'master-crash': 'keepalived-kill' };

/** network-loss's nft tables: per cluster, as nft names them (no '-'). */
const nftTable = (cluster: string) => `hasetup_netloss_${cluster.replace(/-/g, '_')}`;
const IFACE_RE = /^[A-Za-z0-9_.-]{1,15}$/;

/** Prints the time, runs the action: the inject's timestamp is taken on the master. */
function stamped(action: ShellCommand): ShellCommand {
  return cmd`bash -c ${cmd`echo $EPOCHREALTIME; ${action}`.text}`;
}

/**
 * The transient units on the master, per cluster and scenario: two clusters sharing a host never stop or
 * replace each other's failsafe (issue 21, M8).
 */
const failsafeUnit = (cluster: string, name: ScenarioName) => `hasetup-failsafe-${cluster}-${name}`;
const netlossLiftUnit = (cluster: string) => `hasetup-netloss-lift-${cluster}`;

/** Arms the failsafe timer; exits non-zero when systemd did not take it (then nothing is injected). */
function armFailsafe(cluster: string, name: ScenarioName, seconds: number, restore: ShellCommand): ShellCommand {
  const unit = failsafeUnit(cluster, name);
  return joinCommands(
    [
      cmd`systemctl stop ${`${unit}.timer`} ${`${unit}.service`} >/dev/null 2>&1; systemctl reset-failed ${`${unit}.service`} >/dev/null 2>&1;`,
      cmd`systemd-run --quiet ${`--unit=${unit}`} ${`--on-active=${seconds}s`} /bin/sh -c ${restore.text} && systemctl is-active --quiet ${`${unit}.timer`}`,
    ],
    ' ',
  );
}

/** Stops the failsafe timer, then checks that it is gone: exits 1 while it is still active (issue 21, M3). */
export function disarmFailsafe(cluster: string, name: ScenarioName): ShellCommand {
  const unit = failsafeUnit(cluster, name);
  return cmd`systemctl stop ${`${unit}.timer`} >/dev/null 2>&1; systemctl reset-failed ${`${unit}.service`} >/dev/null 2>&1; ! systemctl is-active --quiet ${`${unit}.timer`}`;
}

/**
 * network-loss: what a partition of the master's cluster interface drops. Every packet in and out of that
 * interface (VRRP, client traffic, ARP), except hasetup's own SSH session, which carries the measurement;
 * nothing on loopback (a partitioned host still reaches its own Tomcat). docs/scenarios.md says why.
 */
export function networkLossRules(cluster: string, iface: string, sshPort: number): string {
  // Guards against a bug upstream (the name comes from the kernel, the port from the validated inventory):
  // internal messages, not translated (docs/i18n.md).
  if (!IFACE_RE.test(iface)) throw new Error(`network-loss: unexpected interface name ${JSON.stringify(iface)}`);
  if (!Number.isInteger(sshPort) || sshPort < 1 || sshPort > 65535) throw new Error(`network-loss: bad ssh port ${sshPort}`);
  const i = `"${iface}"`;
  const table = nftTable(cluster);
  return (
    `table inet ${table} {\n` +
    `  chain input { type filter hook input priority -300; iifname ${i} tcp dport ${sshPort} accept; iifname ${i} drop; }\n` +
    `  chain output { type filter hook output priority -300; oifname ${i} tcp sport ${sshPort} accept; oifname ${i} drop; }\n` +
    `}\n` +
    `table arp ${table} {\n` +
    `  chain input { type filter hook input priority -300; iifname ${i} drop; }\n` +
    `  chain output { type filter hook output priority -300; oifname ${i} drop; }\n` +
    `}\n`
  );
}

export function scenarioSpec(name: ScenarioName, c: ScenarioContext): ScenarioSpec {
  const tomcat = c.tomcatService;
  // The java process of the unit: its main PID when that is java, else a java child of it (wrappers such
  // as jsvc or catalina.sh). Nothing found: stop (a PID of 0 would signal our own process group).
  const javaPid = joinCommands(
    [
      cmd`"$(m=$(systemctl show -p MainPID --value -- ${tomcat}); [ "\${m:-0}" -gt 0 ] || exit 3;`,
      cmd`if [ "$(cat /proc/$m/comm 2>/dev/null)" = java ]; then echo $m; else pgrep -x -P $m java | head -n 1; fi)"`,
    ],
    ' ',
  );
  const startTomcat = cmd`systemctl reset-failed -- ${tomcat} 2>/dev/null; systemctl start -- ${tomcat}`;
  // After a SIGKILL the old master may still hold the VIP (no goodbye): remove it before keepalived starts again.
  const dropVip = cmd`ip addr del ${c.vipCidr} dev ${c.iface} 2>/dev/null`;
  const startKeepalived = cmd`${dropVip}; systemctl reset-failed keepalived 2>/dev/null; systemctl start keepalived`;
  const table = nftTable(c.cluster);
  const lift = netlossLiftUnit(c.cluster);
  const liftNetloss = cmd`nft delete table inet ${table} 2>/dev/null; nft delete table arp ${table} 2>/dev/null; systemctl stop ${`${lift}.timer`} 2>/dev/null; true`;
  const none = cmd`true`;
  const say = t().failover.scenarios;
  const specs: Record<ScenarioName, { description: string; action: ShellCommand; restore: ShellCommand }> = {
    'keepalived-stop': {
      description: say.keepalivedStop,
      action: cmd`systemctl stop keepalived`,
      restore: cmd`systemctl start keepalived`,
    },
    'tomcat-stop': {
      description: say.tomcatStop({ service: c.tomcatService }),
      action: cmd`systemctl stop -- ${tomcat}`,
      restore: startTomcat,
    },
    'tomcat-crash': {
      description: say.tomcatCrash,
      action: cmd`pid=${javaPid} && [ -n "$pid" ] && kill -KILL $pid`,
      restore: startTomcat,
    },
    'tomcat-hang': {
      description: say.tomcatHang,
      action: cmd`pid=${javaPid} && [ -n "$pid" ] && kill -STOP $pid`,
      restore: cmd`pid=${javaPid} && [ -n "$pid" ] && kill -CONT $pid; ${startTomcat}`,
    },
    'keepalived-kill': {
      description: say.keepalivedKill,
      action: cmd`systemctl kill -s KILL keepalived`,
      restore: startKeepalived,
    },
    'network-loss': {
      description: say.networkLoss({ iface: c.iface, seconds: c.networkLossSeconds }),
      action: cmd`printf %s ${networkLossRules(c.cluster, c.iface, c.sshPort)} | nft -f - && systemd-run --quiet ${`--unit=${lift}`} ${`--on-active=${c.networkLossSeconds}s`} /bin/sh -c ${liftNetloss.text}`,
      restore: liftNetloss,
    },
    'host-crash': {
      description: say.hostCrash,
      action: none,
      restore: none,
    },
    reboot: {
      description: say.reboot,
      action: cmd`systemctl reboot`,
      restore: none,
    },
  };
  const s = specs[name];
  const kind = SCENARIO_KINDS[name];
  const onHost = kind === 'on-host';
  const onMaster = kind !== 'power';
  return {
    name,
    kind,
    description: s.description,
    arm: onHost ? armFailsafe(c.cluster, name, c.failsafeSeconds, s.restore) : undefined,
    inject: onMaster ? stamped(s.action) : undefined,
    // The failsafe stays armed until the restore has worked: a restore that fails (or a session lost while
    // it runs) leaves the host's own timer to do it.
    restore: onMaster ? s.restore : undefined,
    disarm: onHost ? disarmFailsafe(c.cluster, name) : undefined,
    optIn: OPT_IN[kind],
  };
}

export interface ScenarioList {
  names: ScenarioName[];
  /** e.g. a deprecated alias that was used */
  notes: string[];
}

export function parseScenarioList(text: string): ScenarioList {
  const notes: string[] = [];
  const names = text.split(',').map((s) => s.trim()).filter(Boolean).map((n) => {
    const alias = SCENARIO_ALIASES[n];
    if (alias) notes.push(t().failover.scenarios.aliasRenamed({ old: n, now: alias }));
    return alias ?? n;
  });
  const bad = names.filter((n) => !SCENARIO_NAMES.includes(n as ScenarioName));
  const say = t().failover.scenarios;
  const list = (names: readonly string[]) => names.join(t().report.nameSeparator);
  if (bad.length) throw new Error(say.unknownScenario({ names: list(bad), known: list(SCENARIO_NAMES) }));
  if (names.length === 0) throw new Error(say.noScenarioGiven);
  return { names: [...new Set(names)] as ScenarioName[], notes };
}
