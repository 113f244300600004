// The goodbye after a crash (docs/keepalived.md): a SIGKILLed keepalived on the master still sends the priority-0
// advert, from keepalived's drop-in; a SIGKILLed BACKUP and a graceful stop send none of their own. What was sent
// is seen on the wire: tcpdump on the master's or the backup's port of the lab's bridge (scripts/setup.sh installs
// it), and what the backup made of it in its keepalived's own counters and journal.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poll, sleep } from '../../src/poll.js';
import { startClient } from '../support/vip-client.js';
import { labDown, labName, labUp, runCli, type TestLab } from '../support/e2e.js';

const LAB = labName('bye');
/** The namespace that holds the lab's bridge, and each host's port on it (src/lab/layout.ts: bridgeNetns, bridgePort). */
const BRIDGE_NETNS = `hs-${LAB}-net`;
const PORT = { node1: 'n1', node2: 'n2' } as const;

async function onHost(host: string, cmd: string): Promise<string> {
  const r = await runCli(['lab', 'ssh', host, '--name', LAB, '--', cmd]);
  if (r.code !== 0) throw new Error(`${host}: ${cmd}: exit ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

interface Advert {
  t: number;
  src: string;
  dst: string;
  vrid: number;
}

/** Priority-0 VRRP adverts leaving one host, as tcpdump sees them on its bridge port (epoch seconds). */
async function captureGoodbyes(port: string): Promise<{ stop(): Promise<Advert[]> }> {
  const child = spawn('ip', ['netns', 'exec', BRIDGE_NETNS, 'tcpdump', '--immediate-mode', '-l', '-tt', '-nn', '-i', port, 'ip proto 112 and ip[22] = 0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const closed = new Promise((res) => child.on('close', res));
  const listening = await poll(() => (err.includes('listening on') || child.exitCode !== null ? true : undefined), { timeout: 10_000, step: 20 });
  if (!listening || child.exitCode !== null) throw new Error(`tcpdump did not start (scripts/setup.sh installs it): ${err}`);
  return {
    async stop() {
      await sleep(200); // the last packet through the pipe
      child.kill('SIGTERM');
      await closed;
      return [...out.matchAll(/^(\d+\.\d+) IP (\S+) > (\S+): VRRPv\d, Advertisement, vrid (\d+), prio 0\b/gm)].map((m) => ({
        t: Number(m[1]),
        src: m[2]!,
        dst: m[3]!,
        vrid: Number(m[4]),
      }));
    },
  };
}

/** The priority-0 adverts a host's keepalived has accepted (its statistics dump: SIGUSR2, /tmp/keepalived.stats). */
async function priorityZeroReceived(host: string): Promise<number> {
  const text = await onHost(host, 'rm -f /tmp/keepalived.stats; kill -USR2 "$(systemctl show -p MainPID --value keepalived)"; for i in $(seq 50); do [ -s /tmp/keepalived.stats ] && break; sleep 0.1; done; sleep 0.2; cat /tmp/keepalived.stats');
  const m = /Priority Zero:\s*\n\s*Received: (\d+)/.exec(text);
  if (!m) throw new Error(`${host}: no "Priority Zero" in keepalived's statistics:\n${text}`);
  return Number(m[1]);
}

async function vipHolders(inventory: string): Promise<string> {
  const st = JSON.parse((await runCli(['status', inventory, '--json'])).stdout) as { vipHolders: Record<string, string[]> }[];
  return Object.values(st[0]!.vipHolders)[0]!.join(',');
}

/** Epoch seconds of the first journal line of `unit` on `host` since `since` that matches `re`; undefined: none (yet). */
async function journalTime(host: string, unit: string, since: number, re: RegExp): Promise<{ t: number; line: string } | undefined> {
  const text = await onHost(host, `journalctl -u ${unit} -o short-unix --no-pager --since @${Math.floor(since)}`);
  for (const line of text.split('\n')) {
    const t = Number(line.split(' ')[0]);
    if (t >= since && re.test(line)) return { t, line };
  }
  return undefined;
}

const restartKeepalived = 'systemctl reset-failed keepalived 2>/dev/null; systemctl start keepalived';

describe('a crashed keepalived says goodbye', () => {
  let lab: TestLab;
  let vip = '';
  let vrid = 0;
  beforeAll(async () => {
    lab = await labUp(LAB);
    const r = await runCli(['deploy', lab.inventory]);
    if (r.code !== 0) throw new Error(`deploy failed:\n${r.stdout}\n${r.stderr}`);
    const inv = fs.readFileSync(lab.inventory, 'utf8');
    vip = /address: (198\.18\.\d+\.\d+)\/24/.exec(inv)![1]!;
    vrid = Number(/virtual_router_id: (\d+)/.exec(inv)![1]);
  });
  afterAll(async () => {
    await labDown(LAB);
  });

  it('SIGKILL on the master: one priority-0 advert to the backup, which takes the VIP before Master_Down could expire', async () => {
    const [node1, node2] = [await onHost('node1', 'hostname -I'), await onHost('node2', 'hostname -I')].map((s) => s.split(' ')[0]!);
    const zeroBefore = await priorityZeroReceived('node2');
    const capture = await captureGoodbyes(PORT.node1);
    const client = startClient(`http://${vip}:8080/host.txt`);
    const json = `${lab.dir}/kill.json`;
    const started = Date.now() / 1000;
    const r = await runCli(['failover-test', lab.inventory, '--yes', '--scenario', 'keepalived-kill', '--json', json]);
    const samples = await client.stop();
    const adverts = await capture.stop();
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      scenarios: {
        status: string;
        reasons: string[];
        vipMoveSeconds: number;
        outageSeconds: number;
        splitBrainSeconds: number;
        timeline: { t: number; label: string }[];
        params: { advertInt: number; priorityBackup: number };
      }[];
    };
    const s = report.scenarios[0]!;
    expect(r.code, `${s.reasons.join('; ')}\n${r.stderr.slice(-1500)}`).toBe(0);
    expect(s.status).toBe('pass');

    // On the wire: exactly one goodbye, from the master to its unicast peer, for this VRID.
    expect(adverts.map((a) => [a.src, a.dst, a.vrid])).toEqual([[node1, node2, vrid]]);
    // The backup's keepalived accepted it (checksum, version, addresses, TTL all as it wants them).
    expect(await priorityZeroReceived('node2')).toBe(zeroBefore + 1);
    // The master's drop-in said why it sent it.
    const said = await journalTime('node1', 'keepalived', started, /hasetup goodbye .*without its goodbye \(result signal\) while MASTER/);
    expect(said, 'the goodbye script logs its decision').toBeDefined();
    // ... and removed the VIP right after it, as keepalived's graceful stop does: the backup, which waits its
    // skew time after the goodbye, never holds the VIP while the master still does (no two holders).
    expect(await journalTime('node1', 'keepalived', started, /hasetup goodbye .*removed 198\.18\.\d+\.\d+ from /)).toBeDefined();
    const at = (re: RegExp) => report.scenarios[0]!.timeline.find((e) => re.test(e.label))?.t;
    const removed = at(/^node1 removed /);
    const added = at(/^node2 added /);
    expect(removed !== undefined && added !== undefined, JSON.stringify(s.timeline)).toBe(true);
    expect(removed!, JSON.stringify(s.timeline)).toBeLessThanOrEqual(added!);
    expect(s.splitBrainSeconds).toBe(0);

    // Causality, on the hosts' one kernel clock: the backup became MASTER after the goodbye, sooner after the
    // master's keepalived died than Master_Down allows (3 adverts missed + skew): only a priority-0 advert does that.
    const died = await journalTime('node1', 'keepalived', started, /Main process exited, code=killed/);
    const master = await journalTime('node2', 'keepalived', started, /Entering MASTER STATE/);
    expect(died && master, 'both transitions in the journals').toBeTruthy();
    const { advertInt, priorityBackup } = s.params;
    const masterDown = 3 * advertInt + ((256 - priorityBackup) / 256) * advertInt;
    expect(master!.t).toBeGreaterThanOrEqual(adverts[0]!.t);
    expect(master!.t - died!.t).toBeLessThan(masterDown);
    console.log(
      `keepalived-kill: exit -> goodbye ${(adverts[0]!.t - died!.t).toFixed(3)} s, goodbye -> backup MASTER ${(master!.t - adverts[0]!.t).toFixed(3)} s; ` +
        `failover-test: move ${s.vipMoveSeconds} s, outage ${s.outageSeconds} s; own client: ${samples.filter((x) => !x.ok).length} failed of ${samples.length}`,
    );
    // And the VIP is back on the master (failover-test's restore and preemption).
    expect(await vipHolders(lab.inventory)).toBe('node1');
  });

  /** Runs `command` on `host` with the host's bridge port captured, until the goodbye script logged `said`; then starts keepalived again. */
  async function stopAndCapture(host: 'node1' | 'node2', command: string, said: RegExp) {
    const capture = await captureGoodbyes(PORT[host]);
    const started = Date.now() / 1000;
    await onHost(host, command);
    const line = await poll(() => journalTime(host, 'keepalived', started, said), { timeout: 20_000, step: 200 });
    const adverts = await capture.stop();
    await onHost(host, restartKeepalived);
    return { line, adverts };
  }

  it('SIGKILL on the backup: no advert at all, the VIP stays on the master', async () => {
    const { line, adverts } = await stopAndCapture('node2', 'systemctl kill -s KILL keepalived', /hasetup goodbye .*not MASTER/);
    expect(line, 'the goodbye script ran and decided').toBeDefined();
    expect(line!.line).toMatch(/result signal/);
    expect(adverts).toEqual([]);
    expect(await vipHolders(lab.inventory)).toBe('node1');
  });

  it('a graceful stop of the master: only keepalived\'s own priority-0 advert, none from the drop-in', async () => {
    const { line, adverts } = await stopAndCapture('node1', 'systemctl stop keepalived', /hasetup goodbye .*graceful stop/);
    expect(line, 'the goodbye script ran and decided').toBeDefined();
    expect(adverts).toHaveLength(1);
    // the VIP goes back to the master (preemption)
    expect(await poll(async () => ((await vipHolders(lab.inventory)) === 'node1' ? true : undefined), { timeout: 20_000, step: 250 })).toBe(true);
  });
});
