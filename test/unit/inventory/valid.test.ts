// Valid inventories and what they resolve to: defaults, presets and priorities as data.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory, parseInventory } from '../../../src/inventory/load.js';
import type { Cluster } from '../../../src/inventory/model.js';

const root = path.join(import.meta.dirname, '../../..');

/** A cluster named web on 192.0.2.0/24 with the given extra cluster lines and host list. */
function inventory(opts: { cluster?: string; hosts: string }): string {
  return `clusters:
  - name: web
    virtual_router_id: 51
    vips:
      - address: 192.0.2.100/24
${opts.cluster ?? ''}    hosts:
${opts.hosts}`;
}

const twoHosts = `      - name: node1
        address: 192.0.2.11
      - name: node2
        address: 192.0.2.12
`;

const cases: { name: string; text: string; expected: Partial<Record<keyof Cluster, unknown>> }[] = [
  {
    name: 'minimal: the first host is master, timing fast (VRRPv3, 0.1 s), unicast, preempt, Tomcat on 8080',
    text: inventory({ hosts: twoHosts }),
    expected: {
      timing: 'fast',
      vrrp: { version: 3, advertInt: 0.1, unicast: true, preempt: true, auth: undefined },
      vips: [{ address: '192.0.2.100', prefix: 24, cidr: '192.0.2.100/24', interface: undefined, label: undefined }],
      tomcat: {
        service: undefined,
        port: 8080,
        healthPath: '/',
        expectedStatus: 200,
        checkInterval: 1,
        checkTimeout: 1,
        fall: 2,
        rise: 2,
        watchdog: true,
        watchdogIntervalMs: 100,
        trackProcess: 'auto',
      },
      hosts: [
        {
          name: 'node1',
          address: '192.0.2.11',
          role: 'master',
          priority: 150,
          interface: undefined,
          ssh: { user: 'root', port: 22, key: undefined, agent: false, knownHosts: '~/.ssh/known_hosts', fingerprint: undefined, sudo: false, sudoPasswordEnv: undefined, connectTimeoutSeconds: 10 },
        },
        { name: 'node2', role: 'backup', priority: 100 },
      ],
    },
  },
  {
    name: 'roles given: the master gets 150 wherever it is, backups 100, 99 in file order',
    text: inventory({
      hosts: `      - name: node1
        address: 192.0.2.11
        role: backup
      - name: node2
        address: 192.0.2.12
        role: master
      - name: node3
        address: 192.0.2.13
        role: backup
`,
    }),
    expected: {
      hosts: [
        { name: 'node1', role: 'backup', priority: 100 },
        { name: 'node2', role: 'master', priority: 150 },
        { name: 'node3', role: 'backup', priority: 99 },
      ],
    },
  },
  {
    name: 'explicit priorities win over defaults',
    text: inventory({
      hosts: `      - name: node1
        address: 192.0.2.11
        priority: 200
      - name: node2
        address: 192.0.2.12
        priority: 180
      - name: node3
        address: 192.0.2.13
`,
    }),
    expected: { hosts: [{ priority: 200 }, { priority: 180 }, { priority: 100 }] },
  },
  {
    name: 'timing conservative: VRRPv2 with 1 s adverts, checks every 2 s, fall and rise 3',
    text: inventory({ cluster: '    timing: conservative\n', hosts: twoHosts }),
    expected: { timing: 'conservative', vrrp: { version: 2, advertInt: 1, unicast: true, preempt: true, auth: undefined }, tomcat: expect.objectContaining({ checkInterval: 2, fall: 3, rise: 3, watchdogIntervalMs: 1000 }) as unknown },
  },
  {
    name: 'VRRPv2 with auth from an environment variable',
    text: inventory({ cluster: '    vrrp:\n      version: 2\n      advert_int: 2\n      auth:\n        pass_env: VRRP_PASS\n', hosts: twoHosts }),
    expected: { vrrp: { version: 2, advertInt: 2, unicast: true, preempt: true, auth: { passEnv: 'VRRP_PASS', passFile: undefined } } },
  },
  {
    name: 'VRRPv3 with 10 ms steps',
    text: inventory({ cluster: '    vrrp:\n      advert_int: 0.07\n', hosts: twoHosts }),
    expected: { vrrp: expect.objectContaining({ version: 3, advertInt: 0.07 }) as unknown },
  },
  {
    name: 'preempt off: every host may be backup',
    text: inventory({
      cluster: '    vrrp:\n      preempt: false\n',
      hosts: `      - name: node1
        address: 192.0.2.11
        role: backup
      - name: node2
        address: 192.0.2.12
        role: backup
`,
    }),
    expected: { vrrp: expect.objectContaining({ preempt: false }) as unknown, hosts: [{ role: 'backup', priority: 100 }, { role: 'backup', priority: 99 }] },
  },
  {
    name: 'DNS names with multicast adverts: no subnet check is possible without resolving them',
    text: inventory({
      cluster: '    vrrp: { unicast: false }\n',
      hosts: `      - name: node1
        address: node1.example.com
      - name: node2
        address: node2.example.com
`,
    }),
    expected: { hosts: [{ address: 'node1.example.com' }, { address: 'node2.example.com' }] },
  },
  {
    name: 'ssh: cluster defaults, a host overrides; a non-root user means sudo',
    text: inventory({
      cluster: '    ssh:\n      user: deploy\n      agent: true\n      sudo_password_env: SUDO_PASS\n',
      hosts: `      - name: node1
        address: 192.0.2.11
        ssh:
          port: 2222
      - name: node2
        address: 192.0.2.12
`,
    }),
    expected: {
      hosts: [
        { ssh: expect.objectContaining({ user: 'deploy', port: 2222, agent: true, sudo: true, sudoPasswordEnv: 'SUDO_PASS' }) as unknown },
        { ssh: expect.objectContaining({ user: 'deploy', port: 22, agent: true, sudo: true }) as unknown },
      ],
    },
  },
  {
    name: 'check_timeout equal to check_interval is what keepalived allows',
    text: inventory({ cluster: '    tomcat:\n      check_interval: 2\n      check_timeout: 2\n', hosts: twoHosts }),
    expected: { tomcat: expect.objectContaining({ checkInterval: 2, checkTimeout: 2 }) as unknown },
  },
];

