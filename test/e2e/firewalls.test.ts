// deploy behind a host firewall with a default-deny input policy (lab up --firewall): VRRP is blocked until
// deploy opens it from the peer, in that firewall's own terms; a rerun adds nothing; rollback removes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labName, labUp, runCli, type TestLab } from '../support/e2e.js';
import { FIREWALL_CASES } from '../support/e2e-matrix.js';

/** The firewall's own listing of what lets VRRP in (empty when nothing does). */
const LISTING: Record<string, string> = {
  firewalld: 'firewall-cmd --list-rich-rules; firewall-cmd --permanent --list-rich-rules',
  ufw: 'ufw show added; grep -F -- hasetup- /etc/ufw/before.rules || true',
  iptables: 'iptables -S INPUT; cat /etc/iptables/rules.v4',
  nftables: 'nft list ruleset',
};
/** How many lines of the listing name the peer's VRRP rule: runtime and persisted. */
const EXPECTED_LINES: Record<string, number> = { firewalld: 2, ufw: 1, iptables: 2, nftables: 1 /* running ruleset only (a warning says so) */ };

describe.each(FIREWALL_CASES.map((c) => ({ ...c, name: labName(`f${c.firewall.slice(0, 3)}${c.release.slice(0, 3)}`) })))(
  'deploy behind $firewall on $release (default deny)',
  ({ firewall, release, name }) => {
    let lab: TestLab;
    const onHost = async (host: string, cmd: string) => {
      const r = await runCli(['lab', 'ssh', host, '--name', name, '--', cmd]);
      if (r.code !== 0) throw new Error(`${host}: ${cmd}: exit ${r.code}: ${r.stderr}`);
      return r.stdout.trim();
    };
    const vrrpLines = async (host: string, peer: string) =>
      (await onHost(host, LISTING[firewall]!)).split('\n').filter((l) => l.includes(peer) && /vrrp|112/.test(l)).length;
    let peer: string;
    beforeAll(async () => {
      lab = await labUp(name, ['--release', release, '--firewall', firewall]);
      peer = (await onHost('node2', "ip -o -4 addr show dev eth0 | awk '{print $4}'")).split('/')[0]!;
    });
    afterAll(async () => {
      await labDown(name);
    });

    it('hosts boot with the firewall on, nothing lets VRRP in', async () => {
      const active = { firewalld: 'firewalld', ufw: 'ufw', iptables: 'netfilter-persistent', nftables: 'nftables' }[firewall]!;
      expect(await onHost('node1', `systemctl is-active ${active}`)).toBe('active');
      expect(await vrrpLines('node1', peer)).toBe(0);
      // What deploy would do: open VRRP from the peer (facts saw a firewall that drops it).
      const dry = await runCli(['deploy', lab.inventory, '--dry-run']);
      expect(dry.code, dry.stdout + dry.stderr).toBe(0);
      expect(dry.stdout + dry.stderr).toMatch(new RegExp(`${firewall}[^\\n]*: allow VRRP from ${peer.replace(/\./g, '\\.')}`));
    });

    it('deploy opens VRRP from the peer only: the VIP on the master only, no split brain after keepalived-stop', async () => {
      const r = await runCli(['deploy', lab.inventory]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('deployed and verified');
      expect(await vrrpLines('node1', peer)).toBe(EXPECTED_LINES[firewall]);
      // The backup hears the master through its firewall: BACKUP, no VIP.
      expect(await onHost('node2', "ip -o -4 addr show | grep -c '\\.100/' || true")).toBe('0');
      const f = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'keepalived-stop']);
      expect(f.code, f.stdout + f.stderr).toBe(0);
      expect(f.stdout).toMatch(/keepalived-stop\s*│\s*PASS/);
      expect(f.stdout).not.toMatch(/split brain[^\n]*\byes\b/);
    });

    it('an unchanged rerun adds no rule and changes nothing', async () => {
      const r = await runCli(['deploy', lab.inventory]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).not.toContain('allow VRRP');
      expect(r.stdout).toContain('nothing changed');
      expect(await vrrpLines('node1', peer)).toBe(EXPECTED_LINES[firewall]);
    });

    it('rollback removes the rule deploy added, from the running firewall and its saved configuration', async () => {
      const r = await runCli(['rollback', lab.inventory]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toContain('undo:');
      expect(await vrrpLines('node1', peer)).toBe(0);
      expect(await vrrpLines('node2', peer.replace(/\.12$/, '.11'))).toBe(0);
    });
  },
);
