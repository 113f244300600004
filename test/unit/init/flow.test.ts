// The wizard's prompt flow rendered with @inquirer/testing against a fake world (no hosts, no network).
import { screen } from '@inquirer/testing/vitest';
import { confirm, input, select } from '@inquirer/prompts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Prompts } from '../../../src/init/ask.js';
import { runInit } from '../../../src/init/run.js';
import { parseInventory } from '../../../src/inventory/load.js';
import { fakeIO, lab, type FakeWorld } from '../../fixtures/init.js';
import { answer, waitFor } from '../../support/screen-input.js';

const prompts: Prompts = { input: (c) => input(c), select: (c) => select(c), confirm: (c) => confirm(c) };

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-init-unit-'));
}



function start(world: FakeWorld, dir: string, lines: string[] = []) {
  const io = fakeIO(world);
  const output = path.join(dir, 'inventory.yaml');
  const run = runInit({ output, listenSeconds: '1' }, { io, prompts, print: (l) => lines.push(l), tty: true });
  return { io, output, run };
}

async function hostAnswers(n: number, address: string): Promise<void> {
  await answer(`host ${n}: address`, address);
  await answer(`host ${n}: SSH port`);
  await answer(`host ${n}: SSH user`);
  await answer(`host ${n}: log in with`);
  await answer(`host ${n}: private key file`);
  await answer('Trust this key', 'y');
  await answer(`host ${n}: name in the inventory`);
}

/** The cluster name, both hosts (keys trusted) and their interfaces, all with the defaults. */
async function throughInterfaces(): Promise<void> {
  await answer('cluster name', 'web');
  await hostAnswers(1, '198.18.1.11');
  await hostAnswers(2, '198.18.1.12');
  await answer('add another host');
  await answer('node1: interface');
  await answer('node2: interface');
}

/** From the VRID to the health check's status, all with the defaults. */
async function vrrpToHealthStatus(): Promise<void> {
  await answer('virtual_router_id');
  await answer('which host is the master');
  await answer('priority of node1');
  await answer('priority of the backup');
  await answer('VRRP adverts');
  await answer('timing preset');
  await answer("Tomcat's HTTP port");
  await answer('health check path');
  await answer('expected HTTP status');
}

async function restAfterVip(): Promise<void> {
  await vrrpToHealthStatus();
  await answer('write ');
}

