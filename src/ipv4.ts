// IPv4 addresses and subnets, as numbers (not bit operations: JS bit operations are signed 32-bit). The one
// place the inventory checks, init and the deploy plan parse addresses.

/** Dotted quad, each part 0-255 without leading zeros (a leading zero would be octal to inet_aton). */
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export interface Subnet {
  address: string;
  prefix: number;
}

export function isIpv4(s: string): boolean {
  return IPV4.test(s);
}

export function ipv4ToNumber(a: string): number {
  return a.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** The address part of `address/prefix` (the whole string when it has no prefix). */
export function addressOf(cidr: string): string {
  return cidr.split('/')[0] ?? '';
}

/** First address and size of the prefix's block. */
export function subnetOf(address: string, prefix: number): { first: number; size: number } {
  const size = 2 ** (32 - prefix);
  return { first: Math.floor(ipv4ToNumber(address) / size) * size, size };
}

export function inSubnet(address: string, net: Subnet): boolean {
  const s = subnetOf(net.address, net.prefix);
  const a = ipv4ToNumber(address);
  return a >= s.first && a < s.first + s.size;
}

export function subnetsOverlap(a: Subnet, b: Subnet): boolean {
  const wider = a.prefix <= b.prefix ? a : b;
  const narrower = wider === a ? b : a;
  return inSubnet(narrower.address, wider);
}
