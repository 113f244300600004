// The goodbye after a crash (templates/goodbye.pl.hbs, src/deploy/planners/goodbye.ts): the script is run for
// real with this machine's perl in --dry-run mode, and the bytes it would send are checked against packets
// built here independently (RFC 1071 checksum, RFC 3768 / RFC 5798 layouts). The checksum code itself is
// anchored to an advert keepalived 2.2.7 sent in the lab.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goodbyeData, goodbyeExecLine, renderGoodbyeScript, type GoodbyeData } from '../../../src/deploy/planners/goodbye.js';
import { hostOf } from '../../../src/deploy/planners/host.js';
import { vrrpSettings } from '../../../src/deploy/planners/vrrp.js';
import { parseFacts } from '../../../src/facts/gather.js';
import type { HostFacts } from '../../../src/facts/types.js';
import { labCluster } from '../../fixtures/lab-cluster.js';

const lab: HostFacts = parseFacts(readFileSync(path.join(import.meta.dirname, '..', 'facts', 'fixtures', 'debian12-lab.txt'), 'utf8'));

/** RFC 1071: the ones' complement of the ones' complement sum of 16-bit words. */
function internetChecksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 2) sum += (data[i]! << 8) + (i + 1 < data.length ? data[i + 1]! : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}
const ip4 = (a: string) => Buffer.from(a.split('.').map(Number));
const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);

/** The advert as the RFCs lay it out, priority 0, IP ID 0 (the kernel fills it in). */
function expectedPacket(d: GoodbyeData, dst: string): Buffer {
  const addrs = Buffer.concat(d.vips.map((v) => ip4(v.address)));
  let vrrp: Buffer;
  if (d.version === 3) {
    vrrp = Buffer.concat([Buffer.from([0x31, d.vrid, 0, d.vips.length]), u16(d.adverInt), u16(0), addrs]);
    const pseudo = Buffer.concat([ip4(d.src), ip4(dst), Buffer.from([0, 112]), u16(vrrp.length)]);
    vrrp.writeUInt16BE(internetChecksum(Buffer.concat([pseudo, vrrp])), 6);
  } else {
    const auth = Buffer.alloc(8);
    if (d.authHex) Buffer.from(d.authHex, 'hex').copy(auth);
    vrrp = Buffer.concat([Buffer.from([0x21, d.vrid, 0, d.vips.length, d.authHex ? 1 : 0, d.adverInt]), u16(0), addrs, auth]);
    vrrp.writeUInt16BE(internetChecksum(vrrp), 6);
  }
  const ip = Buffer.concat([Buffer.from([0x45, 0xc0]), u16(20 + vrrp.length), u16(0), u16(0), Buffer.from([255, 112]), u16(0), ip4(d.src), ip4(dst)]);
  ip.writeUInt16BE(internetChecksum(ip), 10);
  return Buffer.concat([ip, vrrp]);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'hasetup-goodbye-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Runs the rendered script with --dry-run, reading `fib` in place of /proc/net/fib_trie (where it learns whether
 * a VIP is local); `result` is systemd's $SERVICE_RESULT (undefined: a systemd too old to set it).
 */
function dryRun(d: GoodbyeData, fib: string, result: string | undefined): { said: string[]; packets: Record<string, string> } {
  const script = path.join(tmp, 'goodbye.pl');
  writeFileSync(script, renderGoodbyeScript(d));
  const fibFile = path.join(tmp, 'fib_trie');
  writeFileSync(fibFile, fib);
  const { SERVICE_RESULT: _drop, ...env } = process.env;
  const out = execFileSync('perl', [script, '--dry-run', fibFile], {
    env: { ...env, ...(result === undefined ? {} : { SERVICE_RESULT: result }) },
    encoding: 'utf8',
  });
  const said: string[] = [];
  const packets: Record<string, string> = {};
  for (const line of out.trim().split('\n')) {
    const m = /^(\d+\.\d+\.\d+\.\d+) ([0-9a-f]+)$/.exec(line);
    if (m) packets[m[1]!] = m[2]!;
    else said.push(line);
  }
  return { said, packets };
}

