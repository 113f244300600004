import { describe, expect, it } from 'vitest';
import { addressOf, inSubnet, ipv4ToNumber, isIpv4, numberToIpv4, subnetOf, subnetsOverlap } from '../../src/ipv4.js';

describe('ipv4', () => {
  it('accepts dotted quads 0-255 and refuses the rest, leading zeros included (octal to inet_aton)', () => {
    for (const a of ['0.0.0.0', '198.18.1.11', '255.255.255.255', '10.0.0.1']) expect(isIpv4(a), a).toBe(true);
    for (const a of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '010.1.1.1', '01.2.3.4', '1.2.3.4/24', 'node1', '', ' 1.2.3.4']) expect(isIpv4(a), a).toBe(false);
  });

  it('converts to and from numbers above 2^31 (no signed bit operations)', () => {
    expect(ipv4ToNumber('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(numberToIpv4(ipv4ToNumber('198.18.1.100'))).toBe('198.18.1.100');
    expect(numberToIpv4(2 ** 32 - 1)).toBe('255.255.255.255');
  });

  it('finds subnets and membership', () => {
    expect(subnetOf('198.18.1.100', 24)).toEqual({ first: ipv4ToNumber('198.18.1.0'), size: 256 });
    expect(inSubnet('198.18.1.11', { address: '198.18.1.100', prefix: 24 })).toBe(true);
    expect(inSubnet('198.18.2.11', { address: '198.18.1.100', prefix: 24 })).toBe(false);
    expect(inSubnet('200.1.1.1', { address: '198.18.1.100', prefix: 0 })).toBe(true);
    expect(subnetsOverlap({ address: '198.18.0.0', prefix: 15 }, { address: '198.19.4.1', prefix: 24 })).toBe(true);
    expect(subnetsOverlap({ address: '198.18.1.0', prefix: 24 }, { address: '198.18.2.0', prefix: 24 })).toBe(false);
  });

  it('takes the address out of address/prefix', () => {
    expect(addressOf('198.18.1.100/24')).toBe('198.18.1.100');
    expect(addressOf('198.18.1.100')).toBe('198.18.1.100');
  });
});
