// VRRP through each firewall as data: the peer only, the firewall's own terms, persisted, undone by rollback.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { planFirewall, ufwKnowsVrrp } from '../../../src/deploy/planners/firewall.js';
import { parseFacts } from '../../../src/facts/gather.js';
import type { HostFacts } from '../../../src/facts/types.js';

const lab = parseFacts(readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8'));
const input = { cluster: 'web', iface: 'eth0', peers: ['198.18.0.12'], unicast: true };
const plan = (f: Partial<HostFacts>, over: Partial<typeof input> = {}) => planFirewall({ ...input, ...over }, { ...lab, ...f }, []);
const shOk = (script: string) => execFileSync('sh', ['-n', '-c', script]);

describe('planFirewall', () => {
  it('no firewall: nothing', () => {
    expect(plan({ firewall: 'none' })).toEqual([]);
  });

  it('iptables: a commented rule from the peer, saved with netfilter-persistent; undo deletes and saves', () => {
    const [c, ...rest] = plan({ firewall: 'iptables', firewallRules: '-P INPUT DROP', iptablesPersistence: 'netfilter-persistent' });
    expect(rest).toEqual([]);
    expect(c!.command.text).toBe(
      '{ iptables -C INPUT -p 112 -s 198.18.0.12 -m comment --comment hasetup-web -j ACCEPT 2>/dev/null || iptables -I INPUT -p 112 -s 198.18.0.12 -m comment --comment hasetup-web -j ACCEPT; } && netfilter-persistent save >/dev/null 2>&1',
    );
    expect(c!.undo.text).toContain('iptables -D INPUT -p 112 -s 198.18.0.12');
    expect(c!.undo.text).toContain('netfilter-persistent save');
    shOk(c!.command.text);
    shOk(c!.undo.text);
    // EL: /etc/sysconfig/iptables
    expect(plan({ firewall: 'iptables', firewallRules: '-P INPUT DROP', iptablesPersistence: 'sysconfig' })[0]!.command.text).toContain('iptables-save > /etc/sysconfig/iptables.hasetup-tmp');
    // present (as iptables -S prints it): nothing
    expect(plan({ firewall: 'iptables', firewallRules: '-P INPUT DROP\n-A INPUT -s 198.18.0.12/32 -p vrrp -m comment --comment hasetup-web -j ACCEPT' })).toEqual([]);
  });

  it('iptables without a way to persist: the rule, and a warning that says so', () => {
    const warnings: string[] = [];
    planFirewall(input, { ...lab, firewall: 'iptables', firewallRules: '-P INPUT DROP' }, warnings);
    expect(warnings.join('\n')).toMatch(/running rules only/);
  });

  it('multicast: from the peer to 224.0.0.18 only', () => {
    const [ipt] = plan({ firewall: 'iptables', firewallRules: '' }, { unicast: false });
    expect(ipt!.command.text).toContain('-s 198.18.0.12 -d 224.0.0.18');
    const [fwd] = plan({ firewall: 'firewalld', firewallRules: '' }, { unicast: false });
    expect(fwd!.command.text).toContain('source address="198.18.0.12" destination address="224.0.0.18" protocol value="vrrp" accept');
  });

  it('ufw 0.36.2: ufw allow proto vrrp; ufw 0.36 (Debian 11): a tagged line in before.rules', () => {
    expect(ufwKnowsVrrp('0.36.2')).toBe(true);
    expect(ufwKnowsVrrp('0.36.1')).toBe(false);
    expect(ufwKnowsVrrp('0.36')).toBe(false);
    const [modern] = plan({ firewall: 'ufw', firewallRules: '', ufw: { version: '0.36.2', beforeRules: [] } });
    expect(modern!.command.text).toBe('ufw allow in proto vrrp from 198.18.0.12 comment hasetup-web');
    expect(modern!.undo.text).toBe('ufw --force delete allow in proto vrrp from 198.18.0.12');
    const [old] = plan({ firewall: 'ufw', firewallRules: '', ufw: { version: '0.36', beforeRules: [] } });
    expect(old!.command.text).toContain("-e '-A ufw-before-input -p 112 -s 198.18.0.12 -m comment --comment hasetup-web -j ACCEPT'");
    expect(old!.command.text).toContain('ufw reload');
    shOk(old!.command.text);
    shOk(old!.undo.text);
    const present = plan({ firewall: 'ufw', firewallRules: '', ufw: { version: '0.36', beforeRules: ['-A ufw-before-input -p 112 -s 198.18.0.12 -m comment --comment hasetup-web -j ACCEPT'] } });
    expect(present).toEqual([]);
    // `ufw show added` prints the rule in its own order
    expect(plan({ firewall: 'ufw', firewallRules: "ufw allow from 198.18.0.12 proto vrrp comment 'hasetup-web'", ufw: { version: '0.36.2', beforeRules: [] } })).toEqual([]);
  });

  it('ufw 0.36: the line goes into *filter only (not *nat), once, and the undo restores the file exactly (issue 21 M5)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hasetup-ufw-'));
    const rules = path.join(dir, 'before.rules');
    // Debian 11's before.rules shape, with a *nat table in front as a NAT set-up has it
    const original = [
      '# rules.before',
      '*nat',
      ':POSTROUTING ACCEPT [0:0]',
      '-A POSTROUTING -s 10.0.0.0/8 -o eth0 -j MASQUERADE',
      'COMMIT',
      '*filter',
      ':ufw-before-input - [0:0]',
      '-A ufw-before-input -i lo -j ACCEPT',
      '# don\'t delete the \'COMMIT\' line or these rules won\'t be processed',
      'COMMIT',
      '',
    ].join('\n');
    writeFileSync(rules, original, { mode: 0o640 });
    // a stand-in ufw: reload succeeds
    mkdirSync(path.join(dir, 'bin'));
    writeFileSync(path.join(dir, 'bin', 'ufw'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    const run = (text: string) => execFileSync('sh', ['-c', text.replaceAll('/etc/ufw/before.rules', rules)], { env: { ...process.env, PATH: `${dir}/bin:${process.env.PATH}` } });
    const [add] = plan({ firewall: 'ufw', firewallRules: '', ufw: { version: '0.36', beforeRules: [] } });
    const line = '-A ufw-before-input -p 112 -s 198.18.0.12 -m comment --comment hasetup-web -j ACCEPT';
    run(add!.command.text);
    run(add!.command.text); // a rerun adds nothing
    const lines = readFileSync(rules, 'utf8').split('\n');
    expect(lines.filter((l) => l === line)).toHaveLength(1);
    const at = lines.indexOf(line);
    expect(lines.lastIndexOf('*filter')).toBeLessThan(at);
    expect(lines[at + 1]).toBe('COMMIT');
    expect(lines.slice(0, lines.indexOf('*filter'))).not.toContain(line);
    expect(statSync(rules).mode & 0o777).toBe(0o640);
    run(add!.undo.text);
    expect(readFileSync(rules, 'utf8')).toBe(original);
    expect(readdirSync(dir).sort()).toEqual(['before.rules', 'bin']);
  });

  it('nftables: a commented rule in the dropping input chain; undo deletes it by handle', () => {
    const [c] = plan({ firewall: 'nftables', firewallRules: '', nftInput: { family: 'inet', table: 'filter', chain: 'input' } });
    expect(c!.command.text).toContain('nft insert rule inet filter input ip saddr 198.18.0.12 ip protocol vrrp accept comment \'"hasetup-web"\'');
    expect(c!.undo.text).toContain('nft delete rule inet filter input handle');
    shOk(c!.command.text);
    shOk(c!.undo.text);
  });

  it('refuses peers that are not IPv4 addresses when a firewall needs them', () => {
    expect(() => plan({ firewall: 'ufw', firewallRules: '' }, { peers: ['db.example'] })).toThrow(/IPv4/);
  });
});
