// failover-test as a user runs it, after a deploy, against real keepalived and Tomcat in the lab.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, labDown, labUp, runCli, type TestLab, labName } from './helpers.js';

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

interface ReportJson {
  passed: boolean;
  scenarios: {
    name: string;
    passed: boolean;
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

  it('passes every default scenario, reports every figure, and leaves the cluster healthy', async () => {
    const json = path.join(lab.dir, 'report.json');
    const junit = path.join(lab.dir, 'report.xml');
    const md = path.join(lab.dir, 'report.md');
    const r = await runCli(['failover-test', lab.inventory, '--yes', '--json', json, '--junit', junit, '--markdown', md]);
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as ReportJson;
    const summary = report.scenarios.map((s) => `${s.name}: ${s.passed} ${s.reasons.join('; ')}`).join('\n');
    expect(r.code, summary + '\n' + r.stderr.slice(-2000)).toBe(0);
    expect(report.passed).toBe(true);
    expect(report.scenarios.map((s) => s.name)).toEqual(['keepalived-stop', 'tomcat-stop', 'tomcat-crash', 'tomcat-hang', 'master-crash', 'network-loss']);
    for (const s of report.scenarios) {
      expect(s.vipMoveSeconds, s.name).toBeGreaterThanOrEqual(0);
      expect(s.outageSeconds, s.name).toBeGreaterThanOrEqual(0);
      expect(s.outageSeconds!, s.name).toBeLessThanOrEqual(2);
      expect(s.failbackSeconds, s.name).toBeGreaterThanOrEqual(0);
      expect(s.splitBrain, s.name).toBe(false);
      expect(typeof s.failedRequests).toBe('number');
    }
    expect(fs.readFileSync(junit, 'utf8')).toContain('<testcase');
    expect(fs.readFileSync(md, 'utf8')).toContain('keepalived-stop');
    expect(r.stdout).toContain('PASSED');
    // Afterwards: healthy, VIP on the master (preemption), Tomcat and keepalived up everywhere.
    const st = await runCli(['status', lab.inventory, '--json']);
    const [c] = JSON.parse(st.stdout) as { vipHolders: Record<string, string[]>; hosts: { host: string; keepalivedActive: boolean; tomcatHttp: string }[] }[];
    expect(Object.values(c!.vipHolders)).toEqual([['node1']]);
    expect(c!.hosts.map((h) => [h.host, h.keepalivedActive, h.tomcatHttp])).toEqual([
      ['node1', true, '200'],
      ['node2', true, '200'],
    ]);
    // No failsafe timer is left armed on the master.
    expect(await onHost('node1', 'systemctl list-timers --all --no-legend | grep -c hasetup- || true')).toBe('0');
  });

  it('restores Tomcat when interrupted with SIGINT during tomcat-stop', async () => {
    const child = spawn('node', [cli, 'failover-test', lab.inventory, '--yes', '--scenario', 'tomcat-stop', '--hold', '5'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Wait until the master's Tomcat is really stopped, then interrupt.
    const stopped = await poll(async () => (await onHost('node1', 'systemctl is-active tomcat10 || true')) !== 'active', 100, 200);
    expect(stopped, stderr).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(code, stderr).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(await onHost('node1', 'systemctl is-active tomcat10')).toBe('active');
    // and the cluster settles back on the master
    expect(await poll(async () => (await vipHolders(lab.inventory)) === 'node1', 60, 500)).toBe(true);
  });

  it('restores by itself on the host when hasetup is killed mid-scenario (the failsafe timer)', async () => {
    const child = spawn('node', [cli, 'failover-test', lab.inventory, '--yes', '--scenario', 'tomcat-stop', '--hold', '30', '--failsafe', '6'], {
      env: { ...process.env, NO_COLOR: '1' },
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
    expect(s.vipMoveSeconds).toBeGreaterThanOrEqual(0);
    expect(s.failbackSeconds).toBeGreaterThanOrEqual(0);
    expect(s.splitBrain).toBe(false);
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
