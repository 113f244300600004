import { describe, expect, it } from 'vitest';
import {
  checkBackupPriority,
  checkHealth,
  checkInterface,
  checkVip,
  checkVrid,
  interfaceHolding,
  suggestHostName,
  suggestVrid,
  timingBounds,
} from '../../../src/init/checks.js';
import { httpStatusFrom, tomcatPortsFromSs, vipAnsweredFrom } from '../../../src/init/io.js';
import { facts } from '../../fixtures/init.js';

const hosts = [
  { name: 'node1', address: '198.18.1.11', interface: 'eth0', facts: facts('198.18.1.11', [{ name: 'eth1', addresses: ['10.0.0.11/16'] }]) },
  { name: 'node2', address: '198.18.1.12', interface: 'eth0', facts: facts('198.18.1.12') },
];

describe('checkVip', () => {
  it('takes a free address and adds the subnet prefix', () => {
    expect(checkVip('198.18.1.100', hosts)).toEqual({ ok: true, cidr: '198.18.1.100/24' });
    expect(checkVip('198.18.1.100/24', hosts)).toEqual({ ok: true, cidr: '198.18.1.100/24' });
  });
  it('rejects an address outside the subnet, naming the hosts', () => {
    const r = checkVip('10.0.0.100', hosts);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/not in the subnet of node1 eth0 \(198\.18\.1\.11\/24\), node2/);
  });
  it("rejects a host's own address (on any interface)", () => {
    expect(checkVip('198.18.1.12', hosts)).toEqual({ ok: false, message: expect.stringMatching(/already an address of node2/) as unknown });
  });
  it('rejects the network and broadcast address, a wrong prefix and garbage', () => {
    expect(checkVip('198.18.1.255', hosts)).toMatchObject({ ok: false, message: expect.stringMatching(/broadcast/) as unknown });
    expect(checkVip('198.18.1.0', hosts)).toMatchObject({ ok: false, message: expect.stringMatching(/network/) as unknown });
    expect(checkVip('198.18.1.100/16', hosts)).toMatchObject({ ok: false, message: expect.stringMatching(/use \/24/) as unknown });
    expect(checkVip('198.18.1.300', hosts)).toMatchObject({ ok: false, message: expect.stringMatching(/expected an IPv4/) as unknown });
  });
});

describe('interfaces', () => {
  const f = facts('198.18.1.11', [{ name: 'eth1', addresses: ['fe80::1/64'] }]);
  it('defaults to the interface holding the address', () => {
    expect(interfaceHolding(f, '198.18.1.11')).toBe('eth0');
    expect(interfaceHolding(f, '192.0.2.1')).toBeUndefined();
  });
  it('rejects an interface from another machine, and one without IPv4', () => {
    expect(checkInterface(f, 'ens3', 'node1')).toBe('node1 has no interface ens3; it has eth0');
    expect(checkInterface(f, 'eth1', 'node1')).toMatch(/no IPv4 address/);
    expect(checkInterface(f, 'eth0', 'node1')).toBe(true);
  });
});

describe('VRID', () => {
  const heard = [{ source: '198.18.1.50', vrid: 51, priority: 100, version: 3 }];
  it('suggests one not heard on the segment', () => {
    expect(suggestVrid([])).toBe(51);
    expect(suggestVrid([51, 52])).toBe(53);
  });
  it('rejects one heard, naming who sends it', () => {
    expect(checkVrid('51', heard)).toMatch(/VRID 51 is in use on this segment \(adverts from 198\.18\.1\.50\).*such as 52/);
    expect(checkVrid('0', heard)).toMatch(/1 to 255/);
    expect(checkVrid('52', heard)).toBe(true);
  });
});

describe('priorities, health, names, bounds', () => {
  it('keeps backups below the master and at 1 or more', () => {
    expect(checkBackupPriority('150', 150, 1)).toMatch(/below the master's 150/);
    expect(checkBackupPriority('1', 150, 2)).toMatch(/must stay at 1 or more/);
    expect(checkBackupPriority('100', 150, 1)).toBe(true);
  });
  it('needs the expected status from every host', () => {
    expect(checkHealth([{ host: 'node1', status: 200 }, { host: 'node2', status: 200 }], 'u', 200)).toBe(true);
    expect(checkHealth([{ host: 'node1', status: 404 }, { host: 'node2', error: 'connection refused' }], 'http://x/', 200)).toBe(
      'http://x/ did not answer 200 on every host (node1: status 404; node2: no answer (connection refused)): fix the path, the port or the expected status, or start Tomcat',
    );
  });
  it('names hosts from their hostname', () => {
    expect(suggestHostName('Web-01.example.com', 0, [])).toBe('web-01');
    expect(suggestHostName('node1', 1, ['node1'])).toBe('node2');
  });
  it('shows each preset with its failover bound', () => {
    expect(timingBounds('fast', 150, 100)).toMatchObject({ crash: 0.361, stop: 0.061 });
    expect(timingBounds('conservative', 150, 100).crash).toBe(3.609);
  });
});

describe('remote output parsing', () => {
  it('finds the Tomcat port in ss output, leaving out the shutdown port', () => {
    const ss = [
      'LISTEN 0 100 *:8080 *:* users:(("java",pid=100,fd=40))',
      'LISTEN 0 1 [::ffff:127.0.0.1]:8005 *:* users:(("java",pid=100,fd=50))',
      'LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=1,fd=3))',
    ].join('\n');
    expect(tomcatPortsFromSs(ss)).toEqual([8080]);
  });
  it('reads whether the VIP answered', () => {
    expect(vipAnsweredFrom('ping=0\nneigh=')).toBe(true);
    expect(vipAnsweredFrom('ping=1\nneigh=198.18.1.5 lladdr 02:00:00:00:00:01 REACHABLE')).toBe(true);
    expect(vipAnsweredFrom('ping=1\nneigh=198.18.1.5 FAILED')).toBe(false);
    expect(vipAnsweredFrom('ping=127\nneigh=')).toBeUndefined();
  });
  it('reads the HTTP status', () => {
    expect(httpStatusFrom('status=200\ncurl=0')).toEqual({ status: 200 });
    expect(httpStatusFrom('status=000\ncurl=7')).toEqual({ error: 'connection refused' });
  });
});