describe('valid inventories', () => {
  it.each(cases)('$name', ({ text, expected }) => {
    const inv = parseInventory(text, 'inv.yaml');
    expect(inv.file).toBe('inv.yaml');
    expect(inv.clusters).toHaveLength(1);
    expect(inv.clusters[0]).toMatchObject(expected);
  });

  it('accepts two clusters sharing a VRID on different segments', () => {
    const other = inventory({ hosts: twoHosts })
      .split('\n')
      .slice(1)
      .join('\n')
      .replace('name: web', 'name: api')
      .replaceAll('192.0.2.', '198.51.100.');
    const inv = parseInventory(inventory({ hosts: twoHosts }) + other, 'inv.yaml');
    expect(inv.clusters.map((c) => [c.name, c.virtualRouterId])).toEqual([
      ['web', 51],
      ['api', 51],
    ]);
  });

  it('parses the commented example inventory', () => {
    const file = path.join(root, 'inventories/example.yaml');
    const inv = parseInventory(readFileSync(file, 'utf8'), file);
    expect(inv.clusters).toHaveLength(1);
    expect(inv.clusters[0]).toMatchObject({ name: 'web', virtualRouterId: 51, hosts: [{ name: 'node1', role: 'master' }, { name: 'node2', role: 'backup' }] });
  });
});

describe('loadInventory', () => {
  it('resolves relative key and known_hosts paths from the inventory directory, keeps ~ and absolute paths', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hasetup-inv-'));
    mkdirSync(path.join(dir, 'conf'));
    const file = path.join(dir, 'conf', 'inv.yaml');
    writeFileSync(
      file,
      inventory({
        cluster: '    ssh:\n      key: keys/id_ed25519\n      known_hosts: ../known_hosts\n',
        hosts: `      - name: node1
        address: 192.0.2.11
        ssh:
          key: ~/.ssh/id_rsa
      - name: node2
        address: 192.0.2.12
        ssh:
          key: /etc/hasetup/id
          known_hosts: ~/.ssh/known_hosts
`,
      }),
    );
    const [node1, node2] = (await loadInventory(file)).clusters[0]!.hosts;
    expect(node1?.ssh).toMatchObject({ key: '~/.ssh/id_rsa', knownHosts: path.join(dir, 'known_hosts') });
    expect(node2?.ssh).toMatchObject({ key: '/etc/hasetup/id', knownHosts: '~/.ssh/known_hosts' });
  });

  it('resolves a relative key given at cluster level', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hasetup-inv-'));
    const file = path.join(dir, 'inv.yaml');
    writeFileSync(file, inventory({ cluster: '    ssh:\n      key: id_ed25519\n', hosts: twoHosts }));
    const inv = await loadInventory(file);
    expect(inv.clusters[0]!.hosts.map((h) => h.ssh.key)).toEqual([path.join(dir, 'id_ed25519'), path.join(dir, 'id_ed25519')]);
  });
});

describe('power commands', () => {
  it('are argv, never a shell line: words split at spaces, {host} and {address} filled in, a host may override', () => {
    const inv = parseInventory(
      inventory({
        cluster: '    power:\n      off: ipmitool -H {host}-bmc -E chassis power off\n      on: [ipmitool, -H, "{host}-bmc", -E, chassis, power, "on"]\n',
        hosts: `${twoHosts}      - name: node3\n        address: 192.0.2.13\n        power: { off: [virsh, destroy, "my vm {address}"], on: [virsh, start, "my vm"] }\n`,
      }),
      'power.yaml',
    );
    const [n1, , n3] = inv.clusters[0]!.hosts;
    expect(n1!.power).toEqual({
      off: ['ipmitool', '-H', 'node1-bmc', '-E', 'chassis', 'power', 'off'],
      on: ['ipmitool', '-H', 'node1-bmc', '-E', 'chassis', 'power', 'on'],
      status: undefined,
    });
    // a list keeps a word with spaces whole, and a host's own commands win
    expect(n3!.power!.off).toEqual(['virsh', 'destroy', 'my vm 192.0.2.13']);
  });

  it('are absent unless the inventory has them', () => {
    const inv = parseInventory(inventory({ hosts: twoHosts }), 'nopower.yaml');
    expect(inv.clusters[0]!.hosts.map((h) => h.power)).toEqual([undefined, undefined]);
  });
});
