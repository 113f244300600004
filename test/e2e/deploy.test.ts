// deploy, status and rollback as a user runs them, against real sshd, keepalived and Tomcat in the lab.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labUp, runCli, type TestLab, labName } from '../support/e2e.js';
import { startClient } from '../support/vip-client.js';
const L_DTHREE = labName('dthree');
const L_DFW = labName('dfw');
const L_DBARE = labName('dbare');

const LAB = labName('deploy');

async function onHost(host: string, cmd: string, lab = LAB): Promise<string> {
  const r = await runCli(['lab', 'ssh', host, '--name', lab, '--', cmd]);
  if (r.code !== 0) throw new Error(`${host}: ${cmd}: exit ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

function vipOf(inventory: string): string {
  return /address: (198\.18\.\d+\.\d+)\/24/.exec(fs.readFileSync(inventory, 'utf8'))![1]!;
}

interface DeployJson {
  ok: boolean;
  clusters: { hosts: { host: string; changed: string[]; activated: string[]; state: string; holdsVip: boolean; error?: { step: string } }[]; vipHolders: Record<string, string[]> }[];
}

describe('deploy on a lab with keepalived and Tomcat installed', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await labUp(LAB);
  });
  afterAll(async () => {
    await labDown(LAB);
  });

  it('puts the VIP on the master only, and HTTP through the VIP is answered by the master', async () => {
    const json = path.join(lab.dir, 'deploy1.json');
    const r = await runCli(['deploy', lab.inventory, '--json', json]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toContain('deployed and verified');
    const result = JSON.parse(fs.readFileSync(json, 'utf8')) as DeployJson;
    const hosts = result.clusters[0]!.hosts;
    expect(hosts.map((h) => [h.host, h.state, h.holdsVip])).toEqual([
      ['node1', 'MASTER', true],
      ['node2', 'BACKUP', false],
    ]);
    const vip = vipOf(lab.inventory);
    const page = await fetch(`http://${vip}:8080/host.txt`);
    expect((await page.text()).trim()).toBe('node1');
    // Seen from the hosts themselves, not only from hasetup's own report.
    expect(await onHost('node1', `ip -o -4 addr show | grep -c ' ${vip}/' || true`)).toBe('1');
    expect(await onHost('node2', `ip -o -4 addr show | grep -c ' ${vip}/' || true`)).toBe('0');
    // Script security: root-owned, not writable by others.
    expect(await onHost('node1', `stat -c "%U %a" /usr/libexec/hasetup/check_tomcat_${LAB}.sh`)).toBe('root 755');
    expect(await onHost('node1', `grep -cE '^[[:space:]]*vrrp_strict' /etc/keepalived/keepalived.conf /etc/keepalived/hasetup.d/${LAB}.conf | grep -c ':[1-9]' || true`)).toBe('0');
  });

  it('changes nothing and restarts nothing on a second deploy', async () => {
    const pidBefore = await onHost('node1', 'systemctl show -p MainPID --value keepalived');
    const json = path.join(lab.dir, 'deploy2.json');
    const r = await runCli(['deploy', lab.inventory, '--json', json]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('nothing changed');
    const hosts = (JSON.parse(fs.readFileSync(json, 'utf8')) as DeployJson).clusters[0]!.hosts;
    for (const h of hosts) expect([h.host, h.changed, h.activated]).toEqual([h.host, [], []]);
    expect(await onHost('node1', 'systemctl show -p MainPID --value keepalived')).toBe(pidBefore);
  });

  it('--dry-run after an inventory change shows the diff and changes nothing', async () => {
    const changed = path.join(lab.dir, 'standard.yaml');
    fs.writeFileSync(changed, fs.readFileSync(lab.inventory, 'utf8').replace(/timing: fast/, 'timing: standard'));
    const before = await onHost('node1', `md5sum /etc/keepalived/hasetup.d/${LAB}.conf`);
    const r = await runCli(['deploy', changed, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('-    advert_int 0.1');
    expect(r.stdout).toContain('+    advert_int 1');
    expect(r.stdout).toContain('reload keepalived');
    expect(r.stdout).toContain('nothing was changed');
    expect(await onHost('node1', `md5sum /etc/keepalived/hasetup.d/${LAB}.conf`)).toBe(before);
  });

  it('keeps a host on its previous config when the new one fails validation', async () => {
    const broken = path.join(lab.dir, 'broken.yaml');
    // A VIP on an interface the hosts do not have: the schema cannot know, keepalived -t refuses it.
    fs.writeFileSync(broken, fs.readFileSync(lab.inventory, 'utf8').replace(/(address: 198\.18\.\d+\.100\/24)/, '$1\n        interface: eth7'));
    const before = await onHost('node2', `md5sum /etc/keepalived/hasetup.d/${LAB}.conf`);
    const pid = await onHost('node2', 'systemctl show -p MainPID --value keepalived');
    const r = await runCli(['deploy', broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/node2: validate: keepalived rejected the new configuration; node2 is back on generation \d{8}T\d{6}Z-[0-9a-f]{8}:/);
    expect(await onHost('node2', `md5sum /etc/keepalived/hasetup.d/${LAB}.conf`)).toBe(before);
    expect(await onHost('node2', 'systemctl show -p MainPID --value keepalived')).toBe(pid);
    // and a rerun of the good inventory converges with nothing to do
    const again = await runCli(['deploy', lab.inventory]);
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('nothing changed');
  });

  it('refuses a changed host key and touches nothing', async () => {
    const kh = path.join(lab.dir, 'known_hosts.changed');
    const inv = path.join(lab.dir, 'changed-key.yaml');
    const text = fs.readFileSync(lab.inventory, 'utf8');
    const realKh = /known_hosts: (\S+)/.exec(text)![1]!;
    // node1's line with another (valid) ed25519 key: what a man in the middle would present... in reverse.
    const lines = fs.readFileSync(realKh, 'utf8').trim().split('\n');
    const other = lines[1]!.split(' ')[2]!;
    fs.writeFileSync(kh, [`${lines[0]!.split(' ').slice(0, 2).join(' ')} ${other}`, lines[1]].join('\n') + '\n');
    fs.writeFileSync(inv, text.replace(realKh, kh));
    const r = await runCli(['deploy', inv]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/node1: connect: .*(changed|CHANGED)/s);
    expect(r.stderr).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/); // a message, not a stack trace
  });

  it('status shows the master, the backup and the VIP holder', async () => {
    const r = await runCli(['status', lab.inventory, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const [c] = JSON.parse(r.stdout) as { vipHolders: Record<string, string[]>; hosts: { host: string; state: string; priority: number; tomcatHttp: string }[] }[];
    expect(Object.values(c!.vipHolders)).toEqual([['node1']]);
    expect(c!.hosts.map((h) => [h.host, h.state, h.priority, h.tomcatHttp])).toEqual([
      ['node1', 'MASTER', 150, '200'],
      ['node2', 'BACKUP', 100, '200'],
    ]);
  });

  it('a change to the running cluster (fast -> standard): deploy says what clients saw, and an independent client agrees', async () => {
    const standard = path.join(lab.dir, 'standard.yaml');
    const json = path.join(lab.dir, 'deploy-standard.json');
    const client = startClient(`http://${vipOf(lab.inventory)}:8080/host.txt`);
    const r = await runCli(['deploy', standard, '--json', json]);
    const own = await client.stop();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const clients = (JSON.parse(fs.readFileSync(json, 'utf8')) as { clusters: { clients?: { measured: boolean; requests: number; failed: number; holders: string[]; twoHoldersSeconds: number } }[] }).clusters[0]!.clients;
    expect(clients).toMatchObject({ measured: true, failed: 0, holders: ['node1'], twoHoldersSeconds: 0 });
    // a request every 20 ms from before the activation to the end of verify (which waits out Master_Down, > 3 s)
    expect(clients!.requests).toBeGreaterThan(100);
    expect(r.stdout).toContain(`clients during the change: 0 of ${clients!.requests} requests to the VIP failed; the VIP stayed on node1`);
    expect(own.filter((x) => !x.ok)).toEqual([]);
    expect(new Set(own.map((x) => x.host))).toEqual(new Set(['node1']));
  });

  it('rollback returns every host to the files before the last deploy', async () => {
    expect(await onHost('node1', `grep -c "advert_int 1$" /etc/keepalived/hasetup.d/${LAB}.conf`)).toBe('1');
    expect(await onHost('node1', `grep -c "advert_int 1$" /etc/keepalived/hasetup.d/${LAB}.conf`)).toBe('1');
    const r = await runCli(['rollback', lab.inventory]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('verified after rollback');
    expect(await onHost('node1', `grep -c "advert_int 0.1$" /etc/keepalived/hasetup.d/${LAB}.conf`)).toBe('1');
    const again = await runCli(['deploy', lab.inventory, '--dry-run']);
    expect(again.stdout).not.toContain('would change:');
    expect(again.stdout.match(/nothing would change/g)).toHaveLength(2);
  });
});

describe('deploy on a bare lab', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await labUp(L_DBARE, ['--bare']);
  });
  afterAll(async () => {
    await labDown(L_DBARE);
  });

  it('installs keepalived when it is absent (Tomcat installed by hand: deploy does not install the application)', async () => {
    // deploy manages keepalived and the checks, not the application: install Tomcat as its admin would.
    for (const host of ['node1', 'node2']) {
      await onHost(
        host,
        'export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends tomcat10 >/dev/null && ' +
          `mkdir -p /var/lib/tomcat10/webapps/ROOT && hostname > /var/lib/tomcat10/webapps/ROOT/host.txt && systemctl start tomcat10 && ` +
          'for i in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:8080/host.txt && break; sleep 0.2; done',
        L_DBARE,
      );
      expect(await onHost(host, 'command -v keepalived || echo absent', L_DBARE)).toBe('absent');
    }
    const r = await runCli(['deploy', lab.inventory]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain('install keepalived');
    expect(await onHost('node1', 'keepalived --version 2>&1 | head -1', L_DBARE)).toMatch(/Keepalived v2\./);
    expect(r.stdout).toContain('deployed and verified');
  });
});

describe('deploy behind a host firewall that drops VRRP', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await labUp(L_DFW);
  });
  afterAll(async () => {
    await labDown(L_DFW);
  });

  it('opens IP protocol 112 from the peer only, so the hosts hear each other (no split brain)', async () => {
    // A typical host firewall: nftables, input policy drop, SSH and Tomcat allowed, VRRP not.
    const ruleset =
      "nft -f - <<'EOF'\n" +
      'table inet filter {\n' +
      '  chain input {\n' +
      '    type filter hook input priority 0; policy drop;\n' +
      '    ct state established,related accept\n' +
      '    iif lo accept\n' +
      '    tcp dport { 22, 8080 } accept\n' +
      '    icmp type echo-request accept\n' +
      '  }\n' +
      '}\n' +
      'EOF';
    for (const host of ['node1', 'node2']) await onHost(host, ruleset, L_DFW);
    const r = await runCli(['deploy', lab.inventory]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain('nftables: allow');
    expect(r.stdout).toContain('deployed and verified');
    const peer = /address: (198\.18\.\d+\.12)/.exec(fs.readFileSync(lab.inventory, 'utf8'))![1]!;
    expect(await onHost('node1', 'nft list chain inet filter input', L_DFW)).toContain(`ip saddr ${peer} ip protocol vrrp accept`);
    // node2 hears node1's adverts: it stays BACKUP and does not hold the VIP.
    expect(await onHost('node2', "ip -o -4 addr show | grep -c '\\.100/' || true", L_DFW)).toBe('0');
    // And again: the rule is there, nothing to add.
    const again = await runCli(['deploy', lab.inventory]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('nftables: allow');
  });

  it('fails when VRRP is dropped where hasetup does not look: the started backup takes the VIP after Master_Down, and verify waits long enough to see it', async () => {
    // A drop hasetup does not manage (its own table, before the filter), on node2; then a deploy that starts
    // node2's keepalived. node2 hears no master, so Master_Down after its start it takes the VIP. With the
    // standard timing that is 3.6 s: a verify that ended after two quick good looks would pass this split brain.
    const vip = vipOf(lab.inventory);
    const standard = path.join(lab.dir, 'standard.yaml');
    const text = fs.readFileSync(lab.inventory, 'utf8');
    expect(text).toMatch(/timing: fast/);
    fs.writeFileSync(standard, text.replace(/timing: fast/, 'timing: standard'));
    await onHost('node2', "nft add table ip hasetup_test_block && nft add chain ip hasetup_test_block pre '{ type filter hook prerouting priority -300; }' && nft add rule ip hasetup_test_block pre ip protocol vrrp drop", L_DFW);
    try {
      await onHost('node2', 'systemctl stop keepalived', L_DFW);
      const r = await runCli(['deploy', standard]);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout + r.stderr).toMatch(/split brain: node1 and node2 hold the VIP/);
      expect(r.stdout).not.toContain('deployed and verified');
      // The hosts' own kernels agree: both hold the VIP.
      expect(await onHost('node1', `ip -o -4 addr show | grep -c ' ${vip}/' || true`, L_DFW)).toBe('1');
      expect(await onHost('node2', `ip -o -4 addr show | grep -c ' ${vip}/' || true`, L_DFW)).toBe('1');
    } finally {
      await onHost('node2', 'nft delete table ip hasetup_test_block', L_DFW);
    }
    // With VRRP heard again, node2 gives the VIP back (node1 has the higher priority) and a deploy verifies.
    const after = await runCli(['deploy', standard]);
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(await onHost('node2', `ip -o -4 addr show | grep -c ' ${vip}/' || true`, L_DFW)).toBe('0');
  });
});

describe('deploy on three hosts', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await labUp(L_DTHREE, ['--hosts', '3']);
  });
  afterAll(async () => {
    await labDown(L_DTHREE);
  });

  it('makes one master and two backups with descending priorities', async () => {
    const json = path.join(lab.dir, 'three.json');
    const r = await runCli(['deploy', lab.inventory, '--json', json]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const hosts = (JSON.parse(fs.readFileSync(json, 'utf8')) as DeployJson).clusters[0]!.hosts as (DeployJson['clusters'][0]['hosts'][0] & { priority: number })[];
    expect(hosts.map((h) => [h.host, h.state, h.priority, h.holdsVip])).toEqual([
      ['node1', 'MASTER', 150, true],
      ['node2', 'BACKUP', 100, false],
      ['node3', 'BACKUP', 99, false],
    ]);
    // Unicast: each host sends its adverts to both others.
    expect(await onHost('node3', `awk '/unicast_peer/,/}/' /etc/keepalived/hasetup.d/${L_DTHREE}.conf | grep -c '198\\.18\\.'`, L_DTHREE)).toBe('2');
  });
});
