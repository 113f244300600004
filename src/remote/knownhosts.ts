// OpenSSH known_hosts parsing and host-key checking: pure (no files, no network), so it is tested as data.
//
// What is supported, as in OpenSSH's sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT":
// - host patterns: plain names/addresses, comma lists, `*` and `?` wildcards, `!pattern` negations
//   (a matching negation rejects the line even when another pattern matches);
// - non-standard ports as `[host]:port` (port 22 is looked up as the bare host, exactly like ssh does);
// - hashed entries `|1|base64(salt)|base64(HMAC-SHA1(salt, host))`;
// - markers: `@revoked` (that key is refused for the matching hosts) and `@cert-authority` (ignored: hasetup does
//   not do host certificates);
// - comments (`#`) and blank lines; anything after the key is a comment.
import { createHash, createHmac } from 'node:crypto';

export interface KnownHostsEntry {
  /** 1-based line number in the file, for messages. */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  /** The comma list of patterns, or undefined for a hashed entry. */
  patterns?: string[];
  hashed?: { salt: Buffer; hash: Buffer };
  keyType: string;
  keyBlob: Buffer;
}

export type HostKeyRefusal = 'unknown' | 'changed' | 'revoked' | 'fingerprint-mismatch';

export type HostKeyVerdict =
  | { ok: true; fingerprint: string; keyType: string; via: 'known_hosts' | 'pin' }
  | {
      ok: false;
      reason: HostKeyRefusal;
      fingerprint: string;
      keyType: string;
      /** known_hosts lines that hold another key of the same type for this host (reason 'changed'), or the revoking line. */
      lines: number[];
      /** Key types known_hosts holds for this host (an 'unknown' host may still be known with other key types). */
      knownTypes: string[];
    };

export interface VerifyHostKeyInput {
  /** The known_hosts file's text; '' when there is none. */
  knownHostsText: string;
  /** Host name or address as used to connect (the inventory's `address`). */
  host: string;
  port: number;
  /** The key type the server presented (for example ssh-ed25519); also read from the blob when it disagrees. */
  keyType: string;
  /** The raw public key blob (SSH wire format) the server presented. */
  keyBlob: Buffer;
  /** `SHA256:...` from the inventory's ssh.fingerprint: when set, it decides alone (revoked keys still refused). */
  pinnedFingerprint?: string;
}

/** The fingerprint `ssh-keygen -lf` prints: `SHA256:` + unpadded base64 of the SHA-256 of the key blob. */
export function fingerprintOf(keyBlob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '');
}

/** The key type written at the start of an SSH public key blob (a uint32 length, then the name). */
export function keyTypeOfBlob(keyBlob: Buffer): string | undefined {
  if (keyBlob.length < 4) return undefined;
  const len = keyBlob.readUInt32BE(0);
  if (len === 0 || len > 64 || keyBlob.length < 4 + len) return undefined;
  const name = keyBlob.subarray(4, 4 + len).toString('latin1');
  return /^[\x21-\x7e]+$/.test(name) ? name : undefined;
}

/** The name ssh looks a host up under: `host` for port 22, `[host]:port` otherwise (lower case). */
export function knownHostsName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** Normalises a fingerprint for comparison: `SHA256:` prefix optional, base64 padding ignored. */
export function normaliseFingerprint(fp: string): string {
  const s = fp.trim().replace(/^SHA256:/i, '').replace(/=+$/, '');
  return `SHA256:${s}`;
}

export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineText = raw.trim();
    if (lineText === '' || lineText.startsWith('#')) return;
    const fields = lineText.split(/\s+/);
    let marker: KnownHostsEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else return; // unknown marker: ssh ignores the line
    }
    const [hosts, keyType, keyB64] = fields;
    if (!hosts || !keyType || !keyB64) return;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(keyB64)) return;
    const keyBlob = Buffer.from(keyB64, 'base64');
    if (keyBlob.length === 0) return;
    const entry: KnownHostsEntry = { line: i + 1, keyType, keyBlob };
    if (marker) entry.marker = marker;
    if (hosts.startsWith('|1|')) {
      const [, , salt, hash] = hosts.split('|');
      if (!salt || !hash) return;
      entry.hashed = { salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') };
    } else {
      entry.patterns = hosts.split(',').filter((p) => p !== '');
    }
    entries.push(entry);
  });
  return entries;
}

