// Two clusters on the same two hosts, from two inventories (issue 21, M8): cluster A sends keepalived's mail, B
// does not; the Tomcat unit has ExecStop= lines of its own (a site drop-in), so our drop-in must clear and
// re-state them. Deploying B after A keeps A's mail and hook, a second deploy of each changes nothing, rolling B
// back leaves A running with its hook. Every check reads the hosts' own files and units through `lab ssh`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labDown, labName, labUp, runCli, type TestLab } from '../support/e2e.js';

const LAB = labName('share');
const A = LAB;
const B = `${LAB}b`;
const HOSTS = ['node1', 'node2'];
const DROPIN_DIR = '/etc/systemd/system/tomcat10.service.d';
const HOOKS = '/usr/libexec/hasetup/tomcat-hooks/tomcat10';

async function onHost(host: string, cmd: string): Promise<string> {
  const r = await runCli(['lab', 'ssh', host, '--name', LAB, '--', cmd]);
  if (r.code !== 0) throw new Error(`${host}: ${cmd}: exit ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

interface StatusJson {
  cluster: string;
  vipHolders: Record<string, string[]>;
  hosts: { host: string; state: string; keepalivedActive: boolean; tomcatHttp: string }[];
}

async function status(inventory: string): Promise<StatusJson> {
  const r = await runCli(['status', inventory, '--json']);
  if (r.code !== 0) throw new Error(`status: ${r.stderr}`);
  return (JSON.parse(r.stdout) as StatusJson[])[0]!;
}

/** Healthy: node1 MASTER holding every VIP, node2 BACKUP, keepalived running and Tomcat answering on both. */
async function healthy(inventory: string): Promise<string> {
  const s = await status(inventory);
  return JSON.stringify([Object.values(s.vipHolders), s.hosts.map((h) => [h.host, h.state, h.keepalivedActive, h.tomcatHttp])]);
}
const HEALTHY = JSON.stringify([[['node1']], [['node1', 'MASTER', true, '200'], ['node2', 'BACKUP', true, '200']]]);

async function waitHealthy(inventory: string, seconds = 30): Promise<string> {
  const end = Date.now() + seconds * 1000;
  let last = '';
  while (Date.now() < end) {
    last = await healthy(inventory);
    if (last === HEALTHY) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  return last;
}

async function waitHolders(inventory: string, holder: string, seconds = 20): Promise<string[][]> {
  const end = Date.now() + seconds * 1000;
  let last: string[][] = [];
  while (Date.now() < end) {
    last = Object.values((await status(inventory)).vipHolders);
    if (JSON.stringify(last) === JSON.stringify([[holder]])) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  return last;
}

const current = (cluster: string) => Promise.all(HOSTS.map((h) => onHost(h, `cat /var/lib/hasetup/${cluster}/current`)));

describe('two clusters sharing two hosts', () => {
  let lab: TestLab;
  let invA: string;
  let invB: string;
  beforeAll(async () => {
    lab = await labUp(LAB);
    const text = fs.readFileSync(lab.inventory, 'utf8');
    invA = path.join(lab.dir, 'a.yaml');
    fs.writeFileSync(invA, text.replace(/(\n {4}tomcat:\n)/, '\n    alerts:\n      email:\n        to: [ops@example.com, oncall@example.com]\n        smtp_server: 198.18.0.25\n$1'));
    invB = path.join(lab.dir, 'b.yaml');
    fs.writeFileSync(
      invB,
      text
        .replace(`name: ${LAB}`, `name: ${B}`)
        .replace(/virtual_router_id: (\d+)/, (_, n: string) => `virtual_router_id: ${Number(n) + 100}`)
        .replace(/(address: 198\.18\.\d+\.)100\//, '$1101/'),
    );
    // The unit's own ExecStop= (a site drop-in): what made the later of two per-cluster drop-ins clear the other's hook.
    for (const h of HOSTS) {
      await onHost(h, `mkdir -p ${DROPIN_DIR} && printf '%s\\n' '[Service]' 'ExecStop=+/bin/sh -c "echo site-stop >> /run/site-stop.log"' > ${DROPIN_DIR}/site.conf && systemctl daemon-reload`);
    }
  }, 300_000);
  afterAll(async () => {
    await labDown(LAB);
  });

  it("deploying B after A keeps A's mail settings and A's Tomcat stop hook", async () => {
    const a = await runCli(['deploy', invA]);
    expect(a.code, a.stdout + a.stderr).toBe(0);
    const b = await runCli(['deploy', invB]);
    expect(b.code, b.stdout + b.stderr).toBe(0);
    for (const h of HOSTS) {
      const conf = await onHost(h, 'cat /etc/keepalived/keepalived.conf');
      expect(conf, h).toMatch(/notification_email \{\s+ops@example\.com\s+oncall@example\.com\s+\}/);
      expect(conf, h).toContain('smtp_server 198.18.0.25 25');
      expect(await onHost(h, `grep -c smtp_alert /etc/keepalived/hasetup.d/${A}.conf || true`), h).toBe('1');
      expect(await onHost(h, `grep -c smtp_alert /etc/keepalived/hasetup.d/${B}.conf || true`), h).toBe('0');
      // one hasetup drop-in beside the site's, each cluster's hook script, ours before the unit's own ExecStop=
      expect(await onHost(h, `ls ${DROPIN_DIR}`), h).toBe('site.conf\nzz-hasetup.conf');
      expect(await onHost(h, `ls ${HOOKS}`), h).toBe(`${A}.sh\n${B}.sh`);
      const execStop = await onHost(h, 'systemctl show -p ExecStop tomcat10');
      expect(execStop.indexOf('tomcat-hooks'), `${h}: ${execStop}`).toBeGreaterThan(-1);
      expect(execStop.indexOf('tomcat-hooks'), `${h}: ${execStop}`).toBeLessThan(execStop.indexOf('site-stop'));
    }
    expect(await healthy(invA)).toBe(HEALTHY);
    expect(await healthy(invB)).toBe(HEALTHY);
  }, 180_000);

  it("a stop of Tomcat runs both clusters' hooks first, then the unit's own; both VIPs move and come back", async () => {
    await onHost('node1', `rm -f /run/site-stop.log; systemctl stop tomcat10`);
    try {
      for (const c of [A, B]) {
        expect(await onHost('node1', `cat /run/hasetup/${c}/tomcat.track`), c).toBe('-254');
        expect(await onHost('node1', `test -e /run/hasetup/${c}/tomcat.stopped && echo marked`), c).toBe('marked');
      }
      expect(await onHost('node1', 'cat /run/site-stop.log 2>&1')).toBe('site-stop');
      expect(await waitHolders(invA, 'node2')).toEqual([['node2']]);
      expect(await waitHolders(invB, 'node2')).toEqual([['node2']]);
    } finally {
      await onHost('node1', 'systemctl start tomcat10');
    }
    for (const c of [A, B]) expect(await onHost('node1', `test -e /run/hasetup/${c}/tomcat.stopped && echo marked || echo cleared`), c).toBe('cleared');
    expect(await waitHealthy(invA)).toBe(HEALTHY);
    expect(await waitHealthy(invB)).toBe(HEALTHY);
  }, 120_000);

  it('a second deploy of each changes nothing: no new generation anywhere', async () => {
    const before = [await current(A), await current(B)];
    for (const inv of [invA, invB, invA]) {
      const r = await runCli(['deploy', inv]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout, inv).toContain('nothing changed');
    }
    expect([await current(A), await current(B)]).toEqual(before);
  }, 180_000);

  it("rolling B back leaves A running with its mail and its hook", async () => {
    const r = await runCli(['rollback', invB, '--to', 'initial']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const h of HOSTS) {
      expect(await onHost(h, `test -e /etc/keepalived/hasetup.d/${B}.conf && echo present || echo gone`), h).toBe('gone');
      expect(await onHost(h, `ls ${HOOKS}`), h).toBe(`${A}.sh`);
      expect(await onHost(h, `ls ${DROPIN_DIR}`), h).toBe('site.conf\nzz-hasetup.conf');
      expect(await onHost(h, 'grep -c ops@example.com /etc/keepalived/keepalived.conf'), h).toBe('1');
      expect(await onHost(h, 'systemctl show -p ExecStop tomcat10'), h).toContain('tomcat-hooks');
      expect(await onHost(h, 'systemctl is-active keepalived'), h).toBe('active');
    }
    expect(await waitHealthy(invA)).toBe(HEALTHY);
    // A is as its own deploy left it: deploying it again changes nothing
    const again = await runCli(['deploy', invA]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('nothing changed');
    // and its hook still works
    await onHost('node1', 'systemctl stop tomcat10');
    try {
      expect(await onHost('node1', `cat /run/hasetup/${A}/tomcat.track`)).toBe('-254');
    } finally {
      await onHost('node1', 'systemctl start tomcat10');
    }
    expect(await waitHealthy(invA)).toBe(HEALTHY);
  }, 180_000);

  it('a third cluster with other mail settings is refused with exit 2 and nothing changes', async () => {
    const text = fs.readFileSync(invB, 'utf8').replace(/(\n {4}tomcat:\n)/, '\n    alerts:\n      email:\n        to: [other@example.com]\n        smtp_server: 198.18.0.25\n$1');
    const invC = path.join(lab.dir, 'c.yaml');
    fs.writeFileSync(invC, text);
    const before = await onHost('node1', 'sha256sum /etc/keepalived/keepalived.conf');
    const r = await runCli(['deploy', invC]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`node1: cluster ${B} sends keepalived's mail .*other@example\\.com.*, cluster ${A} on the same host .*ops@example\\.com`));
    expect(await onHost('node1', 'sha256sum /etc/keepalived/keepalived.conf')).toBe(before);
    expect(await onHost('node1', `test -e /etc/keepalived/hasetup.d/${B}.conf && echo present || echo gone`)).toBe('gone');
  }, 120_000);
});
