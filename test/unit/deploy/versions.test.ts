// keepalived versions and distributions as data: the config speaks each version's dialect, a keepalived
// older than 2.0.0 is refused before anything changes, and EL7/8/9 facts (firewalld, SELinux) plan right.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PlannedCommand } from '../../../src/deploy/plan.js';
import { describe, expect, it } from 'vitest';
import { keepalivedDialect, MIN_KEEPALIVED } from '../../../src/deploy/keepalived-version.js';
import { planHost } from '../../../src/deploy/plan.js';
import { HasetupError } from '../../../src/errors.js';
import { parseFacts } from '../../../src/facts/gather.js';
import type { HostFacts } from '../../../src/facts/types.js';
import { resolveCluster } from '../../../src/inventory/model.js';

const facts = (name: string): HostFacts => parseFacts(readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', name), 'utf8'));
const steps = (cmds: PlannedCommand[]) => cmds.map((c) => c.command.text);

const elCluster = resolveCluster({
  name: 'web',
  virtual_router_id: 60,
  vips: [{ address: '10.20.0.100/24' }],
  hosts: [
    { name: 'app1', address: '10.20.0.11' },
    { name: 'app2', address: '10.20.0.12' },
  ],
});
const labCluster = resolveCluster({
  name: 'web',
  virtual_router_id: 51,
  vips: [{ address: '198.18.0.100/24' }],
  hosts: [
    { name: 'ha1', address: '198.18.0.11' },
    { name: 'ha2', address: '198.18.0.12' },
  ],
});
const debian = facts('debian12-lab.txt');
const withVersion = (f: HostFacts, version: string): HostFacts => ({ ...f, virtualization: 'none', keepalived: { ...f.keepalived, installed: true, version } });
const confs = (plan: ReturnType<typeof planHost>) => ({
  global: plan.files.find((x) => x.path === '/etc/keepalived/keepalived.conf')!.content,
  cluster: plan.files.find((x) => x.path === '/etc/keepalived/hasetup.d/web.conf')!.content,
});
const keywordLines = (text: string, kw: string) => text.split('\n').filter((l) => new RegExp(`^\\s*${kw}\\b`).test(l));

describe('keepalived.conf per keepalived version', () => {
  // Where each keyword came in (checked in keepalived's sources at each tag; docs/keepalived-versions.md).
  const cases: [string, { trackFile: string; maxAutoPriority: boolean; trackProcess: boolean }][] = [
    ['2.0.0', { trackFile: 'vrrp_track_file', maxAutoPriority: false, trackProcess: false }],
    ['2.0.10', { trackFile: 'vrrp_track_file', maxAutoPriority: false, trackProcess: false }], // Debian 10
    ['2.0.19', { trackFile: 'vrrp_track_file', maxAutoPriority: false, trackProcess: true }], // Ubuntu 20.04
    ['2.1.0', { trackFile: 'track_file', maxAutoPriority: true, trackProcess: true }],
    ['2.1.5', { trackFile: 'track_file', maxAutoPriority: true, trackProcess: true }], // Debian 11, EL8
    ['2.2.7', { trackFile: 'track_file', maxAutoPriority: true, trackProcess: true }], // Debian 12
    ['2.3.3', { trackFile: 'track_file', maxAutoPriority: true, trackProcess: true }], // Debian 13
  ];
  it.each(cases)('%s', (version, want) => {
    const plan = planHost(labCluster, 'ha1', withVersion(debian, version), {});
    const { global, cluster } = confs(plan);
    expect(keywordLines(global, 'max_auto_priority')).toHaveLength(want.maxAutoPriority ? 1 : 0);
    expect(keywordLines(cluster, 'track_file hasetup_web_tomcat')).toHaveLength(want.trackFile === 'track_file' ? 1 : 0);
    expect(keywordLines(cluster, 'vrrp_track_file hasetup_web_tomcat')).toHaveLength(want.trackFile === 'vrrp_track_file' ? 1 : 0);
    expect(keywordLines(cluster, 'vrrp_track_process')).toHaveLength(want.trackProcess ? 1 : 0);
    // keywords every supported version has: script security, the instance's track_file list, init_file
    // (three tracked files: Tomcat's, and switchover's and maintenance's, all in the version's own block)
    expect(keywordLines(global, 'enable_script_security')).toHaveLength(1);
    expect(keywordLines(cluster, 'init_file')).toHaveLength(3);
    expect(keywordLines(cluster, 'vrrp_track_file')).toHaveLength(want.trackFile === 'vrrp_track_file' ? 3 : 0);
    expect(keywordLines(cluster, 'track_file')).toHaveLength(want.trackFile === 'track_file' ? 4 : 1);
  });

  it('a host without keepalived gets the dialect of what apt would install (its candidate)', () => {
    const text = readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8')
      .replace(/^ka_installed=1$/m, 'ka_installed=0\nka_candidate=1:2.0.10-1')
      .replace(/^ka_version=.*\n/m, '');
    const f = parseFacts(text);
    expect(f.keepalived.candidate).toBe('2.0.10');
    expect(keepalivedDialect(f)).toMatchObject({ version: '2.0.10', source: 'package candidate', trackFileBlock: 'vrrp_track_file' });
  });
});

describe('EL7: keepalived 1.3.5 is refused at preflight', () => {
  const f = facts('el7-firewalld-selinux.txt');
  it('names the host, the version found and the minimum; nothing is planned', () => {
    expect(f.keepalived.version).toBe('1.3.5');
    let err: unknown;
    try {
      planHost(elCluster, 'app1', f, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HasetupError);
    expect((err as Error).message).toMatch(/^app1: keepalived 1\.3\.5 is installed; hasetup needs 2\.0\.0 or later/);
    expect((err as Error).message).toContain('nothing was changed');
    expect((err as HasetupError).hint).toMatch(/EL7 ships 1\.3\.5/);
    expect(MIN_KEEPALIVED).toBe('2.0.0');
  });

  it('also when keepalived is not installed yet: yum on EL7 would install 1.3.5', () => {
    const bare = { ...f, keepalived: { ...f.keepalived, installed: false, version: undefined } };
    expect(() => planHost(elCluster, 'app1', bare, {})).toThrow(/keepalived 1\.3\.5 is what this distribution ships/);
  });
});

describe('EL8: keepalived 2.1.5, firewalld zone of the interface, SELinux', () => {
  const f = facts('el8-firewalld-selinux.txt');
  it('reads the interface\'s zone and adds the rule there, permanent too (runtime already had it)', () => {
    expect(f.firewalld?.interfaceZones).toEqual({ ens192: 'internal' });
    const plan = planHost(elCluster, 'app1', f, {});
    const fw = plan.prepare.filter((c) => c.command.text.includes('firewall-cmd'));
    expect(fw).toHaveLength(1);
    expect(fw[0]!.command.text).toContain('--zone=internal');
    expect(fw[0]!.command.text).toContain('firewall-cmd --permanent \'--query-rich-rule=rule family="ipv4" source address="10.20.0.12" protocol value="vrrp" accept\' --zone=internal');
    expect(fw[0]!.undo!.text).toContain('--remove-rich-rule=');
    expect(steps(plan.prepare)).toContain('setsebool -P keepalived_connect_any 1');
    expect(steps(plan.activate)).toContain('restorecon -R /usr/libexec/hasetup /etc/keepalived /etc/systemd/system');
    const { global, cluster } = confs(plan);
    expect(keywordLines(global, 'max_auto_priority')).toHaveLength(1);
    expect(keywordLines(cluster, 'track_file hasetup_web_tomcat')).toHaveLength(1);
  });

  it('with the rule in both runtime and permanent configuration, nothing is added', () => {
    const both = { ...f, firewalld: { ...f.firewalld!, permanent: { internal: f.firewalld!.runtime.internal! } } };
    expect(steps(planHost(elCluster, 'app1', both, {}).prepare).join('\n')).not.toContain('firewall-cmd');
  });
});

describe('EL9: keepalived not installed yet (dnf installs 2.2.8), default zone', () => {
  const f = facts('el9-firewalld-selinux.txt');
  it('plans for 2.2.8 and opens VRRP in the default zone', () => {
    expect(keepalivedDialect(f)).toMatchObject({ version: '2.2.8', source: 'distribution default', trackFileBlock: 'track_file', maxAutoPriority: true });
    const plan = planHost(elCluster, 'app1', f, {});
    expect(steps(plan.prepare)[0]).toBe('dnf install -y keepalived');
    expect(steps(plan.prepare).join('\n')).toContain('--zone=public');
    expect(plan.trackProcess).toBe(true);
  });
});
