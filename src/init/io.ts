// Everything init does to the outside world, behind one interface (InitIO) so the flow is tested with a fake:
// the first SSH contact (host key), the connection with a pinned key, facts, and the live checks (VIP answering,
// VRRP adverts on the segment, Tomcat's health path). sshInitIO is the real one.
import { lookup } from 'node:dns/promises';
import fs from 'node:fs/promises';
import os from 'node:os';
import type { AdvertSeen } from '../facts/vrrp-listen.js';
import { listenForAdverts } from '../facts/vrrp-listen.js';
import { gatherFacts } from '../facts/gather.js';
import type { HostFacts } from '../facts/types.js';
import { t } from '../i18n/index.js';
import type { Host } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import { silentReporter } from '../progress.js';
import { fetchHostKey, type PresentedHostKey } from '../remote/hostkey.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';
import { connectHost, expandHome } from '../remote/ssh.js';
import type { HostLogin } from './answers.js';
import type { HealthResult } from './checks.js';

export interface LoginSpec extends HostLogin {
  /** the fingerprint the person accepted (or known_hosts held): the connection must present exactly this key */
  fingerprint: string;
}

export interface InitHost {
  facts: HostFacts;
  /** `hostname` as the host prints it */
  hostname: string;
  /** the IPv4 address the connection reached (address resolved) */
  ip: string;
  /** TCP ports the Tomcat java process listens on (its shutdown port left out) */
  tomcatPorts: number[];
  /** true: something answered on the address (ping or ARP) from this host's interface; undefined: could not tell */
  vipAnswers(vip: string, iface: string): Promise<boolean | undefined>;
  /** VRRP adverts heard on the host's segment; undefined when the host cannot listen (no perl) */
  listen(seconds: number): Promise<AdvertSeen[] | undefined>;
  httpStatus(port: number, path: string): Promise<Omit<HealthResult, 'host'>>;
  close(): Promise<void>;
}

export interface InitIO {
  /** the known_hosts file's text ('' when there is none) */
  readKnownHosts(file: string): Promise<string>;
  fetchHostKey(address: string, port: number): Promise<PresentedHostKey>;
  /** a file exists and can be read (the SSH key, the output file) */
  readable(file: string): Promise<boolean>;
  exists(file: string): Promise<boolean>;
  connect(spec: LoginSpec): Promise<InitHost>;
  env: NodeJS.ProcessEnv;
}

/** ss -Hltnp output -> ports the java process listens on, the shutdown port (8005 on loopback) left out. */
export function tomcatPortsFromSs(out: string): number[] {
  const ports = new Set<number>();
  for (const line of out.split('\n')) {
    if (!/"java"/.test(line)) continue;
    const local = line.trim().split(/\s+/)[3] ?? '';
    const m = /:(\d+)$/.exec(local);
    if (!m) continue;
    if (/^(127\.0\.0\.1|\[::1\]|\[::ffff:127\.0\.0\.1\]):/.test(local)) continue;
    ports.add(Number(m[1]));
  }
  return [...ports].sort((a, b) => (a === 8080 ? -1 : b === 8080 ? 1 : a - b));
}

/** The output of vipProbeScript -> answered? */
export function vipAnsweredFrom(out: string): boolean | undefined {
  if (/^ping=0$/m.test(out) || /^arping=0$/m.test(out)) return true;
  const neigh = /^neigh=(.*)$/m.exec(out)?.[1] ?? '';
  if (/lladdr/.test(neigh) && !/FAILED|INCOMPLETE/.test(neigh)) return true;
  if (/^ping=127$/m.test(out) && !/^arping=[01]$/m.test(out)) return undefined;
  return false;
}

export function vipProbeScript(vip: string, iface: string): ShellCommand {
  return joinCommands([
    cmd`if command -v ping >/dev/null 2>&1; then ping -c 2 -W 1 ${vip} >/dev/null 2>&1; echo ping=$?; else echo ping=127; fi`,
    cmd`if command -v arping >/dev/null 2>&1; then arping -c 2 -w 2 -I ${iface} ${vip} >/dev/null 2>&1; echo arping=$?; fi`,
    cmd`echo "neigh=$(ip neigh show ${vip} dev ${iface} 2>/dev/null | head -n 1)"`,
  ]);
}

