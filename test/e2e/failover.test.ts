// failover-test as a user runs it, after a deploy, against real keepalived and Tomcat in the lab.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeringHosts, startClient } from '../support/vip-client.js';
import { cli, englishEnv, labDown, labUp, runCli, type TestLab, labName } from '../support/e2e.js';

const LAB = labName('fail');

async function onHost(host: string, cmd: string): Promise<string> {
  const r = await runCli(['lab', 'ssh', host, '--name', LAB, '--', cmd]);
  if (r.code !== 0) throw new Error(`${host}: ${cmd}: exit ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Asks `check` up to `tries` times, `everyMs` apart, until it says yes. */
async function poll(check: () => Promise<boolean>, tries: number, everyMs: number): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((res) => setTimeout(res, everyMs));
  }
  return false;
}

async function vipHolders(inventory: string): Promise<string> {
  const st = JSON.parse((await runCli(['status', inventory, '--json'])).stdout) as { vipHolders: Record<string, string[]> }[];
  return Object.values(st[0]!.vipHolders)[0]!.join(',');
}

function vipUrl(inventory: string): string {
  const vip = /address: (198\.18\.\d+\.\d+)\/24/.exec(fs.readFileSync(inventory, 'utf8'))![1]!;
  return `http://${vip}:8080/host.txt`;
}

interface ReportJson {
  passed: boolean;
  restoreFailures: unknown[];
  scenarios: {
    name: string;
    status: 'pass' | 'fail' | 'error';
    passed: boolean;
    movesAway: number;
    movesBack: number;
    reasons: string[];
    vipMoveSeconds: number | null;
    outageSeconds: number | null;
    failedRequests: number;
    failbackSeconds: number | null;
    splitBrain: boolean;
    error?: string;
  }[];
}

describe('failover-test on a deployed lab', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await labUp(LAB);
    const r = await runCli(['deploy', lab.inventory]);
    if (r.code !== 0) throw new Error(`deploy failed:\n${r.stdout}\n${r.stderr}`);
  });
  afterAll(async () => {
    await labDown(LAB);
  });

  it('passes every default scenario with one move away and one back, as an independent client saw too', async () => {
    const json = path.join(lab.dir, 'report.json');
    const junit = path.join(lab.dir, 'report.xml');
    const md = path.join(lab.dir, 'report.md');
    const client = startClient(vipUrl(lab.inventory));
    const r = await runCli(['failover-test', lab.inventory, '--yes', '--json', json, '--junit', junit, '--markdown', md]);
    const seen = answeringHosts(await client.stop());
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ReportJson;
    const summary = report.scenarios.map((s) => `${s.name}: ${s.status} ${s.movesAway}/${s.movesBack} ${s.reasons.join('; ')}`).join('\n');
    expect(r.code, summary + '\n' + r.stderr.slice(-2000)).toBe(0);
    expect(report.passed).toBe(true);
    expect(report.restoreFailures).toEqual([]);
    expect(report.scenarios.map((s) => s.name)).toEqual(['keepalived-stop', 'tomcat-stop', 'tomcat-crash', 'tomcat-hang', 'keepalived-kill', 'network-loss']);
    for (const s of report.scenarios) {
      expect([s.name, s.status, s.movesAway, s.movesBack, s.splitBrain]).toEqual([s.name, 'pass', 1, 1, false]);
      expect(s.vipMoveSeconds, s.name).not.toBeNull();
      expect(s.outageSeconds!, s.name).toBeLessThanOrEqual(2);
      expect(s.failbackSeconds, s.name).not.toBeNull();
    }
    // The client of our own saw the same: the VIP served by node1, then node2, then node1 again, six times
    // over, and never a flap in between.
    expect(seen).toEqual([...Array.from({ length: 6 }, () => ['node1', 'node2']).flat(), 'node1']);
    expect(fs.readFileSync(junit, 'utf8')).toContain('<testcase name="tomcat-stop"');
    expect(fs.readFileSync(md, 'utf8')).toContain('| tomcat-stop | PASS |');
    expect(r.stdout).toContain('PASSED');
    // Afterwards: healthy, VIP on the master (preemption), Tomcat and keepalived up everywhere.
    const st = await runCli(['status', lab.inventory, '--json']);
    const [c] = JSON.parse(st.stdout) as { vipHolders: Record<string, string[]>; hosts: { host: string; keepalivedActive: boolean; tomcatHttp: string }[] }[];
    expect(Object.values(c!.vipHolders)).toEqual([['node1']]);
    expect(c!.hosts.map((h) => [h.host, h.keepalivedActive, h.tomcatHttp])).toEqual([
      ['node1', true, '200'],
      ['node2', true, '200'],
    ]);
    // No failsafe timer is left armed on the master, and no network-loss rule.
    expect(await onHost('node1', 'systemctl list-timers --all --no-legend | grep -c hasetup-failsafe- || true')).toBe('0');
    expect(await onHost('node1', 'nft list tables | grep -c hasetup_netloss || true')).toBe('0');
  });

  it('in Chinese (LANG=zh_CN.UTF-8): a Chinese Markdown report and table, JUnit names and the JSON data as in English', async () => {
    const run = async (lang: string, base: string) => {
      const files = { json: path.join(lab.dir, `${base}.json`), junit: path.join(lab.dir, `${base}.xml`), md: path.join(lab.dir, `${base}.md`) };
      const r = await runCli(
        ['failover-test', lab.inventory, '--yes', '--scenario', 'keepalived-stop', '--json', files.json, '--junit', files.junit, '--markdown', files.md],
        { env: { LANG: lang, LC_ALL: '', LC_MESSAGES: '' } },
      );
      const read = (f: string) => fs.readFileSync(f, 'utf8');
      return { r, json: JSON.parse(read(files.json)) as ReportJson & { scenarios: { timeline: { label: string }[] }[] }, junit: read(files.junit), md: read(files.md) };
    };
    const english = await run('C.UTF-8', 'lang-en');
    expect(english.r.code, english.r.stderr.slice(-1500)).toBe(0);
    const chinese = await run('zh_CN.UTF-8', 'lang-zh');
    expect(chinese.r.code, chinese.r.stderr.slice(-1500)).toBe(0);

    // JUnit: the suite, test-case names and classnames CI keys its history on are the same; the words are not.
    const names = (xml: string) => [...xml.matchAll(/<(testsuites?|testcase) name="([^"]*)"(?: classname="([^"]*)")?/g)].map((m) => m.slice(1).join(' '));
    expect(names(chinese.junit)).toEqual(names(english.junit));
    expect(names(chinese.junit)).toContain('testcase keepalived-stop hasetup.failover.' + LAB);
    expect(chinese.junit).toMatch(/<property name="summary" value="测试通过：全部 1 个场景通过；最长中断时间 \d+\.\d{3} s（允许 2\.000 s）。"\/>/);
    expect(chinese.junit).toContain('注入故障：在 node1 上执行 keepalived-stop');

    // The Markdown report reads in Chinese, from the heading to the timeline.
    expect(chinese.md).toMatch(new RegExp(`^# 故障切换测试：${LAB}：测试通过\\n`));
    expect(chinese.md).toMatch(/\| keepalived-stop \| 通过 \| \d+\.\d{3} s，漂移到 node2 \| 漂走 1 次，回切 1 次 \|/);
    for (const heading of ['## 生效的参数', '## 测试结果', '## 时间线', '### keepalived-stop：通过']) expect(chinese.md).toContain(heading);
    expect(chinese.md).toContain('理论上限');
    expect(chinese.md).toMatch(/\| [+-]\d+\.\d{3} \| node2 添加了 198\.18\.\d+\.\d+ \|/);
    expect(chinese.md).not.toContain('Failover test');

    // The terminal and the progress lines too; the JSON stays what machines read, English prose included.
    expect(chinese.r.stdout).toMatch(/│ 场景 +│ 结果 +│/);
    expect(chinese.r.stdout).toContain('测试通过');
    expect(chinese.r.stderr).toContain('keepalived-stop：在 node1 上');
    expect(Object.keys(chinese.json)).toEqual(Object.keys(english.json));
    const s = chinese.json.scenarios[0]!;
    expect([s.name, s.status, s.movesAway, s.movesBack]).toEqual(['keepalived-stop', 'pass', 1, 1]);
    expect(s.timeline.map((e) => e.label)).toContain('inject: keepalived-stop on node1');
  });

  it('host-crash: the master loses power, the backup takes over, the master boots and takes the VIP back', async () => {
    const refused = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'host-crash']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('needs --allow-power-off');
    const bootBefore = await onHost('node1', 'cat /proc/sys/kernel/random/boot_id');
    const json = path.join(lab.dir, 'crash.json');
    const client = startClient(vipUrl(lab.inventory));
    const r = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'host-crash', '--allow-power-off', '--json', json]);
    const seen = answeringHosts(await client.stop());
    const s = (JSON.parse(fs.readFileSync(json, 'utf8')) as ReportJson).scenarios[0]!;
    expect(r.code, `${s.reasons.join('; ')}\n${r.stderr.slice(-1500)}`).toBe(0);
    expect([s.status, s.movesAway, s.movesBack, s.splitBrain]).toEqual(['pass', 1, 1, false]);
    expect(seen).toEqual(['node1', 'node2', 'node1']);
    // A power cut, not a shutdown: the host booted again, and nothing of the old boot survived.
    expect(await onHost('node1', 'cat /proc/sys/kernel/random/boot_id')).not.toBe(bootBefore);
    expect(await vipHolders(lab.inventory)).toBe('node1');
  });

  it('keepalived-kill, also under its old name master-crash', async () => {
    const json = path.join(lab.dir, 'kill.json');
    const r = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'master-crash', '--json', json]);
    const s = (JSON.parse(fs.readFileSync(json, 'utf8')) as ReportJson).scenarios[0]!;
    expect(r.code, s.reasons.join('; ')).toBe(0);
    expect(r.stderr).toContain('scenario master-crash is now called keepalived-kill');
    expect([s.name, s.status, s.movesAway, s.movesBack]).toEqual(['keepalived-kill', 'pass', 1, 1]);
  });

  it('does not inject when the failsafe cannot be armed: ERROR, exit 1, the host untouched', async () => {
    // A masked unit name makes systemd-run refuse the failsafe timer.
    await onHost('node1', `ln -sf /dev/null /etc/systemd/system/hasetup-failsafe-${LAB}-tomcat-stop.timer && systemctl daemon-reload`);
    try {
      const pid = await onHost('node1', 'systemctl show -p MainPID --value tomcat10');
      const json = path.join(lab.dir, 'noarm.json');
      const r = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'tomcat-stop', '--json', json]);
      const s = (JSON.parse(fs.readFileSync(json, 'utf8')) as ReportJson).scenarios[0]!;
      expect(r.code).toBe(1);
      expect(s.status).toBe('error');
      expect(s.reasons.join()).toContain('could not arm the failsafe timer on node1');
      expect(r.stdout).toContain('ERROR');
      // Untouched: the same Tomcat process, the VIP where it was.
      expect(await onHost('node1', 'systemctl show -p MainPID --value tomcat10')).toBe(pid);
      expect(await vipHolders(lab.inventory)).toBe('node1');
    } finally {
      await onHost('node1', `rm -f /etc/systemd/system/hasetup-failsafe-${LAB}-tomcat-stop.timer && systemctl daemon-reload`);
    }
  });

  it('a flapping config FAILS with the flap shown (a watchdog that trusts a draining Tomcat)', async () => {
    // Hand-edit the watchdog as an older hasetup had it: it ignores the stop marker and trusts one answer.
    const script = `/usr/libexec/hasetup/watchdog_${LAB}.sh`;
    const edit = `sed -i 's/\\[ ! -e "$stopped" \\] && //; s/^rise=.*/rise=1/' ${script} && systemctl restart hasetup-watchdog-${LAB}`;
    await onHost('node1', edit);
    try {
      expect(await onHost('node1', `grep -c 'stopped" ] && check' ${script} || true`)).toBe('0');
      const json = path.join(lab.dir, 'flap.json');
      const client = startClient(vipUrl(lab.inventory));
      const r = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'tomcat-stop', '--json', json]);
      const seen = answeringHosts(await client.stop());
      const s = (JSON.parse(fs.readFileSync(json, 'utf8')) as ReportJson).scenarios[0]!;
      expect(r.code).toBe(1);
      expect(s.status).toBe('fail');
      expect(s.movesAway).toBeGreaterThan(1);
      expect(s.reasons.join()).toContain('it flapped');
      // the independent client saw the VIP come back to node1 while Tomcat was stopping, too
      expect(seen.length).toBeGreaterThan(3);
    } finally {
      const fix = await runCli(['deploy', lab.inventory]); // puts the real watchdog back
      expect(fix.code, fix.stderr).toBe(0);
    }
  });

  it.each(['SIGINT', 'SIGHUP'] as const)('restores Tomcat when hasetup gets %s during tomcat-stop, and exits 130', async (sig) => {
    const child = spawn('node', [cli, 'failover-test', lab.inventory, '--yes', '--scenario', 'tomcat-stop', '--hold', '5'], {
      env: { ...englishEnv(), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Wait until the master's Tomcat is really stopped, then interrupt.
    const stopped = await poll(async () => (await onHost('node1', 'systemctl is-active tomcat10 || true')) !== 'active', 100, 200);
    expect(stopped, stderr).toBe(true);
    child.kill(sig);
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('every injected failure was restored');
    expect(await onHost('node1', 'systemctl is-active tomcat10')).toBe('active');
    // and the cluster settles back on the master
    expect(await poll(async () => (await vipHolders(lab.inventory)) === 'node1', 60, 500)).toBe(true);
  });

  it('a dropped SSH session mid-scenario: restored through a new session, ERROR, exit 1', async () => {
    const address = /address: (198\.18\.\d+\.11)\b/.exec(fs.readFileSync(lab.inventory, 'utf8'))![1]!;
    const child = spawn('node', [cli, 'failover-test', lab.inventory, '--yes', '--scenario', 'tomcat-stop', '--hold', '8'], {
      env: { ...englishEnv(), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const stopped = await poll(async () => (await onHost('node1', 'systemctl is-active tomcat10 || true')) !== 'active', 100, 200);
    expect(stopped, out).toBe(true);
    // The connection drops on this machine's side: every TCP socket from here to node1's sshd is destroyed.
    execFileSync('ss', ['-K', 'dst', address, 'dport', '=', ':22'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(code, out).toBe(1);
    expect(out).toContain('the SSH session to node1 was lost during tomcat-stop; the failure was restored through a new session');
    expect(out).toMatch(/tomcat-stop +│ ERROR/);
    expect(await onHost('node1', 'systemctl is-active tomcat10')).toBe('active');
    expect(await poll(async () => (await vipHolders(lab.inventory)) === 'node1', 60, 500)).toBe(true);
    expect(await onHost('node1', 'systemctl list-timers --all --no-legend | grep -c hasetup-failsafe- || true')).toBe('0');
  });

  it('restores by itself on the host when hasetup is killed mid-scenario (the failsafe timer)', async () => {
    const child = spawn('node', [cli, 'failover-test', lab.inventory, '--yes', '--scenario', 'tomcat-stop', '--hold', '30', '--failsafe', '6'], {
      env: { ...englishEnv(), NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const stopped = await poll(async () => (await onHost('node1', 'systemctl is-active tomcat10 || true')) !== 'active', 100, 200);
    expect(stopped).toBe(true);
    child.kill('SIGKILL'); // no chance to restore anything: as if the machine running hasetup died
    await new Promise((res) => child.on('close', res));
    expect(await poll(async () => (await onHost('node1', 'systemctl is-active tomcat10 || true')) === 'active', 40, 500)).toBe(true);
    // and the cluster settles back on the master
    expect(await poll(async () => (await vipHolders(lab.inventory)) === 'node1', 60, 500)).toBe(true);
  });

  it('reboots the master with --allow-reboot: the VIP moves, the master comes back and takes it again', async () => {
    const refused = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'reboot']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('needs --allow-reboot');
    const bootsBefore = await onHost('node1', 'cat /proc/sys/kernel/random/boot_id');
    const json = path.join(lab.dir, 'reboot.json');
    const r = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'reboot', '--allow-reboot', '--json', json]);
    const s = (JSON.parse(fs.readFileSync(json, 'utf8')) as ReportJson).scenarios[0]!;
    expect(r.code, `${s.reasons.join('; ')}\n${r.stderr.slice(-1500)}`).toBe(0);
    expect([s.status, s.movesAway, s.movesBack, s.splitBrain]).toEqual(['pass', 1, 1, false]);
    // It really rebooted (the lab boots a host again, as a server comes back), and holds the VIP again.
    expect(await onHost('node1', 'cat /proc/sys/kernel/random/boot_id')).not.toBe(bootsBefore);
    const st = JSON.parse((await runCli(['status', lab.inventory, '--json'])).stdout) as { vipHolders: Record<string, string[]> }[];
    expect(Object.values(st[0]!.vipHolders)).toEqual([['node1']]);
  });

  it('refuses to start when keepalived is stopped on the backup, and says why', async () => {
    await onHost('node2', 'systemctl stop keepalived');
    try {
      const r = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'keepalived-stop']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('the cluster is not healthy, so no failure was injected');
      expect(r.stderr).toContain('node2: keepalived is not running');
      expect(await onHost('node1', 'systemctl is-active keepalived')).toBe('active');
    } finally {
      await onHost('node2', 'systemctl start keepalived');
    }
  });

  it('reports honestly that tomcat-stop cannot move the VIP when the config has no Tomcat check', async () => {
    // Hand-edit the deployed config on both hosts as a tutorial would have it: no track_script, no track_file.
    const strip = `sed -i '/track_script {/,/}/d; /track_file {/,/}/d' /etc/keepalived/hasetup.d/${LAB}.conf && systemctl reload keepalived`;
    await onHost('node1', strip);
    await onHost('node2', strip);
    await new Promise((res) => setTimeout(res, 1500));
    const json = path.join(lab.dir, 'nocheck.json');
    const r = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'tomcat-stop', '--move-timeout', '3', '--hold', '1', '--json', json]);
    expect(r.code).toBe(1);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ReportJson;
    const s = report.scenarios[0]!;
    expect(s.passed).toBe(false);
    expect(s.vipMoveSeconds).toBeNull();
    expect(s.error).toContain('no Tomcat check');
    expect(r.stdout).toContain('FAIL');
    // Tomcat is running again afterwards.
    expect(await onHost('node1', 'systemctl is-active tomcat10')).toBe('active');
  });
});