describe('init wizard (prompts)', () => {
  it('straight path: answers, host keys, defaults from the hosts, and a valid inventory', async () => {
    const dir = tmp();
    const lines: string[] = [];
    const { run, output, io } = start(lab, dir, lines);
    await throughInterfaces();
    await answer('virtual IP', '198.18.1.100');
    await restAfterVip();
    const r = await run;
    expect(r?.file).toBe(output);
    const text = fs.readFileSync(output, 'utf8');
    const inv = parseInventory(text, output);
    const c = inv.clusters[0]!;
    expect(c.name).toBe('web');
    expect(c.virtualRouterId).toBe(52); // 51 was heard on the segment
    expect(c.vips[0]!.cidr).toBe('198.18.1.100/24');
    expect(c.hosts.map((h) => [h.name, h.role, h.priority, h.interface])).toEqual([
      ['node1', 'master', 150, 'eth0'],
      ['node2', 'backup', 100, 'eth0'],
    ]);
    expect(text).toMatch(/virtual_router_id: 52 +# VRRP router id/);
    // The accepted keys went to the inventory's known_hosts, and connections pinned exactly those keys.
    const kh = fs.readFileSync(path.join(dir, 'known_hosts'), 'utf8').trim().split('\n');
    expect(kh.map((l) => l.split(' ')[0])).toEqual(['198.18.1.11', '198.18.1.12']);
    expect(io.connected.every((c) => c.fingerprint.startsWith('SHA256:'))).toBe(true);
    expect(lines.join('\n')).toMatch(/found on node1 \(node1\): debian 12/);
    expect(lines.join('\n')).toMatch(/heard: VRID 51 from 198\.18\.1\.50/);
  });

  it('rejects a VIP outside the subnet, a host address and a busy address, a used VRID, and a failing health check', async () => {
    const dir = tmp();
    const lines: string[] = [];
    const { run, output } = start(lab, dir, lines);
    await throughInterfaces();
    const retype = async (value: string, expected: RegExp) => {
      screen.type(value);
      screen.keypress('enter');
      await screen.next();
      expect(screen.getScreen()).toMatch(expected);
      for (let i = 0; i < 20; i++) screen.keypress('backspace');
    };
    await waitFor('virtual IP');
    await retype('10.9.9.9', /not in the subnet of node1 eth0/);
    await retype('198.18.1.12', /already an address of node2/);
    await retype('198.18.1.1', /answers on the network now/);
    screen.type('198.18.1.100');
    screen.keypress('enter');
    await waitFor('virtual_router_id');
    await retype('51', /VRID 51 is in use on this segment/);
    screen.type('60');
    screen.keypress('enter');
    await answer('which host is the master');
    await answer('priority of node1');
    await waitFor('priority of the backup');
    await retype('150', /below the master's 150/);
    screen.type('100');
    screen.keypress('enter');
    await answer('VRRP adverts');
    await answer('timing preset');
    await answer("Tomcat's HTTP port");
    await answer('health check path', 'missing');
    await screen.next();
    expect(screen.getScreen()).toMatch(/URL path starting with \//);
    for (let i = 0; i < 10; i++) screen.keypress('backspace');
    screen.type('/missing');
    screen.keypress('enter');
    await answer('expected HTTP status');
    // Tried live: nobody answers /missing, so the Tomcat questions come again.
    await answer("Tomcat's HTTP port");
    expect(lines.join('\n')).toMatch(/did not answer 200 on every host \(node1: no answer/);
    await answer('health check path');
    await answer('expected HTTP status');
    await answer('write ');
    await run;
    expect(parseInventory(fs.readFileSync(output, 'utf8'), output).clusters[0]!.virtualRouterId).toBe(60);
  });

  it('re-asks a host whose key is not trusted, or that cannot be reached', async () => {
    const dir = tmp();
    const lines: string[] = [];
    const { run } = start(lab, dir, lines);
    await answer('cluster name', 'web');
    await answer('host 1: address', '198.18.1.99');
    await answer('host 1: SSH port');
    await answer('host 1: SSH user');
    await answer('host 1: log in with');
    await answer('host 1: private key file');
    await waitFor('host 1: address');
    expect(lines.join('\n')).toMatch(/198\.18\.1\.99: connection refused/);
    for (let i = 0; i < 20; i++) screen.keypress('backspace');
    await answer('host 1: address', '198.18.1.11');
    await answer('host 1: SSH port');
    await answer('host 1: SSH user');
    await answer('host 1: log in with');
    await answer('host 1: private key file');
    await answer('Trust this key', 'n');
    await waitFor('host 1: address');
    expect(lines.join('\n')).toMatch(/host key of 198\.18\.1\.11 not trusted \(ssh-ed25519 SHA256:/);
    screen.keypress({ name: 'c', ctrl: true });
    await expect(run).rejects.toMatchObject({ name: 'ExitPromptError' });
  });

  it('Ctrl-C at the last question writes nothing', async () => {
    const dir = tmp();
    const { run, output } = start(lab, dir);
    await throughInterfaces();
    await answer('virtual IP', '198.18.1.100');
    await vrrpToHealthStatus();
    await waitFor('write ');
    screen.keypress({ name: 'c', ctrl: true });
    await expect(run).rejects.toMatchObject({ name: 'ExitPromptError' });
    expect(fs.existsSync(output)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'known_hosts'))).toBe(false);
  });

  it('asks before overwriting an existing file, and writes elsewhere when told not to', async () => {
    const dir = tmp();
    const output = path.join(dir, 'inventory.yaml');
    fs.writeFileSync(output, 'keep me\n');
    const io = fakeIO({ ...lab, files: [output] });
    const run = runInit({ output, listenSeconds: '1' }, { io, prompts, print: () => {}, tty: true });
    await throughInterfaces();
    await answer('virtual IP', '198.18.1.100');
    await vrrpToHealthStatus();
    await answer('exists: overwrite it?');
    await waitFor('write the inventory to which file');
    for (let i = 0; i < 200; i++) screen.keypress('backspace');
    const other = path.join(dir, 'other.yaml');
    screen.type(other);
    screen.keypress('enter');
    await answer('other.yaml?');
    await run;
    expect(fs.readFileSync(output, 'utf8')).toBe('keep me\n');
    expect(fs.existsSync(other)).toBe(true);
  });
});
