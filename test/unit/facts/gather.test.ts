import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { execStopLines, factsScript, gatherFactsThen, logicalLines, nftDroppingInputChain, parseFacts, SYSTEMD_TABLE_AWK, systemdUnits, THEN_MARK } from '../../../src/facts/gather.js';
import { cmd } from '../../../src/remote/command.js';
import { RecordingHost, result } from '../../support/fake-host.js';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

describe('parseFacts', () => {
  it('reads the Debian 12 lab host', () => {
    const f = parseFacts(fixture('debian12-lab.txt'));
    expect(f.os).toEqual({ id: 'debian', idLike: '', versionId: '12', family: 'debian' });
    expect(f.packageManager).toBe('apt');
    expect(f.initSystem).toBe('systemd');
    expect(f.isRoot).toBe(true);
    expect(f.interfaces).toEqual([
      { name: 'lo', addresses: ['127.0.0.1/8', '::1/128'] },
      { name: 'host0', addresses: ['198.18.0.11/24'] },
    ]);
    expect(f.keepalived).toEqual({ installed: true, version: '2.2.7', active: false, enabled: false, pid: undefined });
    expect(f.tomcat).toEqual({ service: 'tomcat10', active: true, mainPid: 212, javaPid: 212, execStop: [] });
    expect(f.firewall).toBe('none');
    expect(f.selinux).toBe('disabled');
    expect(f.virtualization).toBe('systemd-nspawn');
    expect(f.scriptUserExists).toBe(false);
    expect(f.units['hasetup-watchdog-web.service']).toEqual({ enabled: false, active: false });
    expect(f.files['/etc/keepalived/keepalived.conf']).toContain('vrrp_strict');
    expect('/etc/keepalived/hasetup.d/web.conf' in f.files).toBe(true);
    expect(f.files['/etc/keepalived/hasetup.d/web.conf']).toBeUndefined();
  });

  it('reads a RHEL 9 host with firewalld and SELinux enforcing', () => {
    const f = parseFacts(fixture('rhel9-firewalld-selinux.txt'));
    expect(f.os.family).toBe('rhel');
    expect(f.packageManager).toBe('dnf');
    expect(f.firewall).toBe('firewalld');
    expect(f.firewallRules).toContain('service name="ssh"');
    expect(f.selinux).toBe('enforcing');
    expect(f.selinuxBooleans).toEqual({ keepalived_connect_any: false });
    expect(f.keepalived.installed).toBe(false);
    expect(f.tomcat.execStop).toEqual(['/usr/libexec/tomcat/server stop']);
    expect(f.interfaces.find((i) => i.name === 'ens192')?.addresses).toContain('10.20.0.11/24');
  });

  it('reads an Ubuntu host with ufw active', () => {
    const f = parseFacts(fixture('ubuntu-ufw.txt'));
    expect(f.os.family).toBe('debian');
    expect(f.firewall).toBe('ufw');
    expect(f.firewallRules).toContain('proto vrrp from 192.0.2.22');
    expect(f.keepalived).toMatchObject({ installed: true, version: '2.2.4', active: true, enabled: true, pid: 901 });
    expect(f.tools).toEqual({ curl: false, bash: true });
    // hasetup's own drop-in is not the unit's ExecStop
    expect(f.tomcat.execStop).toEqual([]);
    expect(f.tomcat.active).toBe(false);
    expect(f.tomcat.mainPid).toBeUndefined();
  });

  it('refuses a truncated output', () => {
    expect(() => parseFacts('@@kv\nuid=0\n')).toThrow(/incomplete/);
  });
});

describe('firewall detection', () => {
  it('nftables counts only with an input chain that could drop', () => {
    const accepting = 'table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n\t}\n}\n';
    expect(nftDroppingInputChain(accepting)).toBeUndefined();
    const dropping = 'table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tct state established accept\n\t}\n\tchain output {\n\t\ttype filter hook output priority filter; policy drop;\n\t}\n}\n';
    expect(nftDroppingInputChain(dropping)).toEqual({ family: 'inet', table: 'filter', chain: 'input' });
    const rejecting = 'table ip t {\n\tchain in {\n\t\ttype filter hook input priority 0; policy accept;\n\t\ttcp dport 23 reject\n\t}\n}\n';
    expect(nftDroppingInputChain(rejecting)).toEqual({ family: 'ip', table: 't', chain: 'in' });
    const base = readFileSync(path.join(import.meta.dirname, 'fixtures', 'debian12-lab.txt'), 'utf8');
    expect(parseFacts(base.replace('@@nft\n', `@@nft\n${dropping}`)).firewall).toBe('nftables');
    expect(parseFacts(base.replace('@@nft\n', `@@nft\n${accepting}`)).firewall).toBe('none');
    expect(parseFacts(base.replace('@@iptables\n', '@@iptables\n-P INPUT ACCEPT\n-A INPUT -p tcp --dport 23 -j REJECT\n')).firewall).toBe('iptables');
  });

  it('execStopLines honours an empty ExecStop= reset', () => {
    expect(execStopLines('# /a.service\nExecStop=/x stop\n# /a.service.d/o.conf\nExecStop=\nExecStop=/y stop\n')).toEqual(['/y stop']);
  });

  it('execStopLines reads a line continued with a backslash whole (the next line is not a key of its own)', () => {
    const unit = '# /lib/systemd/system/tomcat10.service\n[Service]\nExecStop=/usr/libexec/tomcat10/stop \\\n    --graceful \\\n    --timeout 30\nExecStopPost=/bin/true\n# a comment ending in \\\nTimeoutStopSec=60\n';
    expect(execStopLines(unit)).toEqual(['/usr/libexec/tomcat10/stop --graceful --timeout 30']);
    expect(logicalLines(unit)).toContain('TimeoutStopSec=60');
  });
});

