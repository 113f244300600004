// What a failed connection says: each kind of failure in words, with what to check.
import { describe, expect, it } from 'vitest';
import { host } from '../../fixtures/ssh-host.js';
import { describeConnectError } from '../../../src/remote/ssh.js';


describe('describeConnectError', () => {
  const cases: [unknown, RegExp, RegExp][] = [
    [Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }), /authentication failed for user admin with key \/k/, /authorized_keys on web1/],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), /connection refused by 192\.0\.2\.11 port 2222/, /sshd is running/],
    [Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }), /no SSH answer from 192\.0\.2\.11 port 2222 within 3 s/, /connect_timeout/],
    [Object.assign(new Error('connect EHOSTUNREACH'), { code: 'EHOSTUNREACH' }), /unreachable \(EHOSTUNREACH\)/, /route/],
    [Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }), /cannot resolve 192\.0\.2\.11/, /IP address/],
    [new Error('Connection lost before handshake'), /failed before the SSH handshake/, /routed from here/],
  ];
  it.each(cases)('%s', (err, message, hint) => {
    const d = describeConnectError(err, host, 'key /k');
    expect(d.message).toMatch(message);
    expect(d.hint).toMatch(hint);
  });
});