/** /proc/net/fib_trie of the lab's master (keepalived 2.2.7 holding the VIP 198.18.2.100), as recorded: its local table. */
const HELD = `Local:
  +-- 0.0.0.0/0 2 0 2
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 198.18.2.0/24 2 0 1
        +-- 198.18.2.0/28 2 0 2
           |-- 198.18.2.0
              /24 link UNICAST
           |-- 198.18.2.11
              /32 host LOCAL
        |-- 198.18.2.100
           /32 host LOCAL
        |-- 198.18.2.255
           /32 link BROADCAST
`;
/** The same host without the VIP (a BACKUP): its "/32 host LOCAL" entries gone. */
const NOT_HELD = HELD.replace(/ *\|-- 198\.18\.2\.100\n *\/32 host LOCAL\n/g, '');

const v3unicast: GoodbyeData = {
  cluster: 'gbx',
  version: 3,
  vrid: 52,
  adverInt: 10,
  src: '198.18.2.11',
  dsts: ['198.18.2.12', '198.18.2.13'],
  vips: [{ address: '198.18.2.100', dev: 'eth0' }],
  authHex: null,
};

describe('the checksum this test trusts', () => {
  it('gives what keepalived 2.2.7 put in a real advert (lab, v3 unicast 198.18.2.11 -> .12, VRID 52, priority 150)', () => {
    const captured = Buffer.from('45c00020289a0000ff7001d8c612020bc612020c31349601000adf90c6120264', 'hex');
    const vrrp = Buffer.from(captured.subarray(20));
    vrrp.writeUInt16BE(0, 6);
    const pseudo = Buffer.concat([captured.subarray(12, 16), captured.subarray(16, 20), Buffer.from([0, 112]), u16(vrrp.length)]);
    expect(internetChecksum(Buffer.concat([pseudo, vrrp]))).toBe(0xdf90);
    const ipHeader = Buffer.from(captured.subarray(0, 20));
    ipHeader.writeUInt16BE(0, 10);
    expect(internetChecksum(ipHeader)).toBe(0x01d8);
  });
});

describe('goodbye.pl: the bytes it sends', () => {
  it('VRRPv3 unicast: one advert per peer, each checksum over its own pseudo-header', () => {
    const { packets } = dryRun(v3unicast, HELD, 'signal');
    expect(Object.keys(packets)).toEqual(['198.18.2.12', '198.18.2.13']);
    for (const dst of v3unicast.dsts) expect(packets[dst], dst).toBe(expectedPacket(v3unicast, dst).toString('hex'));
    // the VRRP checksums (bytes 26-27) differ: the pseudo-header's destination is each peer
    expect(packets['198.18.2.12']!.slice(52, 56)).not.toBe(packets['198.18.2.13']!.slice(52, 56));
    // Priority 0, TTL 255, protocol 112, TOS 0xc0, as keepalived's own adverts (the captured one above).
    const p = Buffer.from(packets['198.18.2.12']!, 'hex');
    expect([p[1], p[8], p[9], p[20], p[21], p[22]]).toEqual([0xc0, 255, 112, 0x31, 52, 0]);
  });

  it('VRRPv3 multicast to 224.0.0.18, two VIPs, 0.03 s = 3 cs', () => {
    const d: GoodbyeData = { ...v3unicast, adverInt: 3, dsts: ['224.0.0.18'], vips: [...v3unicast.vips, { address: '198.18.2.101', dev: 'eth0' }] };
    const { packets } = dryRun(d, HELD, 'exit-code');
    expect(packets).toEqual({ '224.0.0.18': expectedPacket(d, '224.0.0.18').toString('hex') });
    expect(packets['224.0.0.18']!.slice(40, 48)).toBe('31340002');
  });

  it('VRRPv2 with auth_type PASS: the password in the 8 auth bytes, checksum over the VRRP message alone', () => {
    const d: GoodbyeData = { ...v3unicast, version: 2, adverInt: 1, dsts: ['224.0.0.18'], authHex: Buffer.from('s3cr$t').toString('hex') };
    const { packets } = dryRun(d, HELD, 'core-dump');
    const hex = packets['224.0.0.18']!;
    expect(hex).toBe(expectedPacket(d, '224.0.0.18').toString('hex'));
    expect(Buffer.from(hex, 'hex').subarray(-8).toString('latin1')).toBe('s3cr$t\0\0');
    expect(hex.slice(40, 52)).toBe('213400010101');
  });

  it('VRRPv2 without authentication: auth type 0 and 8 zero bytes (keepalived always sends them with v2)', () => {
    const d: GoodbyeData = { ...v3unicast, version: 2, adverInt: 2 };
    const { packets } = dryRun(d, HELD, 'timeout');
    expect(packets['198.18.2.13']).toBe(expectedPacket(d, '198.18.2.13').toString('hex'));
    expect(packets['198.18.2.13']!.endsWith('0000000000000000')).toBe(true);
  });
});

