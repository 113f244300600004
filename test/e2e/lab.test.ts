// The lab, as a user drives it: up, SSH with host-key checking, status, a --bare lab's offline install, down.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../src/inventory/load.js';
import { cmd } from '../../src/remote/command.js';
import { connectHost } from '../../src/remote/ssh.js';
import { labDown, labUp, runCli, type TestLab, labName } from '../support/e2e.js';
const L_BARE = labName('bare');
const L_LAB = labName('lab');

function leftovers(name: string) {
  const netns = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.startsWith(`hs-${name}-`));
  const mounts = fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((l) => l.includes(`/labs/${name}/`));
  const cgroups = ['systemd', 'unified'].filter((h) => fs.existsSync(`/sys/fs/cgroup/${h}/hasetup/hs-${name}-node1`));
  return { netns, mounts, cgroups, dir: fs.existsSync(`/var/lib/hasetup/labs/${name}`) };
}

describe('lab with keepalived and Tomcat', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await labUp(L_LAB);
  });
  afterAll(async () => {
    await labDown(L_LAB);
  });

  it('boots real servers reached over SSH with host-key verification', async () => {
    const inv = await loadInventory(lab.inventory);
    const cluster = inv.clusters[0]!;
    expect(cluster.hosts.map((h) => h.name)).toEqual(['node1', 'node2']);
    for (const host of cluster.hosts) {
      const remote = await connectHost(host);
      try {
        const r = await remote.run(
          cmd`cat /proc/1/comm; hostname; command -v keepalived; dpkg-query -W -f='\${Status}\\n' tomcat10; curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/host.txt`,
        );
        expect(r.code).toBe(0);
        expect(r.stdout.split('\n')).toEqual(['systemd', host.name, '/usr/sbin/keepalived', 'install ok installed', '200']);
      } finally {
        await remote.close();
      }
      // Tomcat answers from the ordinary shell too, and names its host.
      const page = await fetch(`http://${host.address}:8080/host.txt`);
      expect((await page.text()).trim()).toBe(host.name);
    }
  });

  it('lets ssh from the ordinary shell in with the lab key and known_hosts', async () => {
    const r = await runCli(['lab', 'ssh', 'node2', '--name', L_LAB, '--', 'hostname']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('node2');
  });

  it('shows both hosts healthy in status', async () => {
    const r = await runCli(['lab', 'status', '--name', L_LAB, '--json']);
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as { hosts: { name: string; system: string; sshd: string; tomcat: string; http: string }[] };
    expect(status.hosts.map((h) => [h.name, h.sshd, h.tomcat, h.http])).toEqual([
      ['node1', 'active', 'active', '200'],
      ['node2', 'active', 'active', '200'],
    ]);
  });

  it('refuses to start a lab that is already up', async () => {
    const r = await runCli(['lab', 'up', '--name', L_LAB]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`lab ${L_LAB} is already up`);
  });

  it('leaves nothing behind after down', async () => {
    const r = await runCli(['lab', 'down', '--name', L_LAB]);
    expect(r.code).toBe(0);
    expect(leftovers(L_LAB)).toEqual({ netns: [], mounts: [], cgroups: [], dir: false });
    const nspawns = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`--machine=hs-${L_LAB}-`));
    expect(nspawns).toEqual([]);
  });
});

describe('bare lab', () => {
  beforeAll(async () => {
    await labUp(L_BARE, ['--bare']);
  });
  afterAll(async () => {
    await labDown(L_BARE);
  });

  it('installs keepalived and tomcat10 offline from the lab repository', async () => {
    const before = await runCli(['lab', 'ssh', 'node1', '--name', L_BARE, '--', 'command -v keepalived || echo absent']);
    expect(before.stdout.trim()).toBe('absent');
    const r = await runCli(
      ['lab', 'ssh', 'node1', '--name', L_BARE, '--',
        'export DEBIAN_FRONTEND=noninteractive; apt-get update -q && apt-get install -y -q --no-install-recommends keepalived tomcat10 && keepalived --version 2>&1 | head -1'],
      { timeoutMs: 300_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Keepalived v2\./);
  });

  it('comes down clean', async () => {
    await labDown(L_BARE);
    expect(leftovers(L_BARE)).toEqual({ netns: [], mounts: [], cgroups: [], dir: false });
  });
});
