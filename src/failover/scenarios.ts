// What each scenario does to the master and how it is undone: pure data (shell lines), so the commands
// are reviewed and tested as text. Every inject also arms a failsafe on the host itself (a transient
// systemd timer running the restore), so a lost SSH session or a killed hasetup cannot leave it broken.
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';
import { SCENARIO_NAMES, type ScenarioName } from './types.js';

export interface ScenarioContext {
  tomcatService: string;
  vip: string; // address without prefix
  vipCidr: string;
  iface: string; // the VIP's interface on the master
  tomcatPort: number;
  networkLossSeconds: number;
  failsafeSeconds: number;
}

export interface ScenarioSpec {
  name: ScenarioName;
  description: string;
  /** Run on the master; prints the inject time ($EPOCHREALTIME) on its first line. */
  inject: ShellCommand;
  restore: ShellCommand;
  /** Only with an explicit option (disruptive beyond the cluster). */
  optIn?: boolean;
}

/** Every scenario but reboot, which needs an explicit option. */
export const DEFAULT_SCENARIOS: ScenarioName[] = SCENARIO_NAMES.filter((n) => n !== 'reboot');

const NFT_TABLE = 'hasetup_netloss';

/** Arms the failsafe, prints the time, runs the action: the inject's timestamp is taken on the master. */
function stamped(before: ShellCommand, action: ShellCommand): ShellCommand {
  return cmd`bash -c ${cmd`${before}echo $EPOCHREALTIME; ${action}`.text}`;
}

function failsafe(name: ScenarioName, seconds: number, restore: ShellCommand): ShellCommand {
  const unit = `hasetup-failsafe-${name}`;
  return joinCommands(
    [
      cmd`systemctl stop ${unit}.timer ${unit}.service >/dev/null 2>&1; systemctl reset-failed ${unit}.service >/dev/null 2>&1;`,
      cmd`systemd-run --quiet --unit=${unit} --on-active=${seconds}s /bin/sh -c ${restore.text}`,
    ],
    ' ',
  );
}

export function disarmFailsafe(name: ScenarioName): ShellCommand {
  const unit = `hasetup-failsafe-${name}`;
  return cmd`systemctl stop ${unit}.timer >/dev/null 2>&1; systemctl reset-failed ${unit}.service >/dev/null 2>&1; true`;
}

export function scenarioSpec(name: ScenarioName, c: ScenarioContext): ScenarioSpec {
  const tomcat = c.tomcatService;
  // The java process of the unit: its main PID when that is java, else a java child of it (wrappers such
  // as jsvc or catalina.sh). Nothing found: stop (a PID of 0 would signal our own process group).
  const javaPid = joinCommands(
    [
      cmd`"$(m=$(systemctl show -p MainPID --value ${tomcat}); [ "\${m:-0}" -gt 0 ] || exit 3;`,
      cmd`if [ "$(cat /proc/$m/comm 2>/dev/null)" = java ]; then echo $m; else pgrep -x -P $m java | head -n 1; fi)"`,
    ],
    ' ',
  );
  const startTomcat = cmd`systemctl reset-failed ${tomcat} 2>/dev/null; systemctl start ${tomcat}`;
  // After a SIGKILL the old master may still hold the VIP (no goodbye): remove it before keepalived starts again.
  const dropVip = cmd`ip addr del ${c.vipCidr} dev ${c.iface} 2>/dev/null`;
  const startKeepalived = cmd`${dropVip}; systemctl reset-failed keepalived 2>/dev/null; systemctl start keepalived`;
  const specs: Record<ScenarioName, Omit<ScenarioSpec, 'name' | 'inject'> & { action: ShellCommand }> = {
    'keepalived-stop': {
      description: 'stop keepalived on the master (graceful: it sends a priority-0 goodbye advert)',
      action: cmd`systemctl stop keepalived`,
      restore: cmd`systemctl start keepalived`,
    },
    'tomcat-stop': {
      description: `stop the ${c.tomcatService} service on the master`,
      action: cmd`systemctl stop ${tomcat}`,
      restore: startTomcat,
    },
    'tomcat-crash': {
      description: "SIGKILL Tomcat's java process on the master",
      action: cmd`pid=${javaPid} && [ -n "$pid" ] && kill -KILL $pid`,
      restore: startTomcat,
    },
    'tomcat-hang': {
      description: "SIGSTOP Tomcat's java process (alive, not answering): only an HTTP check sees it",
      action: cmd`pid=${javaPid} && [ -n "$pid" ] && kill -STOP $pid`,
      restore: cmd`pid=${javaPid} && [ -n "$pid" ] && kill -CONT $pid; ${startTomcat}`,
    },
    'master-crash': {
      description: 'SIGKILL every keepalived process on the master (no goodbye advert)',
      action: cmd`systemctl kill -s KILL keepalived`,
      restore: startKeepalived,
    },
    'network-loss': {
      description: `the master drops all VRRP and client traffic (port ${c.tomcatPort}) for ${c.networkLossSeconds} s; a timer on the host lifts the rule by itself`,
      action: joinCommands([
        cmd`nft -f - <<'EOF'`,
        cmd`table inet ${NFT_TABLE} {`,
        cmd`  chain input { type filter hook input priority -300; ip protocol vrrp drop; tcp dport ${c.tomcatPort} drop; }`,
        cmd`  chain output { type filter hook output priority -300; ip protocol vrrp drop; tcp sport ${c.tomcatPort} drop; }`,
        cmd`}`,
        cmd`EOF`,
        cmd`systemd-run --quiet --unit=hasetup-netloss-lift --on-active=${c.networkLossSeconds}s nft delete table inet ${NFT_TABLE}`,
      ]),
      restore: cmd`nft delete table inet ${NFT_TABLE} 2>/dev/null; systemctl stop hasetup-netloss-lift.timer 2>/dev/null; true`,
    },
    reboot: {
      description: 'reboot the master (only with --allow-reboot)',
      action: cmd`systemctl reboot`,
      restore: cmd`true`,
      optIn: true,
    },
  };
  const s = specs[name];
  const before = name === 'reboot' ? cmd`` : cmd`${failsafe(name, c.failsafeSeconds, s.restore)}; `;
  // The failsafe stays armed until the restore has worked: a restore that fails (or a session lost while
  // it runs) leaves the host's own timer to do it.
  return { name, description: s.description, inject: stamped(before, s.action), restore: cmd`{ ${s.restore}; } && { ${disarmFailsafe(name)}; }`, optIn: s.optIn };
}

export function parseScenarioList(text: string): ScenarioName[] {
  const all: ScenarioName[] = [...DEFAULT_SCENARIOS, 'reboot'];
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.filter((n) => !all.includes(n as ScenarioName));
  if (bad.length) throw new Error(`unknown scenario ${bad.join(', ')}; known: ${all.join(', ')}`);
  return [...new Set(names)] as ScenarioName[];
}
