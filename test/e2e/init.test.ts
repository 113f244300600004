// hasetup init against the lab: a real terminal session (tmux) answering the prompts, then the flag path with
// the same answers must write the same file, and both pass validate. Ctrl-C in the terminal exits 130, no file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/i18n/width.js';
import { fingerprintOf, parseKnownHosts } from '../../src/remote/knownhosts.js';
import { cli, labDown, labUp, runCli, tempDir, type TestLab, labName } from '../support/e2e.js';

const LAB = labName('init');
let lab: TestLab;
let key: string;
let addresses: string[];
const sessions: string[] = [];

function tmux(...args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

/** A terminal running one command; `expect` waits for text on the screen, `send` types keys. */
function terminal(name: string, command: string, env: Record<string, string> = {}) {
  tmux('new-session', '-d', '-s', name, '-x', '220', '-y', '60', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), command);
  sessions.push(name);
  const screen = () => tmux('capture-pane', '-p', '-t', name, '-S', '-200');
  return {
    screen,
    async expect(text: string, timeoutMs = 60_000): Promise<void> {
      const end = Date.now() + timeoutMs;
      while (!screen().includes(text)) {
        if (Date.now() > end) throw new Error(`timed out waiting for "${text}"; the screen shows:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    send(...keys: string[]): void {
      tmux('send-keys', '-t', name, ...keys);
    },
  };
}

async function waitForFile(file: string, timeoutMs = 60_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') === '') {
    if (Date.now() > end) throw new Error(`${file} never appeared`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return fs.readFileSync(file, 'utf8').trim();
}

beforeAll(async () => {
  lab = await labUp(LAB);
  const text = fs.readFileSync(lab.inventory, 'utf8');
  key = /^\s+key: (\S+)/m.exec(text)![1]!;
  addresses = [...text.matchAll(/^\s+address: (\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]!);
});

afterAll(async () => {
  for (const s of sessions) {
    try {
      tmux('kill-session', '-t', s);
    } catch {
      /* already ended */
    }
  }
  await labDown(LAB);
});

describe('hasetup init (lab)', () => {
  let interactiveYaml = '';
  let dir = '';

  it('a person answers the prompts in a terminal; the inventory passes validate', async () => {
    dir = tempDir('init-tty');
    const out = path.join(dir, 'inventory.yaml');
    const rc = path.join(dir, 'rc');
    const t = terminal(`${LAB}-tty`, `cd ${dir} && NO_COLOR=1 node ${cli} init --listen-seconds 2; echo $? > ${rc}; sleep 600`);
    const answer = async (prompt: string, text?: string) => {
      await t.expect(prompt);
      if (text) t.send('-l', text);
      t.send('Enter');
    };
    await answer('cluster name', 'web');
    for (const [i, addr] of addresses.entries()) {
      const n = i + 1;
      await answer(`host ${n}: address`, addr);
      await answer(`host ${n}: SSH port`);
      await answer(`host ${n}: SSH user`);
      await t.expect(`host ${n}: log in with`);
      t.send('Enter'); // a key file (no agent in the test environment)
      await answer(`host ${n}: private key file`, i === 0 ? key : undefined);
      await t.expect(`presents this host key`);
      await answer('Trust this key', 'y');
      await answer(`host ${n}: name in the inventory`);
    }
    await answer('add another host');
    await answer('node1: interface');
    await answer('node2: interface');
    await answer('virtual IP', `${addresses[0]!.replace(/\.\d+$/, '')}.100`);
    await answer('virtual_router_id');
    await answer('which host is the master');
    await answer('priority of node1');
    await answer('priority of the backup');
    await answer('VRRP adverts');
    await answer('timing preset');
    await answer("Tomcat's HTTP port");
    await answer('health check path', '/host.txt');
    await answer('expected HTTP status');
    await answer('write inventory.yaml?');
    expect(await waitForFile(rc)).toBe('0');
    expect(t.screen()).toMatch(/found on node1 \(node1\): debian/);
    interactiveYaml = fs.readFileSync(out, 'utf8');
    expect(interactiveYaml).toMatch(/health_path: \/host\.txt/);
    expect(fs.readFileSync(path.join(dir, 'known_hosts'), 'utf8').trim().split('\n')).toHaveLength(2);
    const v = await runCli(['validate', out]);
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
  });

  it('the same answers as flags, without a terminal, write the same file', async () => {
    const flagsDir = tempDir('init-flags');
    const out = path.join(flagsDir, 'inventory.yaml');
    const fps = parseKnownHosts(fs.readFileSync(path.join(dir, 'known_hosts'), 'utf8')).map((e) => fingerprintOf(e.keyBlob));
    const r = await runCli([
      'init',
      '--output', out,
      '--cluster', 'web',
      ...addresses.flatMap((a) => ['--host', a]),
      '--key', key,
      '--vip', `${addresses[0]!.replace(/\.\d+$/, '')}.100`,
      '--health-path', '/host.txt',
      '--listen-seconds', '2',
      ...fps.flatMap((f) => ['--trust-fingerprint', f]),
    ]);
    expect(r.stderr).toMatch(/wrote /);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(interactiveYaml);
    expect((await runCli(['validate', out])).code).toBe(0);
    // Again without --force: the file exists, nothing is overwritten (exit 2).
    const again = await runCli(['init', '--output', out, '--cluster', 'web', ...addresses.flatMap((a) => ['--host', a]), '--vip', '198.18.1.100']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    // The file deploys as it is, with host-key checking against the keys the person trusted.
    const d = await runCli(['deploy', out]);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(d.stdout).toContain('deployed and verified');
  });

  it('in Chinese (LANG=zh_CN.UTF-8): the prompts, and the timing list and the summary lined up on the screen', async () => {
    const d = tempDir('init-zh');
    const rc = path.join(d, 'rc');
    const t = terminal(`${LAB}-zh`, `cd ${d} && NO_COLOR=1 node ${cli} init --listen-seconds 1; echo $? > ${rc}; sleep 600`, { LANG: 'zh_CN.UTF-8' });
    const answer = async (prompt: string, text?: string) => {
      await t.expect(prompt);
      if (text) t.send('-l', text);
      t.send('Enter');
    };
    /** The display column (terminal columns: a CJK character takes two) where `needle` starts in `line`. */
    const column = (line: string, needle: string) => displayWidth(line.slice(0, line.indexOf(needle)));
    await answer('集群名称', 'web');
    for (const [i, addr] of addresses.entries()) {
      const n = i + 1;
      await answer(`主机 ${n}：地址`, addr);
      await answer(`主机 ${n}：SSH 端口`);
      await answer(`主机 ${n}：SSH 用户`);
      await answer(`主机 ${n}：登录方式`);
      await answer(`主机 ${n}：私钥文件`, i === 0 ? key : undefined);
      await t.expect('出示以下主机密钥');
      await answer('信任此密钥', 'y');
      await answer(`主机 ${n}：在清单文件中的名称`);
    }
    await answer('是否再添加一台主机');
    await answer('node1：用于 VRRP 和 VIP 的网卡');
    await answer('node2：用于 VRRP 和 VIP 的网卡');
    // .100 is the VIP of the cluster the test above deployed: the wizard would (rightly) refuse it.
    await answer('客户端使用的虚拟IP (VIP)', `${addresses[0]!.replace(/\.\d+$/, '')}.101`);
    await answer('virtual_router_id');
    await answer('哪台主机作为主节点');
    await answer('node1 的优先级');
    await answer('备用节点的优先级');
    await answer('VRRP 通告方式');
    await t.expect('conservative（保守）');
    // The three presets' bounds start at one column, whatever the width of their Chinese names.
    const presets = t.screen().split('\n').filter((l) => l.includes('VRRPv')).slice(-3);
    expect(presets).toHaveLength(3);
    expect(new Set(presets.map((l) => column(l, 'VRRPv'))).size, presets.join('\n')).toBe(1);
    t.send('Enter');
    await answer('Tomcat 的 HTTP 端口');
    await answer('健康检查路径', '/host.txt');
    await answer('期望的 HTTP 状态码');
    await t.expect('是否写入 inventory.yaml');
    // The summary's host rows: address, role, priority and interface columns line up on the screen.
    const screen = t.screen();
    expect(screen).toContain('摘要：');
    const rows = screen.split('\n').filter((l) => /^ {4}node[12] /.test(l));
    expect(rows, screen).toHaveLength(2);
    expect(rows[0]).toContain('主节点');
    expect(rows[1]).toContain('备用节点');
    for (const needle of ['198.18.', '优先级', 'eth0']) expect(new Set(rows.map((l) => column(l, needle))).size, `${needle}\n${rows.join('\n')}`).toBe(1);
    t.send('Enter');
    expect(await waitForFile(rc)).toBe('0');
    expect(fs.readFileSync(path.join(d, 'inventory.yaml'), 'utf8')).toMatch(/^# 集群 web 的 hasetup 清单文件/);
  });

  it('a missing value without a terminal exits 2 listing all of them; Ctrl-C in the terminal exits 130', async () => {
    const d = tempDir('init-missing');
    const r = await runCli(['init', '--output', path.join(d, 'x.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--cluster[\s\S]*--host[\s\S]*--vip/);
    const rc = path.join(d, 'rc');
    const t = terminal(`${LAB}-ctrlc`, `cd ${d} && node ${cli} init; echo $? > ${rc}; sleep 600`);
    await t.expect('cluster name');
    t.send('-l', 'web');
    t.send('Enter');
    await t.expect('host 1: address');
    t.send('C-c');
    expect(await waitForFile(rc)).toBe('130');
    expect(fs.readdirSync(d).sort()).toEqual(['rc']);
  });
});
