import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact, unifiedDiff } from '../../../src/deploy/diff.js';
import { keepalivedCheckPassed } from '../../../src/deploy/keepalived-check.js';
import { managedPaths, planHost, type HostPlan, type PlannedCommand } from '../../../src/deploy/plan.js';
import { parseFacts } from '../../../src/facts/gather.js';
import type { HostFacts } from '../../../src/facts/types.js';
import { resolveCluster } from '../../../src/inventory/model.js';
import { labCluster } from '../../fixtures/lab-cluster.js';
import { keepalivedQuote } from '../../../src/render/render.js';

const facts = (name: string): HostFacts =>
  parseFacts(readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', name), 'utf8'));

/** The lab fixture is ha1 (198.18.0.11); ha2 is the same host with .12. */
const forHost = (f: HostFacts, host: string): HostFacts =>
  host === 'ha2' ? { ...f, interfaces: f.interfaces.map((i) => ({ ...i, addresses: i.addresses.map((a) => a.replace('198.18.0.11/', '198.18.0.12/')) })) } : f;


/** The facts of a host after a deploy: every planned file in place, services running and enabled. */
function converged(f: HostFacts, plan: HostPlan): HostFacts {
  const files = { ...f.files };
  for (const pf of plan.files) files[pf.path] = pf.content;
  const units = {
    ...f.units,
    'hasetup-watchdog-web.service': { enabled: true, active: true },
    'hasetup-metrics-web.timer': { enabled: true, active: true },
  };
  return {
    ...f,
    files,
    units,
    scriptUserExists: true,
    keepalived: { ...f.keepalived, installed: true, version: f.keepalived.version ?? '2.2.8', active: true, enabled: true },
    tools: { curl: true, bash: true },
    selinuxBooleans: { keepalived_connect_any: true },
    firewallRules: f.firewallRules,
  };
}

const steps = (cmds: PlannedCommand[]) => cmds.map((c) => c.command.text);

describe('planHost: Debian lab host, apt, no firewall', () => {
  const cluster = labCluster();
  const f = facts('debian12-lab.txt');

  it('fresh host: creates the user and directories, writes every file, starts keepalived', () => {
    const plan = planHost(cluster, 'ha1', f, {});
    expect(plan.interface).toBe('host0');
    expect(plan.role).toBe('master');
    expect(plan.trackProcess).toBe(false); // a container: no process events
    expect(plan.files.map((x) => x.path)).toEqual(managedPaths(cluster, 'tomcat10'));
    expect(plan.changed).toHaveLength(plan.files.length);
    expect(steps(plan.prepare)).toEqual([
      'getent passwd keepalived_script >/dev/null || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin keepalived_script',
      'install -d -m 0755 -o root -g root /usr/libexec/hasetup /etc/keepalived /etc/keepalived/hasetup.d /etc/systemd/system/keepalived.service.d /run/hasetup/web /var/lib/hasetup/web /etc/systemd/system/tomcat10.service.d /usr/libexec/hasetup/tomcat-hooks /usr/libexec/hasetup/tomcat-hooks/tomcat10',
    ]);
    // Every enable without a reload of its own, then one daemon-reload, then what runs (keepalived last).
    expect(steps(plan.activate)).toEqual([
      'systemctl enable --no-reload -- hasetup-watchdog-web.service',
      'systemctl enable --no-reload -- hasetup-metrics-web.timer',
      'systemctl enable --no-reload -- keepalived',
      'systemctl daemon-reload',
      'systemd-tmpfiles --create /etc/tmpfiles.d/hasetup-web.conf',
      'systemctl start -- hasetup-watchdog-web.service',
      'systemctl start -- hasetup-metrics-web.timer',
      'systemctl start keepalived',
    ]);
    expect(plan.keepalivedActivation).toBe('start');
    expect(plan.validateFiles).toEqual(['/etc/keepalived/keepalived.conf', '/etc/keepalived/hasetup.d/web.conf']);
    expect(plan.validate.command.text).toContain('keepalived -t -f /etc/keepalived/keepalived.conf');
    const modes = Object.fromEntries(plan.files.map((x) => [x.path, x.mode]));
    expect(modes['/usr/libexec/hasetup/watchdog_web.sh']).toBe(0o755);
    expect(modes['/etc/keepalived/hasetup.d/web.conf']).toBe(0o644);
    // root only: with VRRPv2 authentication it holds the password
    expect(modes['/usr/libexec/hasetup/goodbye_web.pl']).toBe(0o700);
  });

  it('installs keepalived (and curl) with apt when absent', () => {
    const plan = planHost(cluster, 'ha1', { ...f, keepalived: { installed: false, active: false, enabled: false }, tools: { curl: false, bash: true } }, {});
    expect(steps(plan.prepare).slice(0, 2)).toEqual([
      'apt-get update',
      'DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends keepalived curl',
    ]);
  });

  it('a converged host needs no command at all', () => {
    const first = planHost(cluster, 'ha1', f, {});
    const again = planHost(cluster, 'ha1', converged(f, first), {});
    expect(again.changed).toEqual([]);
    expect(again.prepare).toEqual([]);
    expect(again.activate).toEqual([]);
    expect(again.keepalivedActivation).toBe('none');
  });

  it('a changed config on a running keepalived is a reload, never a restart; the drop-in only a daemon-reload', () => {
    const first = planHost(cluster, 'ha1', f, {});
    const now = converged(f, first);
    const changedCluster = labCluster({ vrrp: { advert_int: 0.2 } });
    const plan = planHost(changedCluster, 'ha1', now, {});
    // The goodbye script carries the advert interval too; it runs only at a stop, so it needs no activation.
    expect(plan.changed.map((x) => x.path)).toEqual(['/etc/keepalived/hasetup.d/web.conf', '/usr/libexec/hasetup/goodbye_web.pl']);
    expect(steps(plan.activate)).toEqual(['systemctl reload keepalived']);
    expect(plan.keepalivedActivation).toBe('reload');
    const dropin = '/etc/systemd/system/tomcat10.service.d/zz-hasetup.conf';
    const onlyDropin = planHost(cluster, 'ha1', { ...now, files: { ...now.files, [dropin]: 'old' } }, {});
    expect(steps(onlyDropin.activate)).toEqual(['systemctl daemon-reload']);
    expect(steps(onlyDropin.activate).join('\n')).not.toMatch(/tomcat10/);
  });

  it('without an interface holding the address it says what to set', () => {
    const other = { ...f, interfaces: [{ name: 'eth9', addresses: ['10.0.0.1/24'] }] };
    expect(() => planHost(cluster, 'ha1', other, {})).toThrow(/no interface holds 198\.18\.0\.11/);
    try {
      planHost(cluster, 'ha1', other, {});
    } catch (e) {
      expect((e as { hint?: string }).hint).toMatch(/hosts\[\]\.interface/);
      expect((e as { exitCode?: number }).exitCode).toBe(2);
    }
  });

  it('track_process: on is refused in a container (warning), auto is used on bare metal with 2.2.7', () => {
    const on = planHost(labCluster({ tomcat: { track_process: 'on' } }), 'ha1', f, {});
    expect(on.trackProcess).toBe(false);
    expect(on.warnings.join('\n')).toMatch(/container/);
    const metal = planHost(cluster, 'ha1', { ...f, virtualization: 'none' }, {});
    expect(metal.trackProcess).toBe(true);
    expect(metal.files[1]!.content).toContain('vrrp_track_process');
    const old = planHost(cluster, 'ha1', { ...f, virtualization: 'none', keepalived: { ...f.keepalived, version: '2.0.10' } }, {});
    expect(old.trackProcess).toBe(false); // vrrp_track_process came in 2.0.11
  });
});

describe('planHost: RHEL 9, dnf, firewalld, SELinux enforcing', () => {
  const cluster = resolveCluster({
    name: 'web',
    virtual_router_id: 60,
    vips: [{ address: '10.20.0.100/24', label: 'vip' }],
    hosts: [
      { name: 'app1', address: '10.20.0.11' },
      { name: 'app2', address: '10.20.0.12' },
    ],
  });
  const f = facts('rhel9-firewalld-selinux.txt');

  it('installs with dnf, opens VRRP from the peer, sets the SELinux boolean', () => {
    const plan = planHost(cluster, 'app1', f, {});
    expect(steps(plan.prepare)).toEqual([
      'dnf install -y keepalived',
      'getent passwd keepalived_script >/dev/null || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin keepalived_script',
      'install -d -m 0755 -o root -g root /usr/libexec/hasetup /etc/keepalived /etc/keepalived/hasetup.d /etc/systemd/system/keepalived.service.d /run/hasetup/web /var/lib/hasetup/web /etc/systemd/system/tomcat.service.d /usr/libexec/hasetup/tomcat-hooks /usr/libexec/hasetup/tomcat-hooks/tomcat',
      // runtime and permanent, no reload; the fixture names no zone, so the default zone (no --zone)
      `{ firewall-cmd '--query-rich-rule=rule family="ipv4" source address="10.20.0.12" protocol value="vrrp" accept' >/dev/null || firewall-cmd '--add-rich-rule=rule family="ipv4" source address="10.20.0.12" protocol value="vrrp" accept'; } && ` +
        `{ firewall-cmd --permanent '--query-rich-rule=rule family="ipv4" source address="10.20.0.12" protocol value="vrrp" accept' >/dev/null || firewall-cmd --permanent '--add-rich-rule=rule family="ipv4" source address="10.20.0.12" protocol value="vrrp" accept'; }`,
      'setsebool -P keepalived_connect_any 1',
    ]);
    expect(steps(plan.activate)).toContain('restorecon -R /usr/libexec/hasetup /etc/keepalived /etc/systemd/system');
    expect(plan.trackProcess).toBe(true); // bare metal/VM, keepalived from dnf (2.x)
    const conf = plan.files.find((x) => x.path === '/etc/keepalived/hasetup.d/web.conf')!.content;
    expect(conf).toContain('10.20.0.100/24 dev ens192 label ens192:vip');
    // the unit's own ExecStop comes after ours
    const dropin = plan.files.find((x) => x.path.endsWith('tomcat.service.d/zz-hasetup.conf'))!.content;
    const lines = dropin.split('\n').filter((l) => l.startsWith('ExecStop='));
    expect(lines[0]).toBe('ExecStop=');
    expect(lines[1]).toMatch(/^ExecStop=\+\/bin\/sh -c '.*tomcat-hooks\/tomcat\/\*\.sh.* stop .*sleep 0\.5; exit \$\$rc'$/);
    expect(plan.files.find((x) => x.path === '/usr/libexec/hasetup/tomcat-hooks/tomcat/web.sh')!.content).toMatch(/echo -254 > \/run\/hasetup\/web\/tomcat\.track\.stop\.tmp/);
    expect(lines[2]).toBe('ExecStop=/usr/libexec/tomcat/server stop');
  });

  it('a rule already present is not added again', () => {
    const withRule = { ...f, firewallRules: `${f.firewallRules}\nrule family="ipv4" source address="10.20.0.12" protocol value="vrrp" accept` };
    expect(steps(planHost(cluster, 'app1', withRule, {}).prepare).join('\n')).not.toMatch(/firewall-cmd/);
  });

  it('multicast opens VRRP to 224.0.0.18 instead', () => {
    const mc = resolveCluster({ ...cluster, alerts: undefined, virtual_router_id: 60, vrrp: { unicast: false }, vips: [{ address: '10.20.0.100/24' }], hosts: [{ name: 'app1', address: '10.20.0.11' }, { name: 'app2', address: '10.20.0.12' }] });
    const plan = planHost(mc, 'app1', f, {});
    expect(steps(plan.prepare).join('\n')).toContain('destination address="224.0.0.18"');
    const conf = plan.files[1]!.content;
    expect(conf).not.toContain('unicast_peer');
  });
});

describe('planHost: Ubuntu with ufw', () => {
  it('skips the ufw rule that exists and adds nothing else', () => {
    const cluster = resolveCluster({
      name: 'web',
      virtual_router_id: 7,
      vips: [{ address: '192.0.2.100/24' }],
      hosts: [
        { name: 'u1', address: '192.0.2.21' },
        { name: 'u2', address: '192.0.2.22' },
        { name: 'u3', address: '192.0.2.23' },
      ],
    });
    const plan = planHost(cluster, 'u1', facts('ubuntu-ufw.txt'), {});
    const ufw = steps(plan.prepare).filter((c) => c.startsWith('ufw'));
    expect(ufw).toEqual(['ufw allow in proto vrrp from 192.0.2.23 comment hasetup-web']);
    expect(steps(plan.prepare)).toContain('DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl');
    expect(plan.keepalivedActivation).toBe('reload');
  });
});

describe('planHost: VRRP variants', () => {
  const f = facts('debian12-lab.txt');

  it('v2 with auth: 0600, secret, redacted diff', () => {
    const cluster = labCluster({ vrrp: { version: 2, advert_int: 1, auth: { pass_env: 'VRRP_PASS' } } });
    const plan = planHost(cluster, 'ha2', forHost(f, 'ha2'), { authPass: 's3cret' });
    const conf = plan.files.find((x) => x.path === '/etc/keepalived/hasetup.d/web.conf')!;
    expect(conf.mode).toBe(0o600);
    expect(conf.secret).toBe(true);
    expect(conf.content).toMatch(/auth_pass s3cret\n/);
    const diff = redact(unifiedDiff(conf.path, undefined, conf.content));
    expect(diff).toContain('+        auth_pass ******');
    expect(diff).not.toContain('s3cret');
    expect(() => planHost(cluster, 'ha2', forHost(f, 'ha2'), {})).toThrow(/no password/);
    expect(() => planHost(cluster, 'ha2', forHost(f, 'ha2'), { authPass: 'a"b' })).toThrow(/character/);
  });

  it('auth is ignored with v3 (warning)', () => {
    const plan = planHost(labCluster({ vrrp: { version: 3, auth: { pass_env: 'X' } } }), 'ha1', f, { authPass: 'x' });
    expect(plan.files[1]!.content).not.toContain('auth_pass');
    expect(plan.warnings.join()).toMatch(/ignored/);
  });

  it('preempt false: every host BACKUP with nopreempt, priorities kept', () => {
    const cluster = labCluster({ vrrp: { preempt: false } });
    for (const h of ['ha1', 'ha2']) {
      const conf = planHost(cluster, h, forHost(f, h), {}).files[1]!.content;
      expect(conf).toMatch(/state BACKUP\n\s+nopreempt/);
      expect(conf).not.toContain('state MASTER');
    }
    expect(planHost(cluster, 'ha1', f, {}).files[1]!.content).toContain('priority 150');
  });

  it('unicast vs multicast', () => {
    const uni = planHost(labCluster(), 'ha1', f, {}).files[1]!.content;
    expect(uni).toContain('unicast_src_ip 198.18.0.11');
    expect(uni).toMatch(/unicast_peer \{\n\s+198\.18\.0\.12\n\s+\}/);
    const multi = planHost(labCluster({ vrrp: { unicast: false } }), 'ha1', f, {}).files[1]!.content;
    expect(multi).not.toMatch(/unicast/);
  });

  it('no rendered config ever holds vrrp_strict', () => {
    for (const c of [labCluster(), labCluster({ vrrp: { version: 2, advert_int: 1 } }), labCluster({ vrrp: { preempt: false, unicast: false } })]) {
      for (const h of ['ha1', 'ha2']) {
        for (const file of planHost(c, h, { ...forHost(f, h), virtualization: 'none' }, {}).files) expect(file.content).not.toMatch(/^\s*vrrp_strict/m);
      }
    }
  });

  it('a value with a quote cannot break out of keepalived.conf or the scripts', () => {
    expect(() => keepalivedQuote('/x" ; evil "')).toThrow(/quote/);
    expect(keepalivedQuote('/usr/libexec/hasetup/check_tomcat_web.sh')).toBe('"/usr/libexec/hasetup/check_tomcat_web.sh"');
    const plan = planHost(labCluster({ tomcat: { health_path: "/a'b;$(reboot)" } }), 'ha1', f, {});
    const check = plan.files.find((x) => x.path.endsWith('check_tomcat_web.sh'))!.content;
    expect(check).toContain(`url='http://127.0.0.1:8080/a'\\''b;$(reboot)'`);
    const out = execFileSync('sh', ['-c', `${check.split('\n').find((l) => l.startsWith('url='))}; printf %s "$url"`]).toString();
    expect(out).toBe("http://127.0.0.1:8080/a'b;$(reboot)");
  });

  it('every generated script is valid shell', () => {
    const plan = planHost(labCluster({ notify: '/usr/local/bin/page me' }), 'ha1', f, {});
    for (const file of plan.files.filter((x) => x.path.endsWith('.sh'))) {
      execFileSync(file.content.startsWith('#!/bin/bash') ? 'bash' : 'sh', ['-n'], { input: file.content });
    }
  });
});

describe('template snapshots', () => {
  const f = facts('debian12-lab.txt');
  const cases: [string, ReturnType<typeof labCluster>, string, Partial<HostFacts>][] = [
    ['master-unicast-v3', labCluster(), 'ha1', {}],
    ['backup-unicast-v3', labCluster(), 'ha2', {}],
    ['master-multicast-v2-auth-trackprocess', labCluster({ vrrp: { version: 2, advert_int: 1, unicast: false, auth: { pass_env: 'P' } }, notify: '/usr/local/bin/notify' }), 'ha1', { virtualization: 'none' }],
    ['backup-nopreempt', labCluster({ vrrp: { preempt: false } }), 'ha2', {}],
  ];
  for (const [name, cluster, host, over] of cases) {
    it(name, async () => {
      const plan = planHost(cluster, host, { ...forHost(f, host), ...over }, { authPass: 'secret12' });
      const text = plan.files.map((x) => `==> ${x.path} (mode ${x.mode.toString(8)}${x.secret ? ', secret' : ''}) <==\n${x.content}`).join('\n');
      await expect(text).toMatchFileSnapshot(path.join('__snapshots__', `${name}.txt`));
    });
  }
});

describe('keepalivedCheckPassed', () => {
  it('passes only a clean zero exit', () => {
    expect(keepalivedCheckPassed(0, '', '')).toBe(true);
    expect(keepalivedCheckPassed(5, '', "(/etc/keepalived/hasetup.d/web.conf: Line 12) Unknown keyword 'advert_intt'")).toBe(false);
    // 2.2.7 exits 0 for a missing file
    expect(keepalivedCheckPassed(0, '', "Configuration file '/etc/keepalived/keepalived.conf' not found")).toBe(false);
    expect(keepalivedCheckPassed(0, '', 'Unable to open /etc/keepalived/hasetup.d/web.conf - No such file or directory')).toBe(false);
    expect(keepalivedCheckPassed(0, '', 'Non-existent config file /etc/keepalived/keepalived.conf')).toBe(false);
    expect(keepalivedCheckPassed(0, '', 'Configuration file /etc/keepalived/keepalived.conf not found, empty or executable')).toBe(false);
    expect(keepalivedCheckPassed(0, '', "SECURITY VIOLATION - script '/usr/libexec/hasetup/check_tomcat_web.sh' is writable by others")).toBe(false);
    expect(keepalivedCheckPassed(0, '', "WARNING - default user 'keepalived_script' for script execution does not exist - please create.")).toBe(false);
    expect(keepalivedCheckPassed(143, 'Terminated\n', '')).toBe(false); // the raw exit code; see the validate command
    expect(keepalivedCheckPassed(0, '', "(hasetup_web) Invalid virtual_router_id 300 - must be between 1 & 255")).toBe(false);
  });

  it('fails on the lines keepalived 2.2.7 printed in the lab (its exit code was 143 or 5)', () => {
    // Recorded from `keepalived -t` on a lab host; the validate command turns 143 into "judge the output".
    expect(keepalivedCheckPassed(0, '', "(/etc/keepalived/hasetup.d/dev.conf: Line 27) Unknown keyword 'bogus_keyword'")).toBe(false);
    expect(keepalivedCheckPassed(0, '', "(/etc/keepalived/hasetup.d/dev.conf: Line 25) number '300' outside range [1, 255]")).toBe(false);
    expect(keepalivedCheckPassed(0, '', '(/etc/keepalived/hasetup.d/dev.conf: Line 37) VRRP parsed invalid IP 198.18.2.300/24. skipping IP...')).toBe(false);
    expect(keepalivedCheckPassed(5, '', "(/etc/keepalived/hasetup.d/dev.conf: Line 24) WARNING - interface eth9 for vrrp_instance hasetup_dev doesn't exist")).toBe(false);
    expect(keepalivedCheckPassed(0, '', "(/etc/keepalived/keepalived.conf: Line 14) Error setting global script uid/gid")).toBe(false);
  });
});

describe('unifiedDiff', () => {
  it('shows a change with context and nothing for equal text', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const after = 'a\nb\nc\nD\ne\nf\ng\nh\n';
    expect(unifiedDiff('/x', before, after)).toBe('--- /x (on the host)\n+++ /x (planned)\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n');
    expect(unifiedDiff('/x', before, before)).toBe('');
    expect(unifiedDiff('/x', undefined, 'new\n')).toBe('--- /dev/null\n+++ /x (planned)\n@@ -0,0 +1,1 @@\n+new\n');
  });
});
