// `hasetup lab`: real Debian servers (systemd-nspawn containers booting systemd) on a private bridge,
// each in its own network namespace, reachable from the machine's ordinary shell through one veth.
// The recipe and the traps behind its odd-looking lines: docs/lab.md.
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { HasetupError, UsageError } from '../errors.js';
import { exec, spawnDetached } from '../exec.js';
import { t } from '../i18n/index.js';
import type { Reporter } from '../progress.js';
import { applyLabFirewall, type LabFirewall } from './firewall.js';
import { ensureImage, hostSuite, type ImageInfo } from './image.js';
import { freeIndex, LAB_NAME_RE, LAB_ROOT, SUBNETS_DIR, labDir, labLayout, MAX_HOSTS, type LabLayout } from './layout.js';
import {
  cgroupDirs,
  cgroupPids,
  childPids,
  isMounted,
  isHostSupervisor,
  nspawnOf,
  linkExists,
  netnsList,
  removeCgroup,
  sleep,
  waitFor,
} from './system.js';
import { joinList } from '../i18n/text.js';

export interface LabState {
  name: string;
  index: number;
  bare: boolean;
  /** The first host's release (each host has its own: a lab may mix releases). */
  suite: string;
  /** The firewall every host booted with (default-deny input), or none. */
  firewall?: LabFirewall;
  hosts: { name: string; address: string; pid?: number; suite?: string; tomcat?: string }[];
  createdAt: string;
}

export interface UpOptions {
  name: string;
  hosts: number;
  bare: boolean;
  mirror?: string;
  /** One release per host (releasesForHosts); default: the machine's own for all. */
  releases?: string[];
  firewall?: LabFirewall;
}

export function checkLabName(name: string): void {
  if (!LAB_NAME_RE.test(name)) {
    throw new UsageError(t().lab.error.invalidLabName({ name: JSON.stringify(name) }));
  }
}

export function checkHostCount(n: number): void {
  if (!Number.isInteger(n) || n < 2 || n > MAX_HOSTS) {
    throw new UsageError(t().lab.error.hostCount({ max: MAX_HOSTS, given: n }));
  }
}

/** What the lab needs from this machine, checked before anything is made. */
export async function checkMachine(): Promise<void> {
  const e = t().lab.error;
  if (process.platform !== 'linux') throw new HasetupError(e.linuxOnly);
  if (process.getuid?.() !== 0) throw new HasetupError(e.needsRoot, { hint: e.needsRootHint });
  const missing: string[] = [];
  for (const [tool, pkg] of [
    ['systemd-nspawn', 'systemd-container'],
    ['ip', 'iproute2'],
    ['ssh-keygen', 'openssh-client'],
    ['nsenter', 'util-linux'],
  ] as const) {
    const r = await exec(['sh', '-c', 'command -v "$1"', 'sh', tool], { check: false });
    if (r.code !== 0) missing.push(e.missingTool({ tool, pkg }));
  }
  if (missing.length) {
    throw new HasetupError(e.missingTools({ tools: joinList(missing) }), {
      hint: 'apt-get install systemd-container mmdebstrap dpkg-dev iproute2 openssh-client util-linux',
    });
  }
}

