import { describe, expect, it } from 'vitest';
import { labFirewallSetup, missingPackages, parseFirewall } from '../../../src/lab/firewall.js';
import { nftDroppingInputChain } from '../../../src/facts/gather.js';

describe('lab firewalls', () => {
  it('nftables: a default-drop input chain that facts recognise, SSH and Tomcat allowed', () => {
    const s = labFirewallSetup('nftables');
    const conf = s.files[0]!.content;
    expect(conf).toMatch(/policy drop/);
    expect(conf).toMatch(/tcp dport \{ 22, 8080 \} accept/);
    expect(conf).not.toMatch(/vrrp|112/);
    expect(nftDroppingInputChain(conf.replace(/^flush ruleset\n/m, ''))).toEqual({ family: 'inet', table: 'filter', chain: 'input' });
    expect(s.units).toEqual(['nftables.service']);
  });

  it('iptables: rules files netfilter-persistent loads at boot, INPUT policy DROP', () => {
    const s = labFirewallSetup('iptables');
    expect(s.packages).toEqual(['iptables-persistent']);
    expect(s.files.map((f) => f.path)).toEqual(['etc/iptables/rules.v4', 'etc/iptables/rules.v6']);
    expect(s.files[0]!.content).toMatch(/^:INPUT DROP/m);
    expect(s.files[0]!.content).toMatch(/--dport 8080 -j ACCEPT/);
    expect(s.units).toEqual(['netfilter-persistent.service']);
  });

  it('ufw: rules through ufw itself, enabled for the boot', () => {
    const s = labFirewallSetup('ufw');
    expect(s.commands).toContainEqual(['ufw', 'allow', '22/tcp']);
    expect(s.commands).toContainEqual(['ufw', 'allow', '8080/tcp']);
    expect(s.units).toEqual(['ufw.service']);
  });

  it('firewalld: the default zone lets in SSH and Tomcat only', () => {
    const s = labFirewallSetup('firewalld');
    expect(s.files[0]!.path).toBe('etc/firewalld/zones/public.xml');
    expect(s.files[0]!.content).toMatch(/<service name="ssh"\/>/);
    expect(s.files[0]!.content).toMatch(/<port protocol="tcp" port="8080"\/>/);
  });

  it('refuses an unknown firewall', () => {
    expect(() => parseFirewall('pf')).toThrow(/nftables, firewalld, ufw, iptables/);
  });

  it('reads which packages are installed from dpkg status', () => {
    const status = 'Package: ufw\nStatus: install ok installed\n\nPackage: firewalld\nStatus: deinstall ok config-files\n';
    expect(missingPackages(status, ['ufw', 'firewalld', 'nftables'])).toEqual(['firewalld', 'nftables']);
  });
});
