// Generations on real hosts: a failed activation, a priority-only redeploy and its rollback, hasetup SIGKILLed
// at each named point, two clusters on the same hosts. Every test reads the hosts' own state afterwards: the
// files by hash, the recorded generation, keepalived's PID, and the VIP holders sampled for a few seconds.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FULL_MATRIX } from '../support/e2e-matrix.js';
import { labDown, labName, labUp, runCli, type TestLab } from '../support/e2e.js';

const LAB = labName('gen');
const CONF = `/etc/keepalived/hasetup.d/${LAB}.conf`;
const HOSTS = ['node1', 'node2'];

async function onHost(host: string, cmd: string): Promise<string> {
  const r = await runCli(['lab', 'ssh', host, '--name', LAB, '--', cmd]);
  if (r.code !== 0) throw new Error(`${host}: ${cmd}: exit ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

interface HostState {
  conf: string; // sha256 of the cluster's keepalived config, or 'absent'
  keepalived: string; // active / inactive
  pid: string;
  generation: string;
  pending: string;
}

async function hostState(host: string, cluster = LAB): Promise<HostState> {
  const out = await onHost(
    host,
    `c=/etc/keepalived/hasetup.d/${cluster}.conf; if [ -f $c ]; then sha256sum < $c | cut -c1-64; else echo absent; fi; ` +
      'systemctl is-active keepalived || true; systemctl show -p MainPID --value keepalived; ' +
      `cat /var/lib/hasetup/${cluster}/current 2>/dev/null || echo none; cat /var/lib/hasetup/${cluster}/pending 2>/dev/null || echo none`,
  );
  const [conf = '', keepalived = '', pid = '', generation = '', pending = ''] = out.split('\n');
  return { conf, keepalived, pid, generation, pending };
}

async function states(cluster = LAB): Promise<Record<string, HostState>> {
  return Object.fromEntries(await Promise.all(HOSTS.map(async (h) => [h, await hostState(h, cluster)] as const)));
}

/** Who holds `vip`, looked at from the hosts every 300 ms for `seconds`: one list of holders per look. */
async function vipHolders(vip: string, seconds = 3): Promise<string[][]> {
  const looks: string[][] = [];
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const held = await Promise.all(HOSTS.map(async (h) => ((await onHost(h, `ip -o -4 addr show | grep -c ' ${vip}/' || true`)) === '1' ? [h] : [])));
    looks.push(held.flat());
    await new Promise((r) => setTimeout(r, 300));
  }
  return looks;
}

function vipOf(inventory: string, n = 0): string {
  return [...fs.readFileSync(inventory, 'utf8').matchAll(/address: (198\.18\.\d+\.\d+)\/24/g)][n]![1]!;
}

describe('generations on a lab', () => {
  let lab: TestLab;
  let fast: string; // the lab's inventory
  let standard: string; // the same with another advert interval: every host's config changes
  let vip: string;
  beforeAll(async () => {
    lab = await labUp(LAB);
    fast = lab.inventory;
    standard = path.join(lab.dir, 'standard.yaml');
    fs.writeFileSync(standard, fs.readFileSync(fast, 'utf8').replace(/timing: fast/, 'timing: standard'));
    vip = vipOf(fast);
  });
  afterAll(async () => {
    await labDown(LAB);
  });

  async function expectSettled(on: Record<string, HostState>): Promise<void> {
    const s = await states();
    expect(s.node1!.generation).toBe(s.node2!.generation);
    expect(s.node1!.generation).not.toBe('none');
    for (const h of HOSTS) {
      expect(s[h]!.keepalived, h).toBe('active');
      expect(s[h]!.pending, h).toBe('none');
      expect(s[h]!.conf, h).toBe(on[h]!.conf);
    }
    const looks = await vipHolders(vip);
    expect(looks.length).toBeGreaterThan(0);
    expect(looks.filter((l) => l.length !== 1 || l[0] !== 'node1')).toEqual([]);
  }

  let g1: Record<string, HostState>;
  let g2: Record<string, HostState> | undefined; // on `standard`
  let gPrio = '';

  it('a first deploy records one generation on every host; status says so', async () => {
    const r = await runCli(['deploy', fast]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/generation \d{8}T\d{6}Z-[0-9a-f]{8} recorded on every host/);
    g1 = await states();
    expect(g1.node1!.generation).toBe(g1.node2!.generation);
    const st = await runCli(['status', fast, '--json']);
    const [c] = JSON.parse(st.stdout) as { generation: string; generationsDiffer: boolean; hosts: { generation: string }[] }[];
    expect([c!.generation, c!.generationsDiffer, c!.hosts.map((h) => h.generation)]).toEqual([g1.node1!.generation, false, [g1.node1!.generation, g1.node1!.generation]]);
    // a deploy of the same inventory records nothing new
    expect((await runCli(['deploy', fast])).stdout).toContain('nothing changed');
    expect((await states()).node1!.generation).toBe(g1.node1!.generation);
  });

  it("the master's activation fails: no backup is activated, the master goes back, both stay on the old generation", async () => {
    const pid2 = g1.node2!.pid;
    const r = await runCli(['deploy', standard], { env: { HASETUP_TEST_FAULT: 'fail-activate:node1' } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('node1: activate (HASETUP_TEST_FAULT)');
    expect(r.stdout).toMatch(/put back, backups first: node2 is back on generation \S+; node1 is back on generation \S+ \(activated\)/);
    const s = await states();
    expect(s.node2!.pid).toBe(pid2); // never reloaded or restarted
    await expectSettled(g1);
    expect(s.node1!.generation).toBe(g1.node1!.generation);
    // the new generation was dropped: it is not offered to roll back to
    expect((await runCli(['rollback', fast, '--list'])).stdout.match(/\d{8}T\d{6}Z-[0-9a-f]{8}/g)).toEqual([g1.node1!.generation]);
  });

  it("a backup's activation fails: the master (already activated) goes back too", async () => {
    const r = await runCli(['deploy', standard], { env: { HASETUP_TEST_FAULT: 'fail-activate:node2' } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain('node2: activate (HASETUP_TEST_FAULT)');
    expect(r.stdout).toMatch(/node2 is back on generation \S+ \(activated\); node1 is back on generation \S+ \(activated\)/);
    await expectSettled(g1);
    expect((await states()).node1!.generation).toBe(g1.node1!.generation);
  });

  it('the priority-only redeploy, then rollback: both hosts on generation #1, keepalived running', async () => {
    const prio = path.join(lab.dir, 'priority.yaml');
    fs.writeFileSync(prio, fs.readFileSync(fast, 'utf8').replace(/role: master/, 'role: master\n        priority: 160'));
    const r = await runCli(['deploy', prio]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const two = await states();
    expect(two.node1!.conf).not.toBe(g1.node1!.conf);
    expect(two.node2!.conf).toBe(g1.node2!.conf); // unchanged, but on the new generation too
    expect(two.node2!.generation).toBe(two.node1!.generation);
    expect(two.node1!.generation).not.toBe(g1.node1!.generation);
    gPrio = two.node1!.generation;
    const rb = await runCli(['rollback', fast]);
    expect(rb.code, rb.stdout + rb.stderr).toBe(0);
    expect(rb.stdout).toContain(`on generation ${g1.node1!.generation}, verified after rollback`);
    await expectSettled(g1);
    expect((await states()).node2!.generation).toBe(g1.node1!.generation);
  });

  it('rollback --to a generation whose copies a host lost changes nothing', async () => {
    const before = await states();
    await onHost('node2', `rm -rf /var/lib/hasetup/${LAB}/generations/${gPrio}/files`);
    const r = await runCli(['rollback', fast, '--to', gPrio]);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toContain(`cannot roll back to generation ${gPrio}; nothing was changed`);
    expect(r.stderr + r.stdout).toMatch(/node2: the copy of \S+ for this generation is missing or damaged/);
    expect(await states()).toEqual(before);
  });

  it('status says when the hosts are on different generations, and the next deploy puts them on one', async () => {
    await onHost('node2', `echo ${gPrio} > /var/lib/hasetup/${LAB}/current`);
    const st = await runCli(['status', fast]);
    expect(st.stdout).toContain(`the hosts are on DIFFERENT generations (node1 ${g1.node1!.generation}, node2 ${gPrio})`);
    const [c] = JSON.parse((await runCli(['status', fast, '--json'])).stdout) as { generationsDiffer: boolean }[];
    expect(c!.generationsDiffer).toBe(true);
    const d = await runCli(['deploy', fast]);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    await expectSettled(g1);
    expect((await runCli(['status', fast])).stdout).toMatch(/generation: \S+ on every host/);
  });

  // Each named point, then the next deploy converges. `standard` and `fast` alternate so each run changes every host.
  // npm test: three of them (CI's time budget); HASETUP_E2E_MATRIX=1 (npm run test:matrix): all five.
  const all = ['after-stage:node1', 'after-stage:node2', 'after-activate-master', 'before-commit', 'fail-activate:node2,mid-restore:node1'];
  const points = FULL_MATRIX ? all : ['after-stage:node2', 'after-activate-master', 'fail-activate:node2,mid-restore:node1'];
  it.each(points)('hasetup SIGKILLed at %s: every host on the old or the new generation, and the next deploy converges', async (point) => {
    const before = await states();
    const killed = await runCli(['deploy', standard], { env: { HASETUP_TEST_FAULT: point } });
    expect(killed.signal, killed.stdout + killed.stderr).toBe('SIGKILL');
    const cut = await states();
    for (const h of HOSTS) {
      expect(cut[h]!.keepalived, h).toBe('active');
      // no host recorded the new generation as current: each runs the old one or (activated) the new one
      expect(cut[h]!.generation, h).toBe(before[h]!.generation);
    }
    const st = await runCli(['status', standard]);
    expect(st.code).toBe(0);
    expect(st.stdout).toContain('(interrupted: '); // pending: the cut-off deploy shows
    // the next deploy converges: every host on one new generation, the VIP on the master only
    const again = await runCli(['deploy', standard]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    g2 ??= await states();
    await expectSettled(g2);
    expect((await states()).node1!.generation).not.toBe(before.node1!.generation);
    // and back, for the next point
    const back = await runCli(['deploy', fast]);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    await expectSettled(g1);
  });

  it("a Tomcat unit's ExecStop= continued on the next line is copied whole: our stop hooks stay intact", async () => {
    const local = '/etc/systemd/system/tomcat10.service.d/local-stop.conf';
    await onHost('node2', `printf '[Service]\\nExecStop=/bin/echo stopping \\\\\\n    tomcat\\n' > ${local} && systemctl daemon-reload`);
    const r = await runCli(['deploy', fast]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const dropin = await onHost('node2', 'cat /etc/systemd/system/tomcat10.service.d/zz-hasetup.conf');
    expect(dropin).toContain('ExecStop=/bin/echo stopping tomcat\n');
    // systemd reads both hooks: the one before the unit's own line, and ExecStopPost= (swallowed before the fix)
    const stop = await onHost('node2', 'systemctl show -p ExecStop --value tomcat10');
    expect(stop).toContain('argv[]=/bin/echo stopping tomcat ;');
    expect(stop.indexOf('tomcat-hooks')).toBeGreaterThan(-1);
    expect(stop.indexOf('tomcat-hooks')).toBeLessThan(stop.indexOf('/bin/echo')); // our hooks run first
    expect(await onHost('node2', 'systemctl show -p ExecStopPost --value tomcat10')).toContain('tomcat-hooks');
    await onHost('node2', `rm -f ${local} && systemctl daemon-reload`);
    expect((await runCli(['deploy', fast])).code).toBe(0);
  });

  it('a second VIP added, then rollback with that inventory: exit 0, verified against what it restored; the second VIP on no host', async () => {
    const second = vip.replace(/\.\d+$/, '.101');
    const two = path.join(lab.dir, 'two-vips.yaml');
    fs.writeFileSync(two, fs.readFileSync(fast, 'utf8').replace(/( *)- address: (198\.18\.\d+\.\d+\/24)/, `$1- address: $2\n$1- address: ${second}/24`));
    const r = await runCli(['deploy', two]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await vipHolders(second, 1)).toContainEqual(['node1']);
    // Before: rollback verified the restored cluster against this inventory's VIPs and said "no host holds ...101".
    const rb = await runCli(['rollback', two]);
    expect(rb.code, rb.stdout + rb.stderr).toBe(0);
    expect(rb.stdout).toMatch(/verified after rollback/);
    expect((await vipHolders(second, 1)).flat()).toEqual([]);
    const looks = await vipHolders(vip, 1);
    expect(looks.filter((l) => l.length !== 1 || l[0] !== 'node1')).toEqual([]);
  });

  it('two clusters on the same hosts: rolling one back to before hasetup leaves the other running', async () => {
    const text = fs.readFileSync(fast, 'utf8');
    const second = text.slice(text.indexOf(`  - name: ${LAB}`)).replace(`name: ${LAB}`, `name: ${LAB}b`).replace(/virtual_router_id: (\d+)/, (_, n: string) => `virtual_router_id: ${Number(n) + 100}`).replace(/(address: 198\.18\.\d+\.)100\//, '$1101/');
    const both = path.join(lab.dir, 'both.yaml');
    fs.writeFileSync(both, text + second);
    const r = await runCli(['deploy', both]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const vipB = vipOf(both, 1);
    const rb = await runCli(['rollback', both, '--cluster', LAB, '--to', 'initial']);
    expect(rb.code, rb.stdout + rb.stderr).toBe(0);
    expect(rb.stdout).toContain('kept /etc/keepalived/keepalived.conf, /etc/systemd/system/tomcat10.service.d/zz-hasetup.conf (another cluster on this host uses it)');
    for (const h of HOSTS) {
      expect(await onHost(h, `test -e ${CONF} && echo present || echo gone`)).toBe('gone');
      // the other cluster's Tomcat hook stays, with the drop-in that runs it; this one's is gone
      expect(await onHost(h, 'ls /usr/libexec/hasetup/tomcat-hooks/tomcat10')).toBe(`${LAB}b.sh`);
      expect(await onHost(h, 'test -s /etc/keepalived/keepalived.conf && echo present || echo gone')).toBe('present');
      expect(await onHost(h, 'systemctl is-active keepalived')).toBe('active');
    }
    expect((await vipHolders(vipB)).filter((l) => l.length !== 1 || l[0] !== 'node1')).toEqual([]);
    expect((await vipHolders(vip, 1)).filter((l) => l.length !== 0)).toEqual([]);
  });
});
