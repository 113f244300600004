// The inventory init writes: YAML with a short comment on each field, from one InitAnswers (so the wizard and
// the flag path write the same text for the same answers), plus the known_hosts lines the person accepted.
// Before anything is written the text is parsed back with the inventory's own checks: init never writes a file
// that `hasetup validate` would reject.
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseInventory } from '../inventory/load.js';
import { timingBounds } from './checks.js';
import type { HostAnswer, InitAnswers, SshAuth } from './answers.js';

const COMMENT_COLUMN = 36;

/** A YAML scalar, quoted only when YAML needs it. */
function scalar(v: string | number | boolean): string {
  return stringify(v, { lineWidth: 0 }).trimEnd();
}

function line(indent: number, key: string, value: string | number | boolean | undefined, comment?: string): string {
  const text = `${' '.repeat(indent)}${key}:${value === undefined ? '' : ` ${scalar(value)}`}`;
  return comment ? `${text.padEnd(COMMENT_COLUMN - 1)} # ${comment}` : text;
}

type SshField = 'user' | 'port' | 'auth' | 'sudo';

function sameForAll(hosts: readonly HostAnswer[], f: (h: HostAnswer) => string): boolean {
  return new Set(hosts.map(f)).size === 1;
}

const authKey = (a: SshAuth) => (a.kind === 'key' ? `key:${a.key}` : 'agent');

function sshLines(indent: number, h: Pick<HostAnswer, 'user' | 'port' | 'auth' | 'sudo'>, fields: readonly SshField[], withComments: boolean): string[] {
  const c = (s: string) => (withComments ? s : undefined);
  const out: string[] = [];
  if (fields.includes('user')) out.push(line(indent, 'user', h.user, c('login user')));
  if (fields.includes('port')) out.push(line(indent, 'port', h.port, c('SSH port')));
  if (fields.includes('auth')) {
    if (h.auth.kind === 'key') out.push(line(indent, 'key', h.auth.key, c('private key file; ~ is your home')));
    else out.push(line(indent, 'agent', true, c('keys from ssh-agent ($SSH_AUTH_SOCK)')));
  }
  if (fields.includes('sudo')) out.push(line(indent, 'sudo', h.sudo, c(h.sudo ? 'commands run through sudo (no password)' : 'commands run as the login user')));
  return out;
}

