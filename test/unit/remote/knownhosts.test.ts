import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fingerprintOf,
  hashHostName,
  keyTypeOfBlob,
  knownHostsName,
  knownKeyTypes,
  matchHostPatterns,
  matchPattern,
  normaliseFingerprint,
  parseKnownHosts,
  verifyHostKey,
} from '../../../src/remote/knownhosts.js';

interface Key {
  type: string;
  b64: string;
  blob: Buffer;
  pubFile: string;
}

let dir: string;
let k1: Key; // the host's real key
let k2: Key; // another key of the same type (an impostor, or a reinstalled server)
let rsa: Key;

function makeKey(name: string, type: 'ed25519' | 'rsa'): Key {
  const file = path.join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'rsa' ? ['-b', '2048'] : []), '-N', '', '-C', name, '-f', file]);
  const [keyType = '', b64 = ''] = fs.readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/);
  return { type: keyType, b64, blob: Buffer.from(b64, 'base64'), pubFile: `${file}.pub` };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hasetup-kh-'));
  k1 = makeKey('k1', 'ed25519');
  k2 = makeKey('k2', 'ed25519');
  rsa = makeKey('rsa', 'rsa');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const verify = (knownHostsText: string, key: Key, host = '10.0.0.5', port = 22, pinnedFingerprint?: string) =>
  verifyHostKey({ knownHostsText, host, port, keyType: key.type, keyBlob: key.blob, pinnedFingerprint });

describe('fingerprintOf', () => {
  it('matches what ssh-keygen -lf prints', () => {
    for (const k of [k1, k2, rsa]) {
      const out = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', k.pubFile], { encoding: 'utf8' });
      const printed = out.split(/\s+/)[1];
      expect(printed).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(fingerprintOf(k.blob)).toBe(printed);
    }
  });

  it('reads the key type out of the blob', () => {
    expect(keyTypeOfBlob(k1.blob)).toBe('ssh-ed25519');
    expect(keyTypeOfBlob(rsa.blob)).toBe('ssh-rsa');
    expect(keyTypeOfBlob(Buffer.from([0, 0]))).toBeUndefined();
  });

  it('normalises pinned fingerprints (prefix optional, padding ignored)', () => {
    const fp = fingerprintOf(k1.blob);
    expect(normaliseFingerprint(fp)).toBe(fp);
    expect(normaliseFingerprint(fp.slice('SHA256:'.length) + '=')).toBe(fp);
  });
});

describe('patterns', () => {
  it('matches wildcards, case-insensitively', () => {
    expect(matchPattern('web1.example.com', '*.example.com')).toBe(true);
    expect(matchPattern('WEB1.Example.com', '*.example.COM')).toBe(true);
    expect(matchPattern('10.0.0.5', '10.0.0.?')).toBe(true);
    expect(matchPattern('10.0.0.55', '10.0.0.?')).toBe(false);
    expect(matchPattern('10.0.0.5', '10.0.0.5')).toBe(true);
    expect(matchPattern('10x0x0x5', '10.0.0.5')).toBe(false); // dots are literal
    expect(matchPattern('[10.0.0.5]:2222', '[10.0.0.*]:2222')).toBe(true);
  });

  it('honours negations in a comma list', () => {
    expect(matchHostPatterns('10.0.0.5', ['10.0.0.*', '!10.0.0.5'])).toBe(false);
    expect(matchHostPatterns('10.0.0.6', ['10.0.0.*', '!10.0.0.5'])).toBe(true);
    expect(matchHostPatterns('10.0.0.6', ['!10.0.0.5'])).toBe(false); // a negation alone never matches
  });

  it('names non-standard ports as [host]:port', () => {
    expect(knownHostsName('Host.Example', 22)).toBe('host.example');
    expect(knownHostsName('10.0.0.5', 2222)).toBe('[10.0.0.5]:2222');
  });
});

describe('parseKnownHosts', () => {
  it('reads markers, comma lists, hashed entries and skips comments and junk', () => {
    const text = [
      '# a comment',
      '',
      `web1,10.0.0.5 ${k1.type} ${k1.b64} comment words`,
      `@revoked * ${k2.type} ${k2.b64}`,
      `@cert-authority *.example.com ${rsa.type} ${rsa.b64}`,
      `${hashHostName('10.0.0.9', randomBytes(20))} ${k1.type} ${k1.b64}`,
      '@bogus host ssh-ed25519 AAAA',
      'only-two fields',
      `badkey ${k1.type} !!!notbase64`,
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries.map((e) => [e.line, e.marker ?? '', e.patterns?.join(',') ?? 'hashed'])).toEqual([
      [3, '', 'web1,10.0.0.5'],
      [4, 'revoked', '*'],
      [5, 'cert-authority', '*.example.com'],
      [6, '', 'hashed'],
    ]);
    expect(entries[0]!.keyBlob.equals(k1.blob)).toBe(true);
  });
});

