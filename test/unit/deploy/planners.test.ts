// The planners planHost is made of, each tested alone with data: facts in, commands (as text) out.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateCommand } from '../../../src/deploy/keepalived-check.js';
import type { PlannedCommand, PlannedFile } from '../../../src/deploy/plan.js';
import { hostOf, interfaceOf, tomcatServiceOf } from '../../../src/deploy/planners/host.js';
import { packageCommands } from '../../../src/deploy/planners/packages.js';
import { keepalivedCommands, metricsTimerCommands, watchdogCommands } from '../../../src/deploy/planners/services.js';
import { directoryCommands, scriptUserCommands, selinuxBooleanCommands, selinuxContextCommands } from '../../../src/deploy/planners/system.js';
import { keepalivedDialect } from '../../../src/deploy/keepalived-version.js';
import { decideTrackProcess, versionAtLeast } from '../../../src/deploy/planners/track-process.js';
import { unitCommands } from '../../../src/deploy/planners/units.js';
import { vrrpSettings } from '../../../src/deploy/planners/vrrp.js';
import { parseFacts } from '../../../src/facts/gather.js';
import type { HostFacts } from '../../../src/facts/types.js';
import { labCluster } from '../../fixtures/lab-cluster.js';

const lab: HostFacts = parseFacts(readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8'));
const facts = (over: Partial<HostFacts> = {}): HostFacts => ({ ...lab, ...over });
const cluster = labCluster;
const text = (cmds: PlannedCommand[]) => cmds.map((c) => c.command.text);
const file = (p: string): PlannedFile => ({ path: p, content: 'x', mode: 0o644, purpose: '', secret: false });

describe('packages', () => {
  it('installs only what is missing, with the host\'s package manager', () => {
    expect(packageCommands('h', facts({ keepalived: { installed: true, active: true, enabled: true }, tools: { curl: true, bash: true } }))).toEqual([]);
    const none = { keepalived: { installed: false, active: false, enabled: false }, tools: { curl: false, bash: true } };
    expect(text(packageCommands('h', facts({ ...none, packageManager: 'apt' })))).toEqual([
      'apt-get update',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends keepalived curl',
    ]);
    expect(text(packageCommands('h', facts({ ...none, packageManager: 'yum', tools: { curl: true, bash: true } })))).toEqual(['yum install -y keepalived']);
  });

  it('says what to install by hand when there is no package manager (exit 2)', () => {
    expect(() => packageCommands('h1', facts({ keepalived: { installed: false, active: false, enabled: false }, packageManager: undefined }))).toThrow(
      /h1: keepalived missing and no apt, dnf or yum/,
    );
  });
});

describe('system', () => {
  it('creates the script user only when missing', () => {
    expect(scriptUserCommands(facts({ scriptUserExists: true }))).toEqual([]);
    expect(text(scriptUserCommands(facts({ scriptUserExists: false })))[0]).toMatch(/^getent passwd keepalived_script >\/dev\/null \|\| useradd --system/);
  });

  it('creates the directories when a file is new, with the Tomcat drop-in directory for the watchdog', () => {
    const files = [file('/etc/keepalived/keepalived.conf')];
    expect(directoryCommands('web', files, facts({ files: { '/etc/keepalived/keepalived.conf': 'x' } }), 'tomcat10')).toEqual([]);
    expect(text(directoryCommands('web', files, facts({ files: {} }), 'tomcat10'))).toEqual([
      'install -d -m 0755 -o root -g root /usr/libexec/hasetup /etc/keepalived /etc/keepalived/hasetup.d /etc/systemd/system/keepalived.service.d /run/hasetup/web /var/lib/hasetup/web /etc/systemd/system/tomcat10.service.d /usr/libexec/hasetup/tomcat-hooks /usr/libexec/hasetup/tomcat-hooks/tomcat10',
    ]);
    expect(text(directoryCommands('web', files, facts({ files: {} }), undefined))[0]).not.toContain('tomcat10');
  });

  it('SELinux: the boolean when enforcing and off, contexts after any change unless disabled', () => {
    expect(text(selinuxBooleanCommands(facts({ selinux: 'enforcing', selinuxBooleans: {} })))).toEqual(['setsebool -P keepalived_connect_any 1']);
    expect(selinuxBooleanCommands(facts({ selinux: 'enforcing', selinuxBooleans: { keepalived_connect_any: true } }))).toEqual([]);
    expect(selinuxBooleanCommands(facts({ selinux: 'permissive', selinuxBooleans: {} }))).toEqual([]);
    expect(text(selinuxContextCommands(facts({ selinux: 'permissive' }), [file('/a')]))).toEqual(['restorecon -R /usr/libexec/hasetup /etc/keepalived /etc/systemd/system']);
    expect(selinuxContextCommands(facts({ selinux: 'enforcing' }), [])).toEqual([]);
    expect(selinuxContextCommands(facts({ selinux: 'disabled' }), [file('/a')])).toEqual([]);
  });
});

describe('units and services', () => {
  it('daemon-reload only for changed unit files; tmpfiles only when its entry changed', () => {
    expect(unitCommands({ unitFiles: false })).toEqual([]);
    expect(text(unitCommands({ unitFiles: true, tmpfiles: '/etc/tmpfiles.d/hasetup-web.conf' }))).toEqual([
      'systemctl daemon-reload',
      'systemd-tmpfiles --create /etc/tmpfiles.d/hasetup-web.conf',
    ]);
  });

  it('the watchdog: enabled without a reload of its own, restarted when its files changed, started when it is not running', () => {
    const unit = 'hasetup-watchdog-web.service';
    const cold = watchdogCommands(unit, facts({ units: {} }), true);
    expect(text(cold.enable)).toEqual([`systemctl enable --no-reload -- ${unit}`]);
    expect(text(cold.run)).toEqual([`systemctl start -- ${unit}`]);
    const running = facts({ units: { [unit]: { enabled: true, active: true } } });
    expect(watchdogCommands(unit, running, true)).toEqual({ enable: [], run: [expect.objectContaining({ step: 'restart the watchdog' })] });
    expect(text(watchdogCommands(unit, running, true).run)).toEqual([`systemctl restart -- ${unit}`]);
    expect(watchdogCommands(unit, running, false)).toEqual({ enable: [], run: [] });
    expect(text(watchdogCommands(unit, facts({ units: { [unit]: { enabled: false, active: true } } }), false).enable)).toEqual([
      `systemctl enable --no-reload -- ${unit}`,
    ]);
  });

  it('the metrics timer: the same rules, with its own step names', () => {
    const timer = 'hasetup-metrics-web.timer';
    const cold = metricsTimerCommands(timer, facts({ units: {} }), true);
    expect(cold.enable.map((c) => c.step)).toEqual(['enable the metrics timer at boot']);
    expect(cold.run.map((c) => c.step)).toEqual(['start the metrics timer']);
    expect(metricsTimerCommands(timer, facts({ units: { [timer]: { enabled: true, active: true } } }), true).run.map((c) => c.step)).toEqual([
      'restart the metrics timer',
    ]);
  });

  it('keepalived: started when stopped, reloaded (never restarted) when its files changed', () => {
    const ka = (active: boolean, enabled: boolean) => facts({ keepalived: { installed: true, active, enabled } });
    expect(keepalivedCommands(ka(false, false), true)).toMatchObject({ activation: 'start' });
    expect(text(keepalivedCommands(ka(false, false), true).enable)).toEqual(['systemctl enable --no-reload -- keepalived']);
    expect(text(keepalivedCommands(ka(false, false), true).run)).toEqual(['systemctl start keepalived']);
    expect(text(keepalivedCommands(ka(true, true), true).run)).toEqual(['systemctl reload keepalived']);
    expect(keepalivedCommands(ka(true, true), false)).toEqual({ enable: [], run: [], activation: 'none' });
  });
});

describe('track_process decision', () => {
  it('compares versions numerically', () => {
    expect(versionAtLeast('2.2.7', [2, 0, 11])).toBe(true);
    expect(versionAtLeast('2.0.10', [2, 0, 11])).toBe(false);
    expect(versionAtLeast('2.0.11', [2, 0, 11])).toBe(true);
    expect(versionAtLeast('10.0', [2, 0, 11])).toBe(true);
  });

  it('auto: only outside containers with 2.0.11+ (or a not-yet-installed apt/dnf package); on: refused with a warning', () => {
    const w: string[] = [];
    const metal = facts({ virtualization: 'none' });
    expect(decideTrackProcess(cluster(), metal, keepalivedDialect(metal), w)).toBe(true);
    expect(decideTrackProcess(cluster(), facts({ virtualization: 'systemd-nspawn' }), keepalivedDialect(facts({ virtualization: 'systemd-nspawn' })), w)).toBe(false);
    const el7 = { ...metal, os: { ...metal.os, family: 'rhel' as const, versionId: '7.9' }, keepalived: { installed: false, active: false, enabled: false }, packageManager: 'yum' as const };
    expect(decideTrackProcess(cluster(), el7, keepalivedDialect(el7), w)).toBe(false); // yum would install 1.3.5
    expect(decideTrackProcess(cluster({ tomcat: { track_process: 'off' } }), metal, keepalivedDialect(metal), w)).toBe(false);
    expect(w).toEqual([]);
    expect(decideTrackProcess(cluster({ tomcat: { track_process: 'on' } }), facts({ virtualization: 'lxc' }), keepalivedDialect(facts({ virtualization: 'lxc' })), w)).toBe(false);
    const old = { ...metal, keepalived: { ...metal.keepalived, version: '1.3.5' } };
    expect(decideTrackProcess(cluster({ tomcat: { track_process: 'on' } }), old, keepalivedDialect(old), w)).toBe(false);
    expect(w).toHaveLength(2);
  });
});

describe('host, interface, Tomcat unit, VRRP settings', () => {
  it('finds the host and the interface holding its address, or says what to set', () => {
    const c = cluster();
    expect(interfaceOf(hostOf(c, 'ha1'), lab)).toBe('host0');
    expect(() => hostOf(c, 'ha9')).toThrow(/no host ha9/);
    expect(() => interfaceOf({ ...hostOf(c, 'ha1'), interface: 'eth9' }, lab)).toThrow(/interface eth9 does not exist/);
  });

  it('the Tomcat unit: the inventory\'s without .service, else the facts\'; none is an error only with the watchdog', () => {
    expect(tomcatServiceOf(cluster({ tomcat: { service: 'tc.service' } }), hostOf(cluster(), 'ha1'), lab)).toBe('tc');
    const noTomcat = facts({ tomcat: { active: false, execStop: [] } });
    expect(() => tomcatServiceOf(cluster(), hostOf(cluster(), 'ha1'), noTomcat)).toThrow(/no Tomcat unit found/);
    expect(tomcatServiceOf(cluster({ tomcat: { watchdog: false } }), hostOf(cluster(), 'ha1'), noTomcat)).toBeUndefined();
  });

  it('VRRP: unicast peers, the VIP\'s device and label, auth only with v2', () => {
    const c = cluster({ vips: [{ address: '198.18.0.100/24', label: 'vip' }] });
    const w: string[] = [];
    expect(vrrpSettings(c, hostOf(c, 'ha1'), lab, 'host0', {}, w)).toEqual({
      srcIp: '198.18.0.11',
      peers: ['198.18.0.12'],
      auth: null,
      vips: [{ cidr: '198.18.0.100/24', dev: 'host0', label: 'host0:vip' }],
    });
    const v2 = cluster({ vrrp: { version: 2, advert_int: 1, auth: { pass_env: 'P' } } });
    expect(vrrpSettings(v2, hostOf(v2, 'ha1'), lab, 'host0', { authPass: 'pw' }, w).auth).toEqual({ pass: 'pw' });
    expect(() => vrrpSettings(v2, hostOf(v2, 'ha1'), lab, 'host0', { authPass: 'pass with space' }, w)).toThrow(/character/);
    const long = cluster({ vips: [{ address: '198.18.0.100/24', label: 'abcdefghij' }] });
    expect(() => vrrpSettings(long, hostOf(long, 'ha1'), lab, 'longiface0', {}, w)).toThrow(/longer than 15/);
  });
});

describe('validate command', () => {
  it('checks the files, runs keepalived -t in its own process group, then the scripts\' syntax', () => {
    const c = validateCommand(['/etc/keepalived/keepalived.conf'], ['/a.sh'], ['/b.sh']).text;
    expect(c).toContain('for f in /etc/keepalived/keepalived.conf; do');
    expect(c).toContain('setsid -w keepalived -t -f /etc/keepalived/keepalived.conf');
    expect(c).toMatch(/\[ "\$rc" -eq 143 \] \|\| exit "\$rc"; sh -n \/a\.sh && bash -n \/b\.sh$/);
  });
});