export function inventoryYaml(a: InitAnswers): string {
  const first = a.hosts[0]!;
  const fields: { f: SshField; key: (h: HostAnswer) => string }[] = [
    { f: 'user', key: (h) => h.user },
    { f: 'port', key: (h) => String(h.port) },
    { f: 'auth', key: (h) => authKey(h.auth) },
    { f: 'sudo', key: (h) => String(h.sudo) },
  ];
  const shared = fields.filter((x) => sameForAll(a.hosts, x.key)).map((x) => x.f);
  const own = fields.filter((x) => !shared.includes(x.f)).map((x) => x.f);
  const backups = a.hosts.filter((h) => h.role === 'backup');
  const master = a.hosts.find((h) => h.role === 'master')!;
  const bounds = timingBounds(a.timing, master.priority, Math.max(...backups.map((h) => h.priority)));
  const hostBlocks = a.hosts.flatMap((h) => {
    const lines = [
      `${line(6, '- name', h.name, 'host name used in output and configs')}`,
      line(8, 'address', h.address, `address hasetup connects to (host key ${h.hostKey.fingerprint})`),
      line(8, 'role', h.role, h.role === 'master' ? 'holds the VIP while it is healthy' : 'takes the VIP when the master fails'),
      line(8, 'priority', h.priority, 'VRRP priority 1-254, the master highest'),
      line(8, 'interface', h.interface, h.interface ? 'interface for VRRP and the VIP (found on the host)' : undefined),
    ];
    if (own.length > 0) lines.push(line(8, 'ssh', undefined, "this host's own SSH settings"), ...sshLines(10, h, own, false));
    return lines;
  });
  const text = [
    `# hasetup inventory for cluster ${a.cluster}, written by hasetup init.`,
    '# Every value was checked against the hosts when it was written (interfaces, subnet, free VIP and VRID,',
    '# Tomcat answering). inventories/example.yaml shows every other field. Check it with: hasetup validate FILE',
    line(0, 'version', 1, 'inventory format version'),
    line(0, 'clusters', undefined, 'one or more clusters'),
    line(2, '- name', a.cluster, 'cluster name: lower-case letters, digits, dashes'),
    line(4, 'virtual_router_id', a.vrid, 'VRRP router id 1-255, unique on the network segment'),
    line(4, 'timing', a.timing, `fast | standard | conservative; ${a.timing}: ${bounds.text}`),
    line(4, 'vrrp', undefined),
    line(6, 'unicast', a.unicast, a.unicast ? 'adverts straight to the other hosts (false: multicast)' : 'multicast adverts to 224.0.0.18 (true: unicast)'),
    line(4, 'vips', undefined, 'virtual IPs the master holds'),
    line(6, '- address', a.vip, "the VIP clients use, with the hosts' subnet prefix"),
    line(4, 'tomcat', undefined),
    line(6, 'port', a.tomcat.port, "Tomcat's HTTP port"),
    line(6, 'health_path', a.tomcat.healthPath, 'path the health check requests'),
    line(6, 'expected_status', a.tomcat.expectedStatus, 'HTTP status a healthy Tomcat answers'),
    line(4, 'ssh', undefined, "SSH settings for every host; a host's own ssh: overrides them"),
    ...sshLines(6, first, shared, true),
    line(6, 'known_hosts', a.knownHosts, a.knownHosts.startsWith('/') || a.knownHosts.startsWith('~') ? 'host keys accepted at init' : 'host keys accepted at init (path relative to this file)'),
    line(4, 'hosts', undefined, 'the servers, at least two'),
    ...hostBlocks,
  ];
  return text.join('\n') + '\n';
}

/** known_hosts lines for the keys accepted in this run (keys the file already held are left out). */
export function newKnownHostsLines(a: InitAnswers): string[] {
  return a.hosts
    .filter((h) => !h.hostKey.known)
    .map((h) => `${h.port === 22 ? h.address.toLowerCase() : `[${h.address.toLowerCase()}]:${h.port}`} ${h.hostKey.keyType} ${h.hostKey.keyBase64}`);
}

/** The known_hosts file as the SSH layer will read it: relative to the inventory file. */
export function knownHostsPath(outputFile: string, knownHosts: string): string {
  if (knownHosts.startsWith('~') || path.isAbsolute(knownHosts)) return knownHosts;
  return path.resolve(path.dirname(path.resolve(outputFile)), knownHosts);
}

/**
 * Writes the inventory (after checking it parses and validates) and appends the accepted host keys to its
 * known_hosts file. Throws before writing anything when the text does not validate (a bug in init).
 */
export async function writeInventory(outputFile: string, a: InitAnswers, expandHome: (p: string) => string): Promise<{ text: string; knownHostsFile: string; added: number }> {
  const text = inventoryYaml(a);
  parseInventory(text, outputFile); // throws InventoryError: init must never write an invalid inventory
  const kh = expandHome(knownHostsPath(outputFile, a.knownHosts));
  const lines = newKnownHostsLines(a);
  await fs.mkdir(path.dirname(path.resolve(outputFile)), { recursive: true });
  if (lines.length > 0) {
    await fs.mkdir(path.dirname(kh), { recursive: true });
    let existing = '';
    try {
      existing = await fs.readFile(kh, 'utf8');
    } catch {
      /* a new file */
    }
    const sep = existing !== '' && !existing.endsWith('\n') ? '\n' : '';
    await fs.appendFile(kh, sep + lines.join('\n') + '\n', { mode: 0o644 });
  }
  await fs.writeFile(outputFile, text);
  return { text, knownHostsFile: kh, added: lines.length };
}