export async function readState(name: string): Promise<LabState | undefined> {
  try {
    return JSON.parse(await fs.readFile(path.join(labDir(name), 'state.json'), 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

export async function writeState(layout: LabLayout, state: LabState): Promise<void> {
  const tmp = `${layout.stateFile}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
  await fs.rename(tmp, layout.stateFile);
}

export async function listLabs(): Promise<LabState[]> {
  const dir = path.join(LAB_ROOT, 'labs');
  const names = existsSync(dir) ? await fs.readdir(dir) : [];
  const out: LabState[] = [];
  for (const n of names.sort()) {
    const s = await readState(n);
    if (s) out.push(s);
  }
  return out;
}

export function layoutOf(state: LabState): LabLayout {
  return labLayout(state.name, state.index, state.hosts.length);
}

export function machineOf(state: LabState, host: string): string {
  return `hs-${state.name}-${host}`;
}

export function isRunning(state: LabState): boolean {
  return state.hosts.some((h) => isHostSupervisor(h.pid, machineOf(state, h.name)));
}

/** Reserves a subnet index atomically (mkdir), so labs started in parallel never share one. */
async function reserveIndex(name: string): Promise<number> {
  const dir = SUBNETS_DIR;
  await fs.mkdir(dir, { recursive: true });
  for (;;) {
    const used: number[] = [];
    for (const f of await fs.readdir(dir)) {
      const owner = await fs.readFile(path.join(dir, f, 'lab'), 'utf8').catch(() => '');
      if (owner.trim() === name) return Number(f); // ours from a lab that crashed
      used.push(Number(f));
    }
    const index = freeIndex(used);
    try {
      await fs.mkdir(path.join(dir, String(index)));
      await fs.writeFile(path.join(dir, String(index), 'lab'), name);
      return index;
    } catch {
      /* taken meanwhile: look again */
    }
  }
}

async function releaseIndex(index: number): Promise<void> {
  await fs.rm(path.join(SUBNETS_DIR, String(index)), { recursive: true, force: true });
}

export interface UpResult {
  layout: LabLayout;
  state: LabState;
  images: ImageInfo[];
  seconds: number;
}

export async function labUp(opts: UpOptions, reporter: Reporter): Promise<UpResult> {
  checkLabName(opts.name);
  checkHostCount(opts.hosts);
  await checkMachine();
  const previous = await readState(opts.name);
  if (previous && isRunning(previous)) {
    throw new UsageError(t().lab.error.alreadyUp({ name: opts.name }), t().lab.error.alreadyUpHint({ name: opts.name }));
  }
  const say = t().lab.progress;
  if (previous || existsSync(labDir(opts.name))) {
    reporter.step(say.cleaningUp({ name: opts.name }));
    await labDown(opts.name, reporter, { quiet: true });
  }
  const suites = opts.releases ?? Array.from({ length: opts.hosts }, () => hostSuite());
  // One image per release, built one after the other (each build already uses the machine's cores).
  const images = new Map<string, ImageInfo>();
  for (const suite of new Set(suites)) images.set(suite, await ensureImage(reporter, { suite, mirror: opts.mirror, bare: opts.bare }));
  const imageOf = (i: number) => images.get(suites[i]!)!;
  const started = Date.now();
  const index = await reserveIndex(opts.name);
  const layout = labLayout(opts.name, index, opts.hosts);
  const state: LabState = {
    name: opts.name,
    index,
    bare: opts.bare,
    suite: suites[0]!,
    ...(opts.firewall ? { firewall: opts.firewall } : {}),
    hosts: layout.hosts.map((h, i) => ({ name: h.name, address: h.address, suite: suites[i], tomcat: imageOf(i).tomcat })),
    createdAt: new Date().toISOString(),
  };
  await fs.mkdir(layout.dir, { recursive: true });
  await writeState(layout, state); // first, so that `down` can clean up whatever follows
  try {
    const mix = [...new Set(suites)].join(' + ');
    reporter.step(
      say.starting({ name: opts.name, hosts: opts.hosts, releases: mix, subnet: layout.subnet }) +
        `${opts.bare ? say.startingBare : ''}${opts.firewall ? say.startingFirewall({ firewall: opts.firewall }) : ''}`,
    );
    await exec(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `hasetup-lab-${opts.name}`, '-f', layout.keyFile]);
    await createNetwork(layout);
    const knownHosts = await Promise.all(layout.hosts.map((host, i) => prepareHost(layout, host.name, imageOf(i), opts.bare, opts.firewall)));
    await fs.writeFile(layout.knownHostsFile, knownHosts.join(''));
    for (const [i, host] of layout.hosts.entries()) {
      const pid = await bootHost(layout, host.name, imageOf(i));
      state.hosts[i]!.pid = pid;
      await writeState(layout, state);
    }
    reporter.step(opts.bare ? say.waitingForSshd : say.waitingForSshdAndTomcat);
    await Promise.all(layout.hosts.map((h) => waitHostReady(layout, h.name, h.address, !opts.bare, state)));
    return { layout, state, images: [...images.values()], seconds: (Date.now() - started) / 1000 };
  } catch (err) {
    reporter.warn(say.didNotComeUp({ name: opts.name }));
    await labDown(opts.name, reporter, { quiet: true }).catch(() => undefined);
    throw err;
  }
}

async function createNetwork(layout: LabLayout): Promise<void> {
  const br = layout.bridgeNetns;
  const ip = (...args: string[]) => exec(['ip', ...args]);
  await ip('netns', 'add', br);
  await ip('-n', br, 'link', 'set', 'lo', 'up');
  // A plain learning bridge: no STP delay, no multicast snooping (VRRP multicast must reach every port).
  await ip('-n', br, 'link', 'add', 'br0', 'type', 'bridge', 'forward_delay', '0', 'stp_state', '0', 'mcast_snooping', '0');
  await ip('-n', br, 'link', 'set', 'br0', 'up');
  // The admin side: one veth from the root namespace into the bridge; its address gives the root namespace
  // a route to the lab subnet and nothing else (no default route, no forwarding, no NAT).
  await ip('link', 'add', layout.adminVeth, 'type', 'veth', 'peer', 'name', 'admin', 'netns', br);
  await ip('-n', br, 'link', 'set', 'admin', 'master', 'br0', 'up');
  await ip('addr', 'add', `${layout.adminAddress}/${layout.prefix}`, 'dev', layout.adminVeth);
  await ip('link', 'set', layout.adminVeth, 'up');
  for (const h of layout.hosts) await createHostNetwork(layout, h.name);
}

/** A host's own namespace with its NIC (eth0, plugged into the bridge): also made anew at `lab power on`. */
export async function createHostNetwork(layout: LabLayout, name: string): Promise<void> {
  const h = hostOf(layout, name);
  const br = layout.bridgeNetns;
  const ip = (...args: string[]) => exec(['ip', ...args]);
  await ip('netns', 'add', h.netns);
  await ip('-n', h.netns, 'link', 'set', 'lo', 'up');
  await ip('-n', br, 'link', 'add', h.bridgePort, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.netns);
  await ip('-n', br, 'link', 'set', h.bridgePort, 'master', 'br0', 'up');
  await ip('-n', h.netns, 'addr', 'add', `${h.address}/${layout.prefix}`, 'dev', 'eth0');
  await ip('-n', h.netns, 'link', 'set', 'eth0', 'up');
}

export function hostOf(layout: LabLayout, name: string) {
  const h = layout.hosts.find((x) => x.name === name);
  if (!h) throw new UsageError(t().lab.error.noSuchHostInLayout({ lab: layout.name, host: name, hosts: joinList(layout.hosts.map((x) => x.name)) }));
  return h;
}

/** Mounts the host's overlay and writes what makes it a host of its own. Returns its known_hosts line. */
async function prepareHost(layout: LabLayout, name: string, image: ImageInfo, bare: boolean, firewall?: LabFirewall): Promise<string> {
  const h = hostOf(layout, name);
  const upper = path.join(h.dir, 'upper');
  const work = path.join(h.dir, 'work');
  const root = path.join(h.dir, 'root');
  for (const d of [upper, work, root]) await fs.mkdir(d, { recursive: true });
  const lower = bare ? image.base : image.full;
  await exec(['mount', '-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${upper},workdir=${work}`, root]);
  const etc = (p: string) => path.join(root, 'etc', p);
  await fs.writeFile(etc('hostname'), `${h.name}\n`, { mode: 0o644 });
  const others = layout.hosts.map((o) => `${o.address} ${o.name}\n`).join('');
  await fs.writeFile(etc('hosts'), `127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n${others}`);
  const id = (await exec(['systemd-id128', 'new'])).stdout.trim();
  await fs.writeFile(etc('machine-id'), `${id}\n`, { mode: 0o444 });
  // Fresh host keys per host, made here, so the lab can write a known_hosts file: checking stays on.
  await exec(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', `root@${h.name}`, '-f', etc('ssh/ssh_host_ed25519_key')]);
  await fs.writeFile(etc('ssh/sshd_config.d/hasetup-hostkey.conf'), 'HostKey /etc/ssh/ssh_host_ed25519_key\n');
  const pub = await fs.readFile(`${layout.keyFile}.pub`, 'utf8');
  await fs.mkdir(path.join(root, 'root/.ssh'), { recursive: true, mode: 0o700 });
  await fs.writeFile(path.join(root, 'root/.ssh/authorized_keys'), pub, { mode: 0o600 });
  if (!bare) {
    // A page that names the host, so a client can tell which node answered through the VIP.
    const page = path.join(root, 'var/lib', image.tomcat, 'webapps/ROOT');
    await fs.mkdir(page, { recursive: true });
    await fs.writeFile(path.join(page, 'index.html'), `<!doctype html><title>${h.name}</title><p>hasetup lab host ${h.name}</p>\n`);
    await fs.writeFile(path.join(page, 'host.txt'), `${h.name}\n`);
  }
  if (firewall) await applyLabFirewall(h.name, root, image.repo, firewall);
  const hostKey = (await fs.readFile(etc('ssh/ssh_host_ed25519_key.pub'), 'utf8')).trim().split(' ');
  return `${h.address} ${hostKey[0]} ${hostKey[1]}\n`;
}

export async function bootHost(layout: LabLayout, name: string, image: ImageInfo): Promise<number> {
  const h = hostOf(layout, name);
  const cgroups = cgroupDirs(h.machine);
  for (const d of cgroups) await fs.mkdir(d, { recursive: true });
  const nspawn = [
    'systemd-nspawn', '--quiet', '--register=no', '--keep-unit', '--boot',
    `--directory=${path.join(h.dir, 'root')}`, `--machine=${h.machine}`,
    `--network-namespace-path=/run/netns/${h.netns}`,
    // Without CAP_NET_ADMIN keepalived reports MASTER but the kernel refuses to add the VIP.
    '--capability=CAP_NET_ADMIN',
    '--resolv-conf=off', '--timezone=off', '--link-journal=no', '--console=read-only',
    `--bind-ro=${image.repo}:/opt/hasetup-repo`,
  ];
  // Its own session: a Ctrl-C at the terminal does not reach the containers.
  const pid = spawnDetached(['sh', '-c', SUPERVISOR, 'sh', String(cgroups.length), ...cgroups, ...nspawn], path.join(h.dir, 'console.log'));
  if (!pid) throw new HasetupError(t().lab.error.nspawnDidNotStart({ host: h.name }));
  await waitFor(() => (nspawnOf(pid) ? true : undefined), 5000, 20);
  if (!isHostSupervisor(pid, h.machine) || !nspawnOf(pid)) {
    const tail = await fs.readFile(path.join(h.dir, 'console.log'), 'utf8').catch(() => '');
    throw new HasetupError(t().lab.error.nspawnExited({ host: h.name, console: tail.slice(-1500) }));
  }
  return pid;
}

/**
 * The supervisor of a lab host: moves itself into the host's own cgroups, runs systemd-nspawn, and boots
 * the host again when it rebooted (nspawn exits with 133 then), as a real server comes back. SIGTERM
 * (lab down) is passed on to nspawn, which powers the host off cleanly.
 */
const SUPERVISOR = [
  'n=$1; shift',
  'while [ "$n" -gt 0 ]; do echo $$ > "$1/cgroup.procs"; shift; n=$((n-1)); done',
  'child=',
  'trap \'trap - TERM; [ -z "$child" ] || { kill -TERM "$child" 2>/dev/null; wait "$child"; }; exit 0\' TERM',
  'while :; do',
  '  "$@" & child=$!',
  '  wait "$child"; rc=$?',
  '  [ "$rc" -eq 133 ] || exit "$rc"',
  'done',
].join('\n');

function tcpBanner(address: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: address, port, timeout: timeoutMs });
    const done = (v: string | undefined) => {
      sock.destroy();
      resolve(v);
    };
    sock.once('data', (d) => done(d.toString('latin1')));
    sock.once('timeout', () => done(undefined));
    sock.once('error', () => done(undefined));
  });
}