describe('factsScript', () => {
  it('is valid POSIX sh and quotes every path', () => {
    const script = factsScript(["/etc/keepalived/keepalived.conf", "/tmp/it's here"], { tomcatService: 'my-tomcat' }).text;
    expect(script).toContain(`'/tmp/it'\\''s here'`);
    expect(script).toContain('svc=my-tomcat');
    execFileSync('sh', ['-n'], { input: script });
  });

  it('asks systemd about every unit in one systemctl call', () => {
    const paths = ['/etc/keepalived/keepalived.conf', '/etc/systemd/system/hasetup-watchdog-web.service'];
    expect(systemdUnits(paths)).toEqual(['keepalived.service', 'firewalld.service', 'tomcat10.service', 'tomcat9.service', 'tomcat.service', 'hasetup-watchdog-web.service']);
    expect(systemdUnits(paths, { tomcatService: 'my-tomcat' })).toContain('my-tomcat.service');
    const script = factsScript(paths).text;
    expect(script.match(/systemctl (show|is-active|is-enabled)\b/g)).toEqual(['systemctl show']);
  });
});

describe('the table of unit states read from systemctl show', () => {
  // What `systemctl show -p LoadState -p ActiveState -p UnitFileState -p MainPID -- A B C` prints (systemd 252).
  const show = [
    'MainPID=612\nLoadState=loaded\nActiveState=active\nUnitFileState=enabled',
    'MainPID=0\nLoadState=not-found\nActiveState=inactive\nUnitFileState=',
    'MainPID=0\nLoadState=loaded\nActiveState=reloading\nUnitFileState=static',
  ].join('\n\n');
  const table = (names: string, input: string) => execFileSync('awk', ['-v', `names=${names}`, SYSTEMD_TABLE_AWK], { input, encoding: 'utf8' });

  it('gives each unit its own block, in the order asked, with - for an empty value', () => {
    expect(table('keepalived.service firewalld.service w.service', `${show}\n`)).toBe(
      'keepalived.service loaded active enabled 612\nfirewalld.service not-found inactive - 0\nw.service loaded reloading static 0\n',
    );
    expect(table('keepalived.service firewalld.service w.service', `\n${show}\n\n`)).toContain('w.service loaded reloading static 0');
  });

  it("prints nothing rather than give a unit another unit's state when the blocks do not match the names", () => {
    expect(table('keepalived.service firewalld.service', show)).toBe('');
    expect(table('a.service b.service c.service d.service', show)).toBe('');
  });
});

describe('gatherFactsThen: the facts and another read in one round trip', () => {
  it('sends the facts script, the mark, then the command; splits the answer at the mark', async () => {
    const host = new RecordingHost('node1', '198.18.0.11').onInput("echo '@@kv'", result(0, `${fixture('debian12-lab.txt')}${THEN_MARK}\n@@current X\n@@end\n`));
    const r = await gatherFactsThen(host, ['/etc/keepalived/keepalived.conf'], {}, cmd`echo @@current X; echo @@end`);
    expect(r.facts.os.id).toBe('debian');
    expect(r.then).toBe('@@current X\n@@end\n');
    const sent = host.calls[0]!.input!;
    expect(sent.indexOf(`echo ${THEN_MARK}`)).toBeGreaterThan(sent.indexOf("echo '@@end'"));
    expect(sent.trimEnd().endsWith('echo @@current X; echo @@end')).toBe(true);
  });

  it('no mark in the answer (the script stopped before it): the facts, and nothing for the command', async () => {
    const host = new RecordingHost('node1', '198.18.0.11').onInput("echo '@@kv'", result(0, fixture('debian12-lab.txt')));
    const r = await gatherFactsThen(host, [], {}, cmd`echo @@end`);
    expect(r.facts.os.id).toBe('debian');
    expect(r.then).toBeUndefined();
  });
});
