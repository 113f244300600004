// The wizard and the inventory it writes, in Chinese: prompts and rejections come from the zh-CN catalog, the
// summary's and the timing list's columns line up by display width (a CJK character takes two columns), and the
// inventory has Chinese comments around exactly the same YAML data as the English one.
import { screen } from '@inquirer/testing/vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useLanguage } from '../../../src/i18n/index.js';
import { displayWidth } from '../../../src/i18n/width.js';
import type { InitAnswers } from '../../../src/init/answers.js';
import { inquirerPrompts } from '../../../src/commands/init.js';
import type { Prompts } from '../../../src/init/ask.js';
import { summary } from '../../../src/init/flow.js';
import { runInit } from '../../../src/init/run.js';
import { inventoryYaml } from '../../../src/init/write.js';
import { parseInventory } from '../../../src/inventory/load.js';
import { fakeIO, lab } from '../../fixtures/init.js';
import { answer, waitFor } from '../../support/screen-input.js';

// The command's own prompts (with the translated key help of select), rendered on the test screen.
const prompts: Prompts = inquirerPrompts;
const CJK = /[\u4e00-\u9fff]/;



/** The display column at which `needle` starts in `line` (terminal columns, not characters). */
function columnOf(line: string, needle: string): number {
  const i = line.indexOf(needle);
  expect(i, `${needle} in ${line}`).toBeGreaterThanOrEqual(0);
  return displayWidth(line.slice(0, i));
}

const hostKey = { keyType: 'ssh-ed25519', keyBase64: 'AAAAC3NzaC1lZDI1NTE5AAAAIA==', fingerprint: `SHA256:${'A'.repeat(43)}`, known: false };
const answers: InitAnswers = {
  cluster: 'web',
  knownHosts: 'known_hosts',
  vip: '198.18.1.100/24',
  vrid: 52,
  unicast: false,
  timing: 'standard',
  tomcat: { port: 8080, healthPath: '/host.txt', expectedStatus: 200 },
  hosts: [
    { name: 'node1', address: '198.18.1.11', port: 22, user: 'root', auth: { kind: 'key', key: '~/.ssh/id_ed25519' }, sudo: false, interface: 'eth0', role: 'master', priority: 150, hostKey },
    { name: 'node2', address: '198.18.1.12', port: 22, user: 'admin', auth: { kind: 'agent' }, sudo: true, interface: 'eth0', role: 'backup', priority: 100, hostKey },
    { name: 'node3', address: '198.18.1.13', port: 22, user: 'root', auth: { kind: 'key', key: '~/.ssh/id_ed25519' }, sudo: false, interface: 'eth0', role: 'backup', priority: 99, hostKey },
  ],
};

