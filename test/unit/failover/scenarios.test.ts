// Scenario commands, the timing read from a host's keepalived config, and address-event lines: as data.
import { describe, expect, it } from 'vitest';
import { configPriority, parseEffectiveConfig } from '../../../src/failover/params.js';
import { DEFAULT_SCENARIOS, networkLossRules, parseScenarioList, scenarioSpec, type ScenarioContext } from '../../../src/failover/scenarios.js';
import { parseWatchLine } from '../../../src/experiment/watch.js';

const ctx: ScenarioContext = {
  cluster: 'web-a',
  tomcatService: 'tomcat10',
  vip: '198.18.1.100',
  vipCidr: '198.18.1.100/24',
  iface: 'eth0',
  tomcatPort: 8080,
  sshPort: 22,
  networkLossSeconds: 4,
  failsafeSeconds: 90,
};

describe('scenario commands', () => {
  it('arms a failsafe timer that runs the restore in its own step, checked before anything is injected', () => {
    const s = scenarioSpec('tomcat-stop', ctx);
    expect(s.arm!.text).toContain('systemd-run --quiet --unit=hasetup-failsafe-web-a-tomcat-stop --on-active=90s /bin/sh -c');
    // the arm step fails when the timer is not active, so the runner can refuse to inject
    expect(s.arm!.text).toMatch(/&& systemctl is-active --quiet hasetup-failsafe-web-a-tomcat-stop\.timer$/);
    expect(s.inject!.text).not.toContain('systemd-run');
    expect(s.inject!.text).toMatch(/^bash -c '/);
    expect(s.inject!.text.indexOf('echo $EPOCHREALTIME')).toBeLessThan(s.inject!.text.indexOf('systemctl stop -- tomcat10'));
    expect(s.restore!.text).toContain('systemctl start -- tomcat10');
    expect(s.disarm!.text).toContain('systemctl stop hasetup-failsafe-web-a-tomcat-stop.timer');
  });

  it('removes a VIP the killed keepalived left before starting it again', () => {
    const s = scenarioSpec('keepalived-kill', ctx);
    expect(s.inject!.text).toContain('systemctl kill -s KILL keepalived');
    expect(s.restore!.text).toMatch(/ip addr del 198\.18\.1\.100\/24 dev eth0 .*systemctl start keepalived/);
  });

  it('network-loss cuts the cluster interface both ways (ARP too) but not loopback and not the SSH session', () => {
    const rules = networkLossRules('web-a', 'eth0', 2222);
    expect(rules).toContain('iifname "eth0" tcp dport 2222 accept; iifname "eth0" drop;');
    expect(rules).toContain('oifname "eth0" tcp sport 2222 accept; oifname "eth0" drop;');
    expect(rules).toContain('table arp hasetup_netloss_web_a');
    expect(rules).not.toMatch(/\blo\b/);
    // no rule matches by port alone: a host's own traffic on loopback never crosses eth0
    expect(rules).not.toMatch(/^\s*chain \w+ \{[^}]*; tcp dport 8080/m);
    const s = scenarioSpec('network-loss', ctx);
    expect(s.inject!.text).toContain(rules.split('\n')[0]!);
    expect(s.inject!.text).toMatch(/--on-active=4s \/bin\/sh -c .*nft delete table inet hasetup_netloss_web_a.*nft delete table arp hasetup_netloss_web_a/);
    expect(() => networkLossRules('web-a', 'eth0"; flush ruleset', 22)).toThrow(/interface/);
  });

  it('names its failsafe timer, its lift timer and its nft tables per cluster: two clusters on one host never share one (issue 21, M8)', () => {
    const a = scenarioSpec('network-loss', ctx);
    const b = scenarioSpec('network-loss', { ...ctx, cluster: 'web-b' });
    expect(a.arm!.text).toContain('--unit=hasetup-failsafe-web-a-network-loss ');
    expect(b.arm!.text).toContain('--unit=hasetup-failsafe-web-b-network-loss ');
    expect(a.inject!.text).toContain('--unit=hasetup-netloss-lift-web-a ');
    expect(b.inject!.text).toContain('--unit=hasetup-netloss-lift-web-b ');
    expect(b.inject!.text).toContain('table inet hasetup_netloss_web_b');
    expect(b.restore!.text).toContain('systemctl stop hasetup-netloss-lift-web-b.timer');
    expect(b.disarm!.text).toContain('systemctl stop hasetup-failsafe-web-b-network-loss.timer');
    for (const text of [b.arm!.text, b.inject!.text, b.restore!.text, b.disarm!.text]) expect(text).not.toMatch(/web-a|web_a/);
  });

  it('host-crash runs nothing on the host: its power commands run here, and it needs an explicit option', () => {
    const s = scenarioSpec('host-crash', ctx);
    expect([s.arm, s.inject, s.restore, s.disarm]).toEqual([undefined, undefined, undefined, undefined]);
    expect(s.optIn).toBe('power');
    expect(DEFAULT_SCENARIOS).not.toContain('host-crash');
    expect(DEFAULT_SCENARIOS).not.toContain('reboot');
  });

  it('quotes a service name that needs it, behind -- so it is never an option', () => {
    const s = scenarioSpec('tomcat-hang', { ...ctx, tomcatService: 'my tomcat' });
    expect(s.inject!.text).toContain("systemctl show -p MainPID --value -- '\\''my tomcat'\\''");
    expect(s.inject!.text).toContain('kill -STOP $pid');
  });

  it('parses scenario lists, with master-crash as a deprecated name of keepalived-kill', () => {
    expect(parseScenarioList(DEFAULT_SCENARIOS.join(',')).names).toEqual(DEFAULT_SCENARIOS);
    const old = parseScenarioList('tomcat-stop, tomcat-stop,master-crash');
    expect(old.names).toEqual(['tomcat-stop', 'keepalived-kill']);
    expect(old.notes).toEqual([expect.stringContaining('master-crash is now called keepalived-kill')]);
    expect(() => parseScenarioList('tomcat-stop,explode')).toThrow(/unknown scenario explode/);
    expect(() => parseScenarioList(' , ')).toThrow(/no scenario/);
  });
});

describe('timing in effect, from the host config', () => {
  it('reads a hasetup cluster file', () => {
    const text = `vrrp_script hasetup_web_http {\n  script "/x"\n  interval 1\n  timeout 2\n  fall 2\n  rise 2\n}\ntrack_file t {\n  file "/run/x"\n  weight 1\n}\nvrrp_instance hasetup_web {\n  priority 150\n  advert_int 0.1\n  version 3\n  track_script {\n    hasetup_web_http\n  }\n  track_file {\n    t\n  }\n}\n`;
    const e = parseEffectiveConfig(text, { master: 150, backup: 100 }, { intervalMs: 100, timeoutMs: 500 });
    expect(e.params).toMatchObject({ vrrpVersion: 3, advertInt: 0.1, checkInterval: 1, checkTimeout: 2, fall: 2, rise: 2, watchdogMs: 100, watchdogTimeoutMs: 500, trackProcess: false });
    expect(e.hasTomcatCheck).toBe(true);
    expect(configPriority(text)).toBe(150);
  });

  it('does not count a check that is defined but not tracked', () => {
    const text = `vrrp_script chk {\n  script "/x"\n  interval 2\n}\nvrrp_instance VI_1 {\n  priority 150\n}\n`;
    expect(parseEffectiveConfig(text, { master: 150, backup: 100 }).hasTomcatCheck).toBe(false);
  });

  it('reads a tutorial config: VRRPv2, no check at all', () => {
    const text = `vrrp_instance VI_1 {\n  state MASTER\n  priority 100\n  advert_int 1\n  nopreempt ! comment\n}\n`;
    const e = parseEffectiveConfig(text, { master: 100, backup: 90 });
    expect(e.params.vrrpVersion).toBe(2);
    expect(e.params.advertInt).toBe(1);
    expect(e.hasTomcatCheck).toBe(false);
    expect(e.nopreempt).toBe(true);
  });
});

describe('address events', () => {
  it('reads ip monitor lines stamped on the host, and moves them onto our clock', () => {
    expect(parseWatchLine('1764145801.123456 2: eth0    inet 198.18.1.100/24 scope global secondary eth0', 'node2', 23)).toEqual({
      t: 1764145801123.456 - 23,
      host: 'node2',
      kind: 'add',
      address: '198.18.1.100/24',
    });
    expect(parseWatchLine('1764145801.5 Deleted 2: eth0    inet 198.18.1.100/24 scope global secondary eth0', 'node1', 0)?.kind).toBe('del');
    expect(parseWatchLine('1764145801.5 2: eth0    inet6 fe80::1/64 scope link', 'node1', 0)).toBeUndefined();
  });
});