export async function httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string } | undefined> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, body: await res.text() };
  } catch {
    return undefined;
  }
}

async function waitHostReady(layout: LabLayout, name: string, address: string, tomcat: boolean, state: LabState) {
  const h = hostOf(layout, name);
  const pid = state.hosts.find((x) => x.name === name)?.pid;
  const alive = () => isHostSupervisor(pid, h.machine);
  const e = t().lab.error;
  const ssh = await waitFor(async () => {
    if (!alive()) throw new HasetupError(e.stoppedWhileBootingSeeLog({ host: name, log: path.join(h.dir, 'console.log') }));
    const b = await tcpBanner(address, 22, 500);
    return b?.startsWith('SSH-') ? b : undefined;
  }, 60_000);
  if (!ssh) throw new HasetupError(e.sshdTimeout({ host: name, address, log: path.join(h.dir, 'console.log') }));
  if (!tomcat) return;
  const page = await waitFor(async () => {
    if (!alive()) throw new HasetupError(e.stoppedWhileBooting({ host: name }));
    const r = await httpGet(`http://${address}:8080/host.txt`, 1000);
    return r?.status === 200 ? r : undefined;
  }, 90_000, 200);
  if (!page) throw new HasetupError(e.tomcatTimeout({ host: name, address }));
}

