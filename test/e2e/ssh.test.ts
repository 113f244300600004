// The SSH RemoteHost against real servers (lab `tssh`): host-key verification (known_hosts, pins, refusals),
// authentication errors, run with input and timeouts, concurrent channels, files, stream() and its stop().
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostStepError } from '../../src/errors.js';
import { useLanguage } from '../../src/i18n/index.js';
import { loadInventory } from '../../src/inventory/load.js';
import type { Host } from '../../src/inventory/model.js';
import { cmd, joinCommands } from '../../src/remote/command.js';
import type { RemoteHost } from '../../src/remote/host.js';
import { fingerprintOf, parseKnownHosts } from '../../src/remote/knownhosts.js';
import { connectHost } from '../../src/remote/ssh.js';
import { recordingReporter } from '../../src/progress.js';
import { labName } from '../support/e2e.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LAB = labName('ssh');
const inventoryFile = path.join(os.tmpdir(), `${LAB}.yaml`);

function labCli(args: string[]): string {
  return execFileSync('npx', ['tsx', 'src/cli.ts', 'lab', ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

let hosts: Host[] = [];
let work: string;
let labKnownHosts: string;
const open: RemoteHost[] = [];

async function connect(host: Host, ssh: Partial<Host['ssh']> = {}): Promise<RemoteHost> {
  const r = await connectHost({ ...host, ssh: { ...host.ssh, ...ssh } });
  open.push(r);
  return r;
}

async function refusal(host: Host, ssh: Partial<Host['ssh']>): Promise<HostStepError> {
  const e = await errorOf(connect(host, ssh));
  expect(e.step).toBe('connect');
  return e;
}

/** The error a promise rejects with (fails the test when it resolves). */
async function errorOf(p: Promise<unknown>): Promise<HostStepError> {
  const e = await p.then(
    () => new Error('expected a rejection'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HostStepError);
  return e as HostStepError;
}

function keyOf(address: string): { type: string; b64: string; fingerprint: string } {
  const line = labKnownHosts.split('\n').find((l) => l.startsWith(`${address} `))!;
  const [, type = '', b64 = ''] = line.split(/\s+/);
  return { type, b64, fingerprint: fingerprintOf(Buffer.from(b64, 'base64')) };
}

function writeTemp(name: string, text: string): string {
  const f = path.join(work, name);
  fs.writeFileSync(f, text);
  return f;
}

beforeAll(async () => {
  try {
    labCli(['down', '--name', LAB]); // a lab left by an interrupted run
  } catch {
    /* not up */
  }
  labCli(['up', '--name', LAB, '--inventory', inventoryFile]);
  const inv = await loadInventory(inventoryFile);
  hosts = inv.clusters[0]!.hosts;
  labKnownHosts = fs.readFileSync(hosts[0]!.ssh.knownHosts, 'utf8');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-ssh-e2e-'));
}, 300_000);

afterAll(async () => {
  await Promise.all(open.map((r) => r.close()));
  try {
    labCli(['down', '--name', LAB]);
  } finally {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  }
}, 300_000);

describe('ssh to the lab', () => {
  it('connects to both hosts with host-key verification and runs commands', async () => {
    expect(hosts.map((h) => h.name)).toEqual(['node1', 'node2']);
    for (const host of hosts) {
      const reporter = recordingReporter();
      const r = await connectHost(host, { reporter });
      open.push(r);
      expect(reporter.lines.join('\n')).toContain(keyOf(host.address).fingerprint);
      const res = await r.run(cmd`cat /proc/1/comm`);
      expect(res).toEqual({ code: 0, stdout: 'systemd\n', stderr: '' });
      const fail = await r.run(cmd`echo out; echo err >&2; exit 3`);
      expect(fail).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
    }
  });

  it('runs many commands concurrently on one connection', async () => {
    const r = await connect(hosts[0]!);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => r.run(cmd`sleep 0.2; echo ${i}`)));
    expect(results.map((x) => x.stdout)).toEqual(Array.from({ length: 20 }, (_, i) => `${i}\n`));
    const sessions = await r.run(cmd`ps -eo args | grep -c '^sshd: root@notty'`);
    expect(Number(sessions.stdout.trim())).toBeGreaterThanOrEqual(1);
  });

  it('passes stdin through and keeps tricky arguments intact', async () => {
    const r = await connect(hosts[1]!);
    const input = "line 1\n'quoted' $(not run) `nor this`\n\nünïcødé ✓\nno newline";
    expect(await r.run(cmd`cat`, { input })).toEqual({ code: 0, stdout: input, stderr: '' });
    expect((await r.run(cmd`wc -c`, { input })).stdout.trim()).toBe(String(Buffer.byteLength(input)));
    expect((await r.run(cmd`printf '%s' "$0" 'a b' \\$HOME`)).stdout).toBe('sha b$HOME');
  });

  it('times out: code -1, the channel closed, the remote command killed', async () => {
    const r = await connect(hosts[0]!);
    const t0 = Date.now();
    const res = await r.run(cmd`sleep 37`, { timeoutMs: 700 });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(res).toMatchObject({ code: -1, stderr: 'timed out after 700 ms' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await r.run(cmd`pgrep -x -f "sleep 37" || true`)).stdout).toBe('');
    expect((await r.run(cmd`echo still usable`)).stdout).toBe('still usable\n');
  });

  it('refuses a host missing from known_hosts, showing type and fingerprint and how to trust it', async () => {
    const other = keyOf(hosts[1]!.address);
    const kh = writeTemp('kh-other-only', `${hosts[1]!.address} ${other.type} ${other.b64}\n`);
    const e = await refusal(hosts[0]!, { knownHosts: kh });
    const { fingerprint } = keyOf(hosts[0]!.address);
    expect(e.message).toContain(`ssh-ed25519 key ${fingerprint}`);
    expect(e.message).toContain(`is not in ${kh}`);
    expect(e.message).toContain(`ssh-keyscan -p 22 -t ssh-ed25519 ${hosts[0]!.address} >> ${kh}`);
    expect(e.message).toContain(`fingerprint: ${fingerprint}`);
  });

  it('refuses when the known_hosts file does not exist', async () => {
    const e = await refusal(hosts[0]!, { knownHosts: path.join(work, 'no-such-known-hosts') });
    expect(e.message).toMatch(/does not exist/);
    expect(e.message).toContain(keyOf(hosts[0]!.address).fingerprint);
  });

  it('refuses a CHANGED key loudly and says how to remove the old entry', async () => {
    const wrong = keyOf(hosts[1]!.address); // node2's key recorded for node1's address
    const kh = writeTemp('kh-changed', `${hosts[0]!.address} ${wrong.type} ${wrong.b64}\n`);
    const e = await refusal(hosts[0]!, { knownHosts: kh });
    expect(e.message).toMatch(/HAS CHANGED/);
    expect(e.message).toMatch(/MAY BE AN ATTACK/);
    expect(e.message).toContain(`ssh-keygen -R ${hosts[0]!.address} -f ${kh}`);
    expect(e.message).toContain(keyOf(hosts[0]!.address).fingerprint);
  });

  it('refuses a @revoked key', async () => {
    const k = keyOf(hosts[0]!.address);
    const kh = writeTemp('kh-revoked', `${labKnownHosts}@revoked ${hosts[0]!.address} ${k.type} ${k.b64}\n`);
    expect(parseKnownHosts(fs.readFileSync(kh, 'utf8')).some((x) => x.marker === 'revoked')).toBe(true);
    const e = await refusal(hosts[0]!, { knownHosts: kh });
    expect(e.message).toMatch(/REVOKED/);
  });

  it('accepts a correct pinned fingerprint without known_hosts and refuses a wrong one', async () => {
    const none = path.join(work, 'no-such-known-hosts');
    const good = await connect(hosts[0]!, { knownHosts: none, fingerprint: keyOf(hosts[0]!.address).fingerprint });
    expect((await good.run(cmd`hostname`)).stdout).toBe('node1\n');
    const e = await refusal(hosts[0]!, { knownHosts: none, fingerprint: keyOf(hosts[1]!.address).fingerprint });
    expect(e.message).toMatch(/fingerprint mismatch/);
    expect(e.message).toContain(keyOf(hosts[1]!.address).fingerprint);
  });

  it('explains authentication failures, a missing key file, a refused connection', async () => {
    const keyFile = path.join(work, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
    const auth = await refusal(hosts[0]!, { key: keyFile, agent: false });
    expect(auth.message).toBe(`node1: connect: authentication failed for user root with key ${keyFile}`);

    const missing = await refusal(hosts[0]!, { key: path.join(work, 'no-key') });
    expect(missing.message).toContain(`the SSH key file ${path.join(work, 'no-key')} does not exist`);

    const refused = await refusal(hosts[0]!, { port: 2 });
    expect(refused.message).toContain(`connection refused by ${hosts[0]!.address} port 2`);
  });

  it('says the same in Chinese: a changed host key with its fingerprint, a failed login, a refused connection', async () => {
    await useLanguage('zh-CN');
    try {
      const wrong = keyOf(hosts[1]!.address);
      const kh = writeTemp('kh-changed-zh', `${hosts[0]!.address} ${wrong.type} ${wrong.b64}\n`);
      const changed = await refusal(hosts[0]!, { knownHosts: kh });
      expect(changed.message).toContain(`node1: 连接: 警告：${hosts[0]!.address} 的主机密钥已改变`);
      expect(changed.message).toContain(keyOf(hosts[0]!.address).fingerprint);
      expect(changed.message).toContain(`ssh-keygen -R ${hosts[0]!.address} -f ${kh}`);

      const keyFile = path.join(work, 'stranger-zh');
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
      const auth = await refusal(hosts[0]!, { key: keyFile, agent: false });
      expect(auth.message).toBe(`node1: 连接: 用户 root 使用 密钥 ${keyFile} 认证失败`);
      expect(auth.hint).toContain('node1 的 ~root/.ssh/authorized_keys');

      const refused = await refusal(hosts[0]!, { port: 2 });
      expect(refused.message).toBe(`node1: 连接: ${hosts[0]!.address} 端口 2 拒绝连接`);
    } finally {
      await useLanguage('en');
    }
  });

  it('streams ip monitor lines and stop() ends the remote process', async () => {
    const r = await connect(hosts[0]!);
    const lines: string[] = [];
    const addr = hosts[0]!.address.replace(/\.\d+$/, '.201');
    let seen!: () => void;
    const saw = new Promise<void>((resolve) => (seen = resolve));
    const handle = await r.stream(cmd`ip -ts monitor address`, (l) => {
      lines.push(l);
      if (l.includes(`${addr}/32`)) seen();
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // let ip monitor subscribe
      expect((await r.run(cmd`pgrep -x -f "ip -ts monitor address" | wc -l`)).stdout.trim()).toBe('1');
      expect((await r.run(cmd`ip addr add ${addr}/32 dev lo`)).code).toBe(0);
      await Promise.race([saw, new Promise((_, reject) => setTimeout(() => reject(new Error(`no event; lines: ${lines.join(' | ')}`)), 5000))]);
      expect(lines.some((l) => /^\[\d{4}-\d\d-\d\dT/.test(l) && l.includes(`inet ${addr}/32`))).toBe(true);
    } finally {
      await r.run(cmd`ip addr del ${addr}/32 dev lo`);
      const t0 = Date.now();
      await handle.stop();
      expect(Date.now() - t0).toBeLessThan(3000);
    }
    const res = await handle.done;
    expect(res.code).toBe(143);
    expect((await r.run(cmd`pgrep -f "^ip -ts monitor" || true`)).stdout).toBe('');
    expect((await r.run(cmd`ps -eo args | grep -c "^cat$" || true`)).stdout.trim()).toBe('0');
  });

  it('a stream whose command ends by itself settles done with its exit code', async () => {
    const r = await connect(hosts[1]!);
    const lines: string[] = [];
    const handle = await r.stream(cmd`echo one; echo two >&2; echo three; exit 4`, (l) => lines.push(l));
    expect(await handle.done).toEqual({ code: 4, stdout: '', stderr: 'two\n' });
    expect(lines).toEqual(['one', 'three']);
    await handle.stop();
  });

  it('survives a dropped connection: no crash, later runs report code 255', async () => {
    const r = await connect(hosts[1]!);
    // kill this connection's sshd session process from inside
    const drop = await r.run(
      cmd`p=$$; while [ "$p" -gt 1 ]; do if [ "$(cat /proc/$p/comm)" = sshd ]; then kill -9 $p; break; fi; p=$(cut -d" " -f4 /proc/$p/stat); done; sleep 5`,
      { timeoutMs: 10_000 },
    );
    expect([255, -1]).toContain(drop.code);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await r.run(cmd`true`);
    expect(after.code).toBe(255);
    expect(after.stderr).toMatch(/connection to node2 was lost/);
    await r.close();
    expect((await r.run(cmd`true`)).stderr).toMatch(/closed by hasetup/);
  });
});

describe('sudo for a non-root user', () => {
  const PW = "pw with 'quotes' $x and spaces";
  let node1: Host;
  const as = (user: string, extra: Partial<Host['ssh']> = {}): Host => ({ ...node1, ssh: { ...node1.ssh, user, sudo: true, ...extra } });
  async function connectAs(host: Host, env: NodeJS.ProcessEnv): Promise<RemoteHost> {
    const r = await connectHost(host, { env });
    open.push(r);
    return r;
  }

  beforeAll(async () => {
    node1 = hosts[0]!;
    const r = await connect(node1);
    const setup = await r.run(
      joinCommands([
        cmd`set -e`,
        cmd`for u in hspw hsnopw hsnosudo; do id $u >/dev/null 2>&1 || useradd -m -s /bin/bash $u; mkdir -p /home/$u/.ssh; cp /root/.ssh/authorized_keys /home/$u/.ssh/; chown -R $u: /home/$u/.ssh; done`,
        cmd`chpasswd`,
        cmd`echo 'hspw ALL=(ALL) ALL' > /etc/sudoers.d/hspw`,
        cmd`echo 'hsnopw ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/hsnopw`,
      ]),
      { input: `hspw:${PW}\n` },
    );
    expect(setup.stderr).toBe('');
    expect(setup.code).toBe(0);
  });

  it('feeds the password on stdin: root works, and the caller\'s input arrives intact', async () => {
    const r = await connectAs(as('hspw', { sudoPasswordEnv: 'HS_PW' }), { HS_PW: PW });
    expect((await r.run(cmd`id -u; whoami`)).stdout).toBe('0\nroot\n');
    expect(await r.run(cmd`cat`, { input: 'first line\nsecond' })).toEqual({ code: 0, stdout: 'first line\nsecond', stderr: '' });
    expect((await r.run(cmd`cat`)).stdout).toBe('');
    const lines: string[] = [];
    const h = await r.stream(cmd`id -u; cat /proc/1/comm`, (l) => lines.push(l));
    expect((await h.done).code).toBe(0);
    expect(lines).toEqual(['0', 'systemd']);
  });

  it('names the missing variable, and never shows a refused password', async () => {
    const missing = await errorOf(connectAs(as('hspw', { sudoPasswordEnv: 'HS_PW_UNSET' }), {}));
    expect(missing.message).toContain('HS_PW_UNSET');
    const wrong = 'Wr0ng-pa55word';
    const e = await errorOf(connectAs(as('hspw', { sudoPasswordEnv: 'HS_PW' }), { HS_PW: wrong }));
    expect(e.message).toContain('sudo refused the password from HS_PW for hspw');
    expect(`${e.message} ${e.hint ?? ''} ${String(e.stack)}`).not.toContain(wrong);
  });

  it('uses sudo -n when no password is needed, even with a password variable set (stdin stays clean)', async () => {
    const r = await connectAs(as('hsnopw', { sudoPasswordEnv: 'HS_PW' }), { HS_PW: PW });
    expect(await r.run(cmd`cat`, { input: 'only this' })).toEqual({ code: 0, stdout: 'only this', stderr: '' });
    expect((await r.run(cmd`id -u`)).stdout).toBe('0\n');
  });

  it('refuses a user sudo asks a password of when none is configured', async () => {
    const e = await errorOf(connectAs(as('hsnosudo'), {}));
    expect(e.message).toContain('sudo does not work without a password for hsnosudo');
  });
});
