// Shared test data for init: facts of two lab-like hosts and a fake InitIO (no network).
import { createHash } from 'node:crypto';
import type { HostFacts } from '../../../src/facts/types.js';
import type { AdvertSeen } from '../../../src/facts/vrrp-listen.js';
import type { InitHost, InitIO, LoginSpec } from '../../../src/init/io.js';
import type { HealthResult } from '../../../src/init/checks.js';

export function facts(ip: string, extra: { name: string; addresses: string[] }[] = []): HostFacts {
  return {
    os: { id: 'debian', idLike: '', versionId: '12', family: 'debian' },
    packageManager: 'apt',
    initSystem: 'systemd',
    isRoot: true,
    interfaces: [{ name: 'lo', addresses: ['127.0.0.1/8'] }, { name: 'eth0', addresses: [`${ip}/24`] }, ...extra],
    keepalived: { installed: true, version: '2.2.7', active: false, enabled: false },
    tomcat: { service: 'tomcat10', active: true, execStop: [] },
    firewall: 'none',
    firewallRules: '',
    selinux: 'disabled',
    selinuxBooleans: {},
    virtualization: 'none',
    scriptUserExists: false,
    tools: { curl: true, bash: true },
    units: {},
    files: {},
  };
}

/** An ed25519-looking key blob for a host (type name + 32 bytes). */
export function keyBlob(seed: string): Buffer {
  const name = Buffer.from('ssh-ed25519');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(name.length);
  const klen = Buffer.alloc(4);
  klen.writeUInt32BE(32);
  return Buffer.concat([len, name, klen, createHash('sha256').update(seed).digest()]);
}

export interface FakeWorld {
  hosts: Record<string, { hostname: string; facts: HostFacts; http?: Record<string, number> }>;
  /** addresses that answer ping */
  busy?: string[];
  adverts?: AdvertSeen[];
  knownHosts?: string;
  files?: string[];
  connectError?: Record<string, Error>;
}

export function fakeIO(w: FakeWorld): InitIO & { connected: LoginSpec[] } {
  const connected: LoginSpec[] = [];
  return {
    connected,
    env: {},
    readKnownHosts: () => Promise.resolve(w.knownHosts ?? ''),
    fetchHostKey: (address) => {
      if (!w.hosts[address]) return Promise.reject(new Error(`connection refused by ${address} port 22`));
      const blob = keyBlob(address);
      const fingerprint = 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
      return Promise.resolve({ keyType: 'ssh-ed25519', keyBlob: blob, fingerprint });
    },
    readable: (f) => Promise.resolve(f === '~/.ssh/id_ed25519' || (w.files ?? []).includes(f)),
    exists: (f) => Promise.resolve((w.files ?? []).includes(f)),
    connect(spec) {
      const err = w.connectError?.[spec.address];
      if (err) return Promise.reject(err);
      connected.push(spec);
      const h = w.hosts[spec.address]!;
      const host: InitHost = {
        facts: h.facts,
        hostname: h.hostname,
        ip: spec.address,
        tomcatPorts: [8080],
        vipAnswers: (vip) => Promise.resolve((w.busy ?? []).includes(vip)),
        listen: () => Promise.resolve(w.adverts ?? []),
        httpStatus: (port, path): Promise<Omit<HealthResult, 'host'>> => {
          const s = h.http?.[`${port}${path}`] ?? (port === 8080 && path === '/' ? 200 : undefined);
          return Promise.resolve(s === undefined ? { error: 'connection refused' } : { status: s });
        },
        close: () => Promise.resolve(),
      };
      return Promise.resolve(host);
    },
  };
}

export const lab: FakeWorld = {
  hosts: {
    '198.18.1.11': { hostname: 'node1', facts: facts('198.18.1.11') },
    '198.18.1.12': { hostname: 'node2', facts: facts('198.18.1.12') },
  },
  busy: ['198.18.1.1'],
  adverts: [{ source: '198.18.1.50', vrid: 51, priority: 100, version: 3 }],
};