describe('verifyHostKey', () => {
  it('accepts the known key and refuses an unknown host, with the fingerprint', () => {
    const text = `10.0.0.5 ${k1.type} ${k1.b64}\n`;
    expect(verify(text, k1)).toMatchObject({ ok: true, via: 'known_hosts', keyType: 'ssh-ed25519' });
    const r = verify(text, k1, '10.0.0.6');
    expect(r).toMatchObject({ ok: false, reason: 'unknown', fingerprint: fingerprintOf(k1.blob), keyType: 'ssh-ed25519' });
    expect(verify('', k1)).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('reports a CHANGED key (same type, other blob) with the line numbers', () => {
    const text = `# header\n10.0.0.5 ${k1.type} ${k1.b64}\n`;
    expect(verify(text, k2)).toMatchObject({ ok: false, reason: 'changed', lines: [2], fingerprint: fingerprintOf(k2.blob) });
  });

  it('treats a host known only with other key types as unknown and says which types', () => {
    const text = `10.0.0.5 ${rsa.type} ${rsa.b64}\n`;
    expect(verify(text, k1)).toMatchObject({ ok: false, reason: 'unknown', knownTypes: ['ssh-rsa'] });
    expect(knownKeyTypes(text, '10.0.0.5', 22)).toEqual(['ssh-rsa']);
  });

  it('matches hashed entries generated as ssh-keygen -H does (HMAC-SHA1 of the host name)', () => {
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update('10.0.0.5').digest('base64');
    const line = `|1|${salt.toString('base64')}|${hash} ${k1.type} ${k1.b64}`;
    expect(hashHostName('10.0.0.5', salt)).toBe(line.split(' ')[0]);
    expect(verify(line, k1)).toMatchObject({ ok: true });
    expect(verify(line, k2)).toMatchObject({ ok: false, reason: 'changed' });
    expect(verify(line, k1, '10.0.0.6')).toMatchObject({ ok: false, reason: 'unknown' });
    // hashed with the port form
    const ported = `${hashHostName('[10.0.0.5]:2222', salt)} ${k1.type} ${k1.b64}`;
    expect(verify(ported, k1, '10.0.0.5', 2222)).toMatchObject({ ok: true });
    expect(verify(ported, k1, '10.0.0.5', 22)).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('hashes exactly like ssh-keygen -H', () => {
    const file = path.join(dir, 'known_hosts_h');
    fs.writeFileSync(file, `10.0.0.5 ${k1.type} ${k1.b64}\n[10.0.0.5]:2200 ${k2.type} ${k2.b64}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('10.0.0.5');
    expect(verify(text, k1)).toMatchObject({ ok: true });
    expect(verify(text, k2, '10.0.0.5', 2200)).toMatchObject({ ok: true });
    expect(verify(text, k2)).toMatchObject({ ok: false, reason: 'changed' });
  });

  it('keeps ports apart: [host]:port entries only match that port, bare entries only port 22', () => {
    const text = `[10.0.0.5]:2222 ${k1.type} ${k1.b64}\n10.0.0.5 ${k2.type} ${k2.b64}\n`;
    expect(verify(text, k1, '10.0.0.5', 2222)).toMatchObject({ ok: true });
    expect(verify(text, k2, '10.0.0.5', 2222)).toMatchObject({ ok: false, reason: 'changed' });
    expect(verify(text, k2, '10.0.0.5', 22)).toMatchObject({ ok: true });
    expect(verify(text, k1, '10.0.0.5', 2200)).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('applies wildcards and negations', () => {
    const text = `10.0.0.*,!10.0.0.7 ${k1.type} ${k1.b64}\n`;
    expect(verify(text, k1, '10.0.0.5')).toMatchObject({ ok: true });
    expect(verify(text, k1, '10.0.0.7')).toMatchObject({ ok: false, reason: 'unknown' });
    expect(verify(`[10.0.0.*]:2222 ${k1.type} ${k1.b64}`, k1, '10.0.0.9', 2222)).toMatchObject({ ok: true });
  });

  it('refuses a @revoked key even when another line or a pin trusts it; ignores @cert-authority', () => {
    const text = `10.0.0.5 ${k1.type} ${k1.b64}\n@revoked * ${k1.type} ${k1.b64}\n`;
    expect(verify(text, k1)).toMatchObject({ ok: false, reason: 'revoked', lines: [2] });
    expect(verify(text, k1, '10.0.0.5', 22, fingerprintOf(k1.blob))).toMatchObject({ ok: false, reason: 'revoked' });
    const ca = `@cert-authority * ${k1.type} ${k1.b64}\n`;
    expect(verify(ca, k1)).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('lets a pinned fingerprint decide: right one accepted without known_hosts, wrong one refused', () => {
    expect(verify('', k1, '10.0.0.5', 22, fingerprintOf(k1.blob))).toMatchObject({ ok: true, via: 'pin' });
    expect(verify(`10.0.0.5 ${k1.type} ${k1.b64}`, k1, '10.0.0.5', 22, fingerprintOf(k2.blob))).toMatchObject({
      ok: false,
      reason: 'fingerprint-mismatch',
      fingerprint: fingerprintOf(k1.blob),
    });
  });
});
