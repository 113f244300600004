// One run in Chinese, as a Chinese admin sees it (issue 26): validate (a good inventory and one typed with a
// Chinese input method), deploy --dry-run, a real deploy and a failover-test report (terminal and Markdown). Every
// line a person reads is checked for English words outside an allow-list: commands, flags, field names, scenario
// ids, MASTER/BACKUP/FAULT and the technical names the glossary keeps (docs/glossary.zh-CN.md). Lines without a
// Chinese character are data (diffs, commands, file contents written on hosts) and stay as they are.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labName, labUp, runCli, type TestLab } from '../support/e2e.js';

const LAB = labName('zh');
const ZH = { LANG: 'zh_CN.UTF-8' };
const HAN = /[\u4e00-\u9fff]/;

/** Names that stay as they are in Chinese text (the glossary's technical names, programs, units, preset names). */
const KEPT = new Set(
  (
    'hasetup keepalived Tomcat VRRP VRID VIP IP IPv4 SSH systemd nftables firewalld ufw iptables JSON JUnit Markdown YAML ' +
    'HTTP GET ARP SIGKILL SIGSTOP sshd ssh sudo root java curl perl bash nft ms s UTC Debian Ctrl PASS FAIL ERROR ' +
    'fast standard conservative master backup true false on off skew Master_Down nopreempt preempt fall rise dry run ' +
    'vrrp_script track_file track_process advert_int tomcat lab Tab inventory inventories example zh CN yaml known_hosts'
  ).split(' '),
);

/** English words in the lines a person reads (lines with Chinese in them), minus what stays English on purpose. */
function strayEnglish(text: string): string[] {
  const words: string[] = [];
  for (const line of text.split('\n').filter((l) => HAN.test(l))) {
    // '?' beside Chinese: a character the bundle lost (scripts/build.ts); Chinese text asks with '？'.
    if (/\?\?|[\u4e00-\u9fff]\?|\?[\u4e00-\u9fff]/.test(line)) words.push(`?  ← ${line.trim()}`);
    const prose = line
      .replace(/: .*$/, ' ') // "步骤: command": after a half-width colon and space comes the command a host runs
      .replace(/`[^`]*`/g, ' ') // inline code
      .replace(/SHA256:\S+/g, ' ') // host key fingerprints (base64: letters alone would read as a word)
      .replace(/\S*\/\S*/g, ' ') // paths, URLs, prefixes (192.0.2.100/24), ratios; before the lab's name, which paths hold
      .replace(new RegExp(`\\b${LAB}\\b`, 'g'), ' ') // the lab's (and cluster's) name
      .replace(/(^|\s)--?[\w-]+(=\S*)?/g, ' ') // flags
      .replace(/\b\S+:\d+:\d+\b/g, ' '); // file:line:column
    for (const m of prose.matchAll(/[A-Za-z][A-Za-z0-9_.-]*/g)) {
      const w = m[0].replace(/[.-]+$/, '');
      // identifiers: host names and versions (node1, tomcat10, VRRPv3), field paths (clusters[0].vips), snake_case
      // fields, kebab-case scenario ids and commands, ALL-CAPS names (MASTER, BACKUP, FAULT, SHA256).
      if (/\d|_|\.|-/.test(w) || /^[A-Z0-9]+$/.test(w) || KEPT.has(w)) continue;
      if (/^(init|validate|deploy|status|switchover|maintenance|rollback|failover|test|help|image|up|down|power)$/.test(w)) continue;
      words.push(`${w}  ← ${line.trim()}`);
    }
  }
  return words;
}

describe('hasetup in Chinese', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await labUp(LAB);
  });
  afterAll(async () => {
    await labDown(LAB);
  });

  it('validate: a good inventory and one typed with a Chinese input method, in Chinese', async () => {
    const ok = await runCli(['validate', lab.inventory], { env: ZH });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(HAN);
    expect(strayEnglish(ok.stdout + ok.stderr)).toEqual([]);

    const broken = path.join(lab.dir, 'broken.yaml');
    fs.writeFileSync(broken, fs.readFileSync(lab.inventory, 'utf8').replace('virtual_router_id: ', 'virtual_router_id：'));
    const bad = await runCli(['validate', broken], { env: ZH });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken\.yaml:\d+:\d+: 全角冒号 "："/);
    expect(bad.stderr).toContain('提示：');
    expect(strayEnglish(bad.stderr)).toEqual([]);

    // A value of the wrong type: the message that places Chinese and Latin words (the zh tag) comes out whole.
    fs.writeFileSync(broken, fs.readFileSync(lab.inventory, 'utf8').replace(/virtual_router_id: \d+/, 'virtual_router_id: [1]'));
    const typed = await runCli(['validate', broken], { env: ZH });
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain('应为');
    expect(strayEnglish(typed.stderr)).toEqual([]);

    const example = await runCli(['validate', path.resolve('inventories/example.zh-CN.yaml')], { env: ZH });
    expect(example.code, example.stderr).toBe(0);
  });

  it('deploy --dry-run: headings, progress and the result in Chinese; diffs and commands as they are', async () => {
    const r = await runCli(['deploy', lab.inventory, '--dry-run'], { env: ZH });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('试运行');
    expect(r.stdout).toContain('将要执行的命令：');
    expect(r.stdout + r.stderr).not.toMatch(/\w, \w+（|正在连接 \S+, /);
    expect(strayEnglish(r.stdout + r.stderr)).toEqual([]);
  });

  it('failover-test: the terminal report and the Markdown report in Chinese; JSON stays English data', async () => {
    const deployed = await runCli(['deploy', lab.inventory], { env: ZH });
    expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
    expect(strayEnglish(deployed.stdout + deployed.stderr)).toEqual([]);

    const md = path.join(lab.dir, 'report.md');
    const json = path.join(lab.dir, 'report.json');
    const r = await runCli(['failover-test', lab.inventory, '--scenario', 'keepalived-stop', '--yes', '--markdown', md, '--json', json], {
      env: ZH,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('测试通过');
    expect(r.stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/); // local time with its zone (the lab runs in UTC)
    expect(strayEnglish(r.stdout + r.stderr)).toEqual([]);

    const markdown = fs.readFileSync(md, 'utf8');
    expect(markdown).toContain('# 故障切换测试');
    expect(markdown).toContain('×'); // the theoretical bound's formula
    expect(markdown).not.toMatch(/\S x \S|<=/);
    expect(strayEnglish(markdown)).toEqual([]);

    const data = JSON.parse(fs.readFileSync(json, 'utf8')) as { startedAt: string; scenarios: { name: string; status: string }[] };
    expect(data.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(data.scenarios.map((s) => [s.name, s.status])).toEqual([['keepalived-stop', 'pass']]);
  });
});
