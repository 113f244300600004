// Scenario commands, the timing read from a host's keepalived config, and address-event lines: as data.
import { describe, expect, it } from 'vitest';
import { configPriority, parseEffectiveConfig } from '../../../src/failover/params.js';
import { DEFAULT_SCENARIOS, parseScenarioList, scenarioSpec, type ScenarioContext } from '../../../src/failover/scenarios.js';
import { parseWatchLine } from '../../../src/failover/watch.js';

const ctx: ScenarioContext = {
  tomcatService: 'tomcat10',
  vip: '198.18.1.100',
  vipCidr: '198.18.1.100/24',
  iface: 'eth0',
  tomcatPort: 8080,
  networkLossSeconds: 4,
  failsafeSeconds: 90,
};

describe('scenario commands', () => {
  it('arms a failsafe timer that runs the restore, then stamps the time on the master, then injects', () => {
    const s = scenarioSpec('tomcat-stop', ctx);
    expect(s.inject.text).toMatch(/^bash -c '/);
    const failsafe = s.inject.text.indexOf('systemd-run --quiet --unit=hasetup-failsafe-tomcat-stop --on-active=90s');
    const stamp = s.inject.text.indexOf('echo $EPOCHREALTIME');
    const action = s.inject.text.indexOf('systemctl stop tomcat10');
    expect(failsafe).toBeGreaterThan(-1);
    expect(stamp).toBeGreaterThan(failsafe);
    expect(action).toBeGreaterThan(stamp);
    // the failsafe is disarmed only after the restore worked
    expect(s.restore.text).toMatch(/^\{ .*systemctl start tomcat10; \} && \{ systemctl stop hasetup-failsafe-tomcat-stop\.timer/);
  });

  it('removes a VIP the crashed master kept before starting keepalived again', () => {
    const s = scenarioSpec('master-crash', ctx);
    expect(s.inject.text).toContain('systemctl kill -s KILL keepalived');
    expect(s.restore.text).toMatch(/ip addr del 198\.18\.1\.100\/24 dev eth0 .*systemctl start keepalived/);
  });

  it('lets the host lift network-loss by itself, and keeps SSH out of the rule', () => {
    const s = scenarioSpec('network-loss', ctx);
    expect(s.inject.text).toContain('ip protocol vrrp drop');
    expect(s.inject.text).toContain('tcp dport 8080 drop');
    expect(s.inject.text).not.toContain('dport 22');
    expect(s.inject.text).toContain('--on-active=4s nft delete table inet hasetup_netloss');
  });

  it('quotes a service name that needs it', () => {
    const s = scenarioSpec('tomcat-hang', { ...ctx, tomcatService: 'my tomcat' });
    expect(s.inject.text).toContain("systemctl show -p MainPID --value '\\''my tomcat'\\''");
    expect(s.inject.text).toContain('kill -STOP $pid');
  });

  it('parses scenario lists', () => {
    expect(parseScenarioList(DEFAULT_SCENARIOS.join(','))).toEqual(DEFAULT_SCENARIOS);
    expect(parseScenarioList('tomcat-stop, tomcat-stop,master-crash')).toEqual(['tomcat-stop', 'master-crash']);
    expect(() => parseScenarioList('tomcat-stop,explode')).toThrow(/unknown scenario explode/);
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