export function httpStatusScript(port: number, path: string): ShellCommand {
  const url = `http://127.0.0.1:${port}${path}`;
  const viaBash = cmd`exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET %s HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' ${path} >&3 && head -n 1 <&3`;
  return joinCommands([
    cmd`if command -v curl >/dev/null 2>&1; then`,
    cmd`  curl -s -o /dev/null -w 'status=%{http_code}\\n' --max-time 3 ${url}; echo curl=$?`,
    cmd`elif command -v bash >/dev/null 2>&1; then`,
    cmd`  timeout 3 bash -c ${viaBash.text} | sed -n 's/^HTTP\\/[0-9.]* \\([0-9][0-9][0-9]\\).*/status=\\1/p'`,
    cmd`else echo nohttp; fi`,
  ]);
}

export function httpStatusFrom(out: string): Omit<HealthResult, 'host'> {
  const m = /^status=(\d{3})$/m.exec(out);
  if (m && m[1] !== '000') return { status: Number(m[1]) };
  const say = t().init.check;
  if (/nohttp/.test(out)) return { error: say.httpNeitherCurlNorBash };
  const curl = /^curl=(\d+)$/m.exec(out)?.[1];
  const why: Record<string, string> = { '7': say.httpConnectionRefused, '28': say.httpTimedOut };
  return { error: curl ? (why[curl] ?? say.httpCurlExit({ code: curl })) : say.httpNoAnswer };
}

function remoteInitHost(remote: RemoteHost, facts: HostFacts, hostname: string, ip: string, tomcatPorts: number[]): InitHost {
  return {
    facts,
    hostname,
    ip,
    tomcatPorts,
    async vipAnswers(vip, iface) {
      const r = await remote.run(vipProbeScript(vip, iface), { timeoutMs: 15_000 });
      return r.code === 0 ? vipAnsweredFrom(r.stdout) : undefined;
    },
    listen: (seconds) => listenForAdverts(remote, seconds),
    async httpStatus(port, path) {
      const r = await remote.run(httpStatusScript(port, path), { timeoutMs: 15_000 });
      return httpStatusFrom(r.stdout);
    },
    close: () => remote.close(),
  };
}

export interface SshInitIO extends InitIO {
  /** closes every connection opened (always call it, also after an error or Ctrl-C) */
  closeAll(): Promise<void>;
}

export function sshInitIO(opts: { env?: NodeJS.ProcessEnv; reporter?: Reporter; timeoutSeconds?: number } = {}): SshInitIO {
  const env = opts.env ?? process.env;
  const home = os.homedir();
  const open: InitHost[] = [];
  const timeout = opts.timeoutSeconds ?? 10;
  return {
    env,
    async readKnownHosts(file) {
      try {
        return await fs.readFile(expandHome(file, home), 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
        throw e;
      }
    },
    fetchHostKey: (address, port) => fetchHostKey(address, port, timeout * 1000),
    async readable(file) {
      try {
        await fs.access(expandHome(file, home), fs.constants.R_OK);
        return (await fs.stat(expandHome(file, home))).isFile();
      } catch {
        return false;
      }
    },
    async exists(file) {
      try {
        await fs.stat(expandHome(file, home));
        return true;
      } catch {
        return false;
      }
    },
    async connect(spec) {
      const host: Host = {
        name: spec.name,
        address: spec.address,
        role: 'backup',
        priority: 100,
        ssh: {
          user: spec.user,
          port: spec.port,
          key: spec.auth.kind === 'key' ? spec.auth.key : undefined,
          agent: spec.auth.kind === 'agent',
          knownHosts: '/dev/null',
          fingerprint: spec.fingerprint,
          sudo: spec.sudo,
          connectTimeoutSeconds: timeout,
        },
      };
      const remote = await connectHost(host, { env, homeDir: home, reporter: opts.reporter ?? silentReporter });
      try {
        const facts = await gatherFacts(remote, []);
        const extra = await remote.run(cmd`hostname; echo @@ss; ss -Hltnp 2>/dev/null`, { timeoutMs: 15_000 });
        const [hostname = '', ss = ''] = extra.stdout.split('@@ss\n');
        let ip = spec.address;
        if (!/^[\d.]+$/.test(ip)) ip = (await lookup(spec.address, { family: 4 }).catch(() => ({ address: spec.address }))).address;
        const h = remoteInitHost(remote, facts, hostname.trim(), ip, tomcatPortsFromSs(ss));
        open.push(h);
        return h;
      } catch (e) {
        await remote.close();
        throw e;
      }
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((h) => h.close().catch(() => undefined)));
    },
  };
}