describe('goodbye.pl: when it sends nothing', () => {
  it('after a graceful stop (SERVICE_RESULT=success): keepalived sent its own goodbye', () => {
    const r = dryRun(v3unicast, HELD, 'success');
    expect(r.packets).toEqual({});
    expect(r.said.join('\n')).toMatch(/graceful stop/);
  });

  it('on a host that was not MASTER: no VIP on the interface', () => {
    const r = dryRun(v3unicast, NOT_HELD, 'signal');
    expect(r.packets).toEqual({});
    expect(r.said.join('\n')).toMatch(/not MASTER/);
    expect(NOT_HELD).not.toContain('198.18.2.100');
    // a route to the VIP that is not a local address (the backup's subnet route, a broadcast) is not holding it
    expect(dryRun(v3unicast, NOT_HELD.replace('|-- 198.18.2.255', '|-- 198.18.2.100'), 'signal').packets).toEqual({});
  });

  it('with a systemd too old for $SERVICE_RESULT the VIP alone decides (keepalived removes it whenever it stops cleanly)', () => {
    expect(Object.keys(dryRun(v3unicast, HELD, undefined).packets)).toHaveLength(2);
    expect(dryRun(v3unicast, NOT_HELD, undefined).packets).toEqual({});
  });
});

describe('the planner: what the script is told', () => {
  it('unicast: unicast_src_ip and every peer; VRRPv3 interval in centiseconds', () => {
    const c = labCluster();
    const h = hostOf(c, 'ha1');
    const d = goodbyeData({ cluster: c, facts: lab, iface: 'host0', vrrp: vrrpSettings(c, h, lab, 'host0', {}, []) });
    expect(d).toEqual({
      cluster: 'web',
      version: 3,
      vrid: 51,
      adverInt: 10,
      src: '198.18.0.11',
      dsts: ['198.18.0.12'],
      vips: [{ address: '198.18.0.100', dev: 'host0' }],
      authHex: null,
    });
  });

  it('multicast v2 with a password: the group, the interface\'s first address, the password in hex', () => {
    const c = labCluster({ vrrp: { version: 2, advert_int: 1, unicast: false, auth: { pass_env: 'P' } } });
    const h = hostOf(c, 'ha1');
    const d = goodbyeData({ cluster: c, facts: lab, iface: 'host0', vrrp: vrrpSettings(c, h, lab, 'host0', { authPass: 'a$b' }, []) });
    expect(d).toMatchObject({ version: 2, adverInt: 1, src: '198.18.0.11', dsts: ['224.0.0.18'], authHex: '612462' });
  });

  it('multicast without an IPv4 address on the interface: no goodbye (nothing to send it from)', () => {
    const c = labCluster({ vrrp: { unicast: false } });
    const bare = { ...lab, interfaces: [{ name: 'host0', addresses: [] }] };
    expect(goodbyeData({ cluster: c, facts: bare, iface: 'host0', vrrp: vrrpSettings(c, hostOf(c, 'ha1'), bare, 'host0', {}, []) })).toBeNull();
  });

  it('the drop-in runs it with perl, failure ignored (the VIP removal after it must run anyway)', () => {
    expect(goodbyeExecLine('web')).toBe('-/usr/bin/perl /usr/libexec/hasetup/goodbye_web.pl');
  });
});
