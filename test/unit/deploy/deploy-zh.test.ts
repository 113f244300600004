// deploy in Chinese, against recording hosts (test/support/fake-host.ts) that answer like the lab's Debian 12 hosts:
// a preflight refusal names the host and says what to do, in Chinese, and nothing is written; the dry run's
// headings, diff headers and step names are Chinese while the diff and the commands stay as they are; the
// English run says the same in English; the firewall's undo is recorded in English whatever the language.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deployCluster } from '../../../src/deploy/deploy.js';
import { hostWork } from '../../../src/deploy/generation-plan.js';
import { parseGenerations } from '../../../src/deploy/generations.js';
import { planHost } from '../../../src/deploy/plan.js';
import { deployResultLines } from '../../../src/deploy/result-view.js';
import { HasetupError } from '../../../src/errors.js';
import { parseFacts, THEN_MARK } from '../../../src/facts/gather.js';
import { useLanguage } from '../../../src/i18n/index.js';
import { labCluster } from '../../fixtures/lab-cluster.js';
import { recordingReporter } from '../../../src/progress.js';
import { RecordingHost, result } from '../../support/fake-host.js';

const FACTS = readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8');
const plain = { bold: (s: string) => s, green: (s: string) => s, red: (s: string) => s };

const cluster = labCluster({}, ['node1', 'node2']);

/** A Debian 12 host from the lab's facts, with no deploy recorded, Tomcat answering `http`. */
function labHost(name: string, address: string, http: string): RecordingHost {
  return new RecordingHost(name, address)
    // the facts, then (same round trip) the generations: none recorded yet
    .onInput("echo '@@kv'", (_c, input) =>
      result(0, FACTS.replaceAll('198.18.0.11/', `${address}/`) + (input?.includes(THEN_MARK) ? `${THEN_MARK}\n@@current \n@@pending \n@@end\n` : '')),
    )
    .on('@@current', result(0, '@@current \n@@pending \n@@end\n'))
    .on('@@transitions', result(0, `@@addr\nhost0 ${address}/24\n@@keepalived\ninactive\n0\n@@http\n${http}\n@@end\n`))
    .on('ping -c 1', result(0, ''))
    .on('perl', result(0, 'no-perl\n'));
}

function deploy(http: string, dryRun: boolean) {
  const hosts = { node1: labHost('node1', '198.18.0.11', http), node2: labHost('node2', '198.18.0.12', http) };
  const reporter = recordingReporter();
  const run = deployCluster(cluster, '/nonexistent/inventory.yaml', { dryRun, parallel: 2 }, reporter, {
    connect: (h) => Promise.resolve(hosts[h.name as keyof typeof hosts]),
  });
  return { run, hosts, reporter };
}

const wrote = (h: RecordingHost) => h.calls.some((c) => /base64 -d|manifest\.json\.tmp/.test(c.input ?? c.command));

describe('deploy in Chinese', () => {
  afterEach(async () => {
    await useLanguage('en');
  });

  it('refuses in preflight when Tomcat does not answer: host, what is wrong, what to do, nothing written', async () => {
    await useLanguage('zh-CN');
    const { run, hosts, reporter } = deploy('000', false);
    const err = await run.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HasetupError);
    expect((err as Error).message).toBe(
      [
        '预检未通过，已拒绝部署集群 web；未做任何改动：',
        '  - node1：Tomcat 在 http://127.0.0.1:8080/ 没有返回 200（实际：无响应）；请启动 Tomcat，或修正 tomcat.port / health_path',
        '  - node2：Tomcat 在 http://127.0.0.1:8080/ 没有返回 200（实际：无响应）；请启动 Tomcat，或修正 tomcat.port / health_path',
      ].join('\n'),
    );
    expect(reporter.lines).toEqual([
      'step: 集群 web：正在连接 node1、node2',
      'step: 正在收集主机信息',
      'warn: node1：没有 perl，无法监听 VRRP 通告；请确认 VRID 51 在此网段未被使用',
    ]);
    expect(wrote(hosts.node1) || wrote(hosts.node2)).toBe(false);
  });

  it('says the same refusal in English, as it always did', async () => {
    const { run } = deploy('000', false);
    await expect(run).rejects.toThrow(
      'preflight refused cluster web; nothing was changed:\n' +
        '  - node1: Tomcat does not answer 200 at http://127.0.0.1:8080/ (got no answer); start it, or fix tomcat.port / health_path',
    );
  });

  it('prints the dry run with Chinese headings and step names, the diff and the commands as they are', async () => {
    await useLanguage('zh-CN');
    const { run, hosts } = deploy('200', true);
    const r = await run;
    const text = deployResultLines(r, { paint: plain }).join('\n');
    expect(text).toMatch(/^--- node1（主节点，优先级 \d+）：将改动 \d+ 个文件$/m);
    expect(text).toMatch(/^--- node2（备用节点，优先级 \d+）：将改动 \d+ 个文件$/m);
    expect(text).toContain('+++ /etc/keepalived/hasetup.d/web.conf（计划写入）');
    expect(text).toContain('--- /etc/keepalived/keepalived.conf（主机上现有）');
    expect(text).toContain('将要执行的命令：');
    expect(text).toMatch(/^ {2}创建系统用户 keepalived_script: getent passwd keepalived_script/m);
    expect(text).toMatch(/^ {2}设置 keepalived 开机自启: systemctl enable --no-reload -- keepalived$/m);
    expect(text.split('\n').at(-1)).toBe('试运行 (dry run)：集群 web 的所有主机均未做任何改动');
    expect(wrote(hosts.node1) || wrote(hosts.node2)).toBe(false);
  });

  it('prints the English dry run as it always did', async () => {
    const r = await deploy('200', true).run;
    const text = deployResultLines(r, { paint: plain }).join('\n');
    expect(text).toMatch(/^--- node1 \(master, priority \d+\): \d+ file\(s\) would change$/m);
    expect(text).toContain('+++ /etc/keepalived/hasetup.d/web.conf (planned)');
    expect(text).toMatch(/^ {2}enable keepalived at boot: systemctl enable --no-reload -- keepalived$/m);
    expect(text.split('\n').at(-1)).toBe('dry run: nothing was changed on any host of cluster web');
  });

  it('records the firewall undo under its English step name whatever the language', async () => {
    await useLanguage('zh-CN');
    const facts = { ...parseFacts(FACTS), firewall: 'iptables' as const, firewallRules: '-P INPUT DROP' };
    const plan = planHost(cluster, 'node1', facts, {});
    const fw = plan.prepare.find((c) => c.undo)!;
    expect(fw.step).toBe('iptables：放行来自 198.18.0.12 的 VRRP');
    const remote = new RecordingHost('node1', '198.18.0.11');
    const w = hostWork(cluster, remote, plan, parseGenerations('node1', '@@current \n@@pending \n@@end\n'), facts.files, '20261128T150000Z-1a2b3c4d', new Date('2026-11-28T15:00:00Z'));
    expect(w.next.undo?.map((u) => u.step)).toEqual(['undo: iptables: allow VRRP from 198.18.0.12']);
  });
});