describe('init in Chinese', () => {
  beforeEach(async () => {
    await useLanguage('zh-CN');
  });
  afterEach(async () => {
    await useLanguage('en');
  });

  it('asks in Chinese, rejects in Chinese, and lines up the timing choices and the summary by display width', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-init-zh-'));
    const output = path.join(dir, 'inventory.yaml');
    const lines: string[] = [];
    const run = runInit({ output, listenSeconds: '1' }, { io: fakeIO(lab), prompts, print: (l) => lines.push(l), tty: true });
    await answer('集群名称', 'web');
    for (const [i, address] of ['198.18.1.11', '198.18.1.12'].entries()) {
      const n = i + 1;
      await answer(`主机 ${n}：地址`, address);
      await answer(`主机 ${n}：SSH 端口`);
      await answer(`主机 ${n}：SSH 用户`);
      await answer(`主机 ${n}：登录方式`);
      await answer(`主机 ${n}：私钥文件`);
      await answer('信任此密钥', 'y');
      await answer(`主机 ${n}：在清单文件中的名称`);
    }
    await answer('是否再添加一台主机');
    await answer('node1：用于 VRRP 和 VIP 的网卡');
    await answer('node2：用于 VRRP 和 VIP 的网卡');
    await waitFor('客户端使用的虚拟IP (VIP)');
    screen.type('10.9.9.9');
    screen.keypress('enter');
    await screen.next();
    expect(screen.getScreen()).toContain('10.9.9.9 不在 node1 eth0（198.18.1.11/24）、node2 eth0（198.18.1.12/24） 的子网内');
    for (let i = 0; i < 20; i++) screen.keypress('backspace');
    await answer('客户端使用的虚拟IP (VIP)', '198.18.1.100');
    await answer('virtual_router_id');
    await answer('哪台主机作为主节点');
    await answer('node1 的优先级');
    await answer('备用节点的优先级');
    await answer('VRRP 通告方式');
    await waitFor('时间参数预设');
    // Each preset's bounds start at one display column, whatever the width of its Chinese name.
    const choices = screen.getScreen().split('\n').filter((l) => l.includes('VRRPv'));
    expect(choices).toHaveLength(3);
    expect(choices.join('\n')).toMatch(/conservative（保守）/);
    expect(new Set(choices.map((l) => columnOf(l, 'VRRPv'))).size).toBe(1);
    expect(screen.getScreen()).toContain('↑↓ 移动 • ⏎ 选择');
    screen.keypress('enter');
    await answer('Tomcat 的 HTTP 端口');
    await answer('健康检查路径');
    await answer('期望的 HTTP 状态码');
    await answer(`是否写入 ${output}`);
    await run;

    const text = lines.join('\n');
    expect(text).toContain('node1（node1）上的情况：debian 12');
    expect(text).toContain('  收到：VRID 51（来自 198.18.1.50）');
    expect(lines).toContain('摘要：');
    // The host rows of the summary: role, priority and interface columns start at one display column.
    const rows = lines.filter((l) => /^ {4}node\d/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('主节点');
    expect(rows[1]).toContain('备用节点');
    for (const needle of ['198.18.1.1', '优先级', 'eth0']) expect(new Set(rows.map((l) => columnOf(l, needle))).size, needle).toBe(1);
    expect(text).toMatch(/已写入 .*inventory\.yaml，并将 2 个主机密钥写入 /);
    expect(parseInventory(fs.readFileSync(output, 'utf8'), output).clusters[0]!.hosts.map((h) => h.role)).toEqual(['master', 'backup']);
  });

  it('lines up the summary of three hosts with roles of different widths', () => {
    const rows = summary(answers).filter((l) => l.startsWith('  node'));
    expect(rows.map((r) => CJK.test(r))).toEqual([true, true, true]);
    for (const needle of ['198.18.1.1', '优先级']) expect(new Set(rows.map((l) => columnOf(l, needle))).size, needle).toBe(1);
    expect(rows[1]).toMatch(/admin@ 使用 ssh-agent \+ sudo$/);
  });

  it('writes Chinese comments around the same YAML data as the English inventory, aligned by display width', async () => {
    const zh = inventoryYaml(answers);
    await useLanguage('en');
    const en = inventoryYaml(answers);
    expect(en).not.toMatch(CJK);
    expect(parse(zh)).toEqual(parse(en));
    expect(zh.split('\n')).toHaveLength(en.split('\n').length);
    // Every comment is Chinese (technical names may stay), and the comments start at one display column.
    const comments = zh.split('\n').filter((l) => l.includes('#'));
    expect(comments.length).toBeGreaterThan(20);
    expect(comments.filter((l) => !CJK.test(l.slice(l.indexOf('#'))))).toEqual([]);
    expect(zh).toMatch(/^# 集群 web 的 hasetup 清单文件，由 hasetup init 生成。$/m);
    expect(zh).toMatch(/role: master +# 正常时持有 VIP$/m);
    const inline = comments.filter((l) => !l.startsWith('#'));
    expect(new Set(inline.map((l) => columnOf(l, ' # ')))).toEqual(new Set([35]));
    // And it is an inventory hasetup reads, equal to the English one.
    expect(parseInventory(zh, 'zh.yaml')).toEqual(parseInventory(en, 'zh.yaml'));
  });
});