export async function labDown(name: string, reporter: Reporter, opts: { quiet?: boolean } = {}): Promise<boolean> {
  checkLabName(name);
  const state = await readState(name);
  const dir = labDir(name);
  if (!state && !existsSync(dir)) {
    if (!opts.quiet) reporter.info(t().lab.progress.notUp({ name }));
    return false;
  }
  if (!state) {
    // A directory without state: nothing was started from it.
    await fs.rm(dir, { recursive: true, force: true });
    return true;
  }
  const layout = layoutOf(state);
  if (!opts.quiet) reporter.step(t().lab.progress.takingDown({ name }));
  // Power the containers off: SIGTERM to the supervisors we recorded (only while they still are ours);
  // each passes it on to its systemd-nspawn.
  const ours = (h: { name: string; pid?: number }) => isHostSupervisor(h.pid, machineOf(state, h.name));
  const running = state.hosts.filter(ours);
  for (const h of running) process.kill(h.pid!, 'SIGTERM');
  const gone = await waitFor(() => (running.some(ours) ? undefined : true), 15_000, 100);
  if (!gone) for (const h of running.filter(ours)) process.kill(h.pid!, 'SIGKILL');
  for (const h of layout.hosts) {
    for (const cg of cgroupDirs(h.machine)) {
      // Whatever is still in the host's cgroup was started by its container: end it by PID.
      for (const pid of await cgroupPids(cg)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      // A killed process leaves its cgroup a moment later: rmdir succeeds only on an empty one.
      await waitFor(async () => ((await cgroupPids(cg)).length === 0 ? true : undefined), 5000, 50);
      await removeCgroup(cg);
      await fs.rmdir(path.dirname(cg)).catch(() => undefined); // the shared hasetup/ parent, once empty
    }
    const root = path.join(h.dir, 'root');
    for (let i = 0; i < 20 && isMounted(root); i++) {
      const r = await exec(['umount', root], { check: false });
      if (r.code !== 0) await sleep(250);
    }
    if (isMounted(root)) await exec(['umount', '--lazy', root], { check: false });
  }
  const namespaces = await netnsList();
  for (const ns of [...layout.hosts.map((h) => h.netns), layout.bridgeNetns]) {
    if (namespaces.includes(ns)) await exec(['ip', 'netns', 'delete', ns], { check: false });
  }
  if (await linkExists(layout.adminVeth)) await exec(['ip', 'link', 'delete', layout.adminVeth], { check: false });
  await fs.rm(dir, { recursive: true, force: true });
  await releaseIndex(state.index);
  return true;
}

export interface HostStatus {
  name: string;
  address: string;
  release: string;
  running: boolean;
  system: string; // systemctl is-system-running
  sshd: string;
  keepalived: string;
  tomcat: string;
  http: string;
}

/** Runs a command in a lab host's namespaces from the machine itself (no SSH needed). */
export async function inHost(supervisor: number, argv: string[]) {
  const nspawn = nspawnOf(supervisor);
  const init = nspawn ? childPids(nspawn)[0] : undefined;
  if (!init) return undefined;
  return exec(['nsenter', '-t', String(init), '-m', '-u', '-i', '-n', '-p', '--', ...argv], { check: false, timeoutMs: 10_000 });
}

export async function labStatus(state: LabState): Promise<HostStatus[]> {
  return Promise.all(
    state.hosts.map(async (h): Promise<HostStatus> => {
      const running = isHostSupervisor(h.pid, machineOf(state, h.name));
      const st: HostStatus = { name: h.name, address: h.address, release: h.suite ?? state.suite, running, system: '-', sshd: '-', keepalived: '-', tomcat: '-', http: '-' };
      if (!running || !h.pid) return st;
      const sys = await inHost(h.pid, ['systemctl', 'is-system-running']);
      st.system = sys?.stdout.trim() || 'unknown';
      const units = await inHost(h.pid, ['systemctl', 'is-active', 'ssh', 'keepalived', h.tomcat ?? 'tomcat10']);
      const [sshd, ka, tc] = (units?.stdout ?? '').trim().split('\n');
      st.sshd = sshd ?? 'unknown';
      st.keepalived = ka ?? 'unknown';
      st.tomcat = tc ?? 'unknown';
      const r = await httpGet(`http://${h.address}:8080/`, 1500);
      st.http = r ? String(r.status) : 'no answer';
      return st;
    }),
  );
}

export function sshArgs(layout: LabLayout, address: string): string[] {
  return [
    '-i', layout.keyFile,
    '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${layout.knownHostsFile}`,
    '-o', 'GlobalKnownHostsFile=/dev/null',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'LogLevel=ERROR',
    `root@${address}`,
  ];
}

export function readKnownHosts(layout: LabLayout): string {
  return readFileSync(layout.knownHostsFile, 'utf8');
}