/** OpenSSH's match_pattern: `*` any run of characters, `?` exactly one; case-insensitive. */
export function matchPattern(name: string, pattern: string): boolean {
  const re = pattern
    .toLowerCase()
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`, 's').test(name.toLowerCase());
}

/** A comma list of patterns: a matching `!negation` rejects; otherwise any positive match accepts. */
export function matchHostPatterns(name: string, patterns: readonly string[]): boolean {
  let positive = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (matchPattern(name, p.slice(1))) return false;
    } else if (matchPattern(name, p)) {
      positive = true;
    }
  }
  return positive;
}

/** The hashed form ssh-keygen -H writes for `name` with this salt. */
export function hashHostName(name: string, salt: Buffer): string {
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}

export function entryMatchesHost(entry: KnownHostsEntry, name: string): boolean {
  if (entry.hashed) {
    const h = createHmac('sha1', entry.hashed.salt).update(name).digest();
    return h.length === entry.hashed.hash.length && h.equals(entry.hashed.hash);
  }
  return matchHostPatterns(name, entry.patterns ?? []);
}

/** The entries (without @cert-authority ones) that apply to host:port. */
export function entriesForHost(entries: readonly KnownHostsEntry[], host: string, port: number): KnownHostsEntry[] {
  const name = knownHostsName(host, port);
  return entries.filter((e) => e.marker !== 'cert-authority' && entryMatchesHost(e, name));
}

/** Key types known_hosts holds for host:port, in file order (to prefer them in the key exchange, as ssh does). */
export function knownKeyTypes(knownHostsText: string, host: string, port: number): string[] {
  const types = entriesForHost(parseKnownHosts(knownHostsText), host, port)
    .filter((e) => e.marker === undefined)
    .map((e) => e.keyType);
  return [...new Set(types)];
}

/**
 * Decides whether the key a server presented may be trusted. Order: a revoked key is always refused; a pinned
 * fingerprint then decides alone; otherwise known_hosts must hold exactly this key for this host (another key of the
 * same type there means the key CHANGED; no key of this type means the host is unknown).
 */
export function verifyHostKey(input: VerifyHostKeyInput): HostKeyVerdict {
  const fingerprint = fingerprintOf(input.keyBlob);
  const keyType = keyTypeOfBlob(input.keyBlob) ?? input.keyType;
  const mine = entriesForHost(parseKnownHosts(input.knownHostsText), input.host, input.port);
  const sameKey = (e: KnownHostsEntry) => e.keyBlob.equals(input.keyBlob);
  const knownTypes = [...new Set(mine.filter((e) => e.marker === undefined).map((e) => e.keyType))];
  const refuse = (reason: HostKeyRefusal, lines: number[] = []): HostKeyVerdict => ({
    ok: false,
    reason,
    fingerprint,
    keyType,
    lines,
    knownTypes,
  });

  const revoked = mine.filter((e) => e.marker === 'revoked' && sameKey(e));
  if (revoked.length > 0) return refuse('revoked', revoked.map((e) => e.line));

  if (input.pinnedFingerprint !== undefined) {
    return normaliseFingerprint(input.pinnedFingerprint) === fingerprint
      ? { ok: true, fingerprint, keyType, via: 'pin' }
      : refuse('fingerprint-mismatch');
  }

  const plain = mine.filter((e) => e.marker === undefined);
  if (plain.some((e) => sameKey(e) && (e.keyType === keyType || keyTypeOfBlob(e.keyBlob) === keyType))) {
    return { ok: true, fingerprint, keyType, via: 'known_hosts' };
  }
  const sameType = plain.filter((e) => e.keyType === keyType || keyTypeOfBlob(e.keyBlob) === keyType);
  if (sameType.length > 0) return refuse('changed', sameType.map((e) => e.line));
  return refuse('unknown');
}
