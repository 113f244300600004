// The inventory init writes: YAML with a short comment on each field, from one InitAnswers (so the wizard and
// the flag path write the same text for the same answers), plus the known_hosts lines the person accepted.
// Before anything is written the text is parsed back with the inventory's own checks: init never writes a file
// that `hasetup validate` would reject.
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseInventory } from '../inventory/load.js';
import { t } from '../i18n/index.js';
import { padEndColumns } from '../i18n/width.js';
import { timingBounds } from './checks.js';
import type { HostAnswer, InitAnswers, SshAuth } from './answers.js';

const COMMENT_COLUMN = 36;

/** A YAML scalar, quoted only when YAML needs it. */
function scalar(v: string | number | boolean): string {
  return stringify(v, { lineWidth: 0 }).trimEnd();
}

function line(indent: number, key: string, value: string | number | boolean | undefined, comment?: string): string {
  const text = `${' '.repeat(indent)}${key}:${value === undefined ? '' : ` ${scalar(value)}`}`;
  // Terminal columns, not characters: a value may hold CJK text (a path), and the comments line up in editors.
  return comment ? `${padEndColumns(text, COMMENT_COLUMN - 1)} # ${comment}` : text;
}

type SshField = 'user' | 'port' | 'auth' | 'sudo';

function sameForAll(hosts: readonly HostAnswer[], f: (h: HostAnswer) => string): boolean {
  return new Set(hosts.map(f)).size === 1;
}

const authKey = (a: SshAuth) => (a.kind === 'key' ? `key:${a.key}` : 'agent');

function sshLines(indent: number, h: Pick<HostAnswer, 'user' | 'port' | 'auth' | 'sudo'>, fields: readonly SshField[], withComments: boolean): string[] {
  const c = (s: string) => (withComments ? s : undefined);
  const y = t().init.yaml;
  const out: string[] = [];
  if (fields.includes('user')) out.push(line(indent, 'user', h.user, c(y.sshUser)));
  if (fields.includes('port')) out.push(line(indent, 'port', h.port, c(y.sshPort)));
  if (fields.includes('auth')) {
    if (h.auth.kind === 'key') out.push(line(indent, 'key', h.auth.key, c(y.sshKey)));
    else out.push(line(indent, 'agent', true, c(y.sshAgent)));
  }
  if (fields.includes('sudo')) out.push(line(indent, 'sudo', h.sudo, c(h.sudo ? y.sudoOn : y.sudoOff)));
  return out;
}

export function inventoryYaml(a: InitAnswers): string {
  const y = t().init.yaml;
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
      `${line(6, '- name', h.name, y.hostName)}`,
      line(8, 'address', h.address, y.hostAddress({ fingerprint: h.hostKey.fingerprint })),
      line(8, 'role', h.role, h.role === 'master' ? y.roleMaster : y.roleBackup),
      line(8, 'priority', h.priority, y.priority),
      line(8, 'interface', h.interface, h.interface ? y.hostInterface : undefined),
    ];
    if (own.length > 0) lines.push(line(8, 'ssh', undefined, y.hostSsh), ...sshLines(10, h, own, false));
    return lines;
  });
  const text = [
    `# ${y.headerCluster({ cluster: a.cluster })}`,
    `# ${y.headerChecked}`,
    `# ${y.headerSeeExample}`,
    line(0, 'version', 1, y.version),
    line(0, 'clusters', undefined, y.clusters),
    line(2, '- name', a.cluster, y.clusterName),
    line(4, 'virtual_router_id', a.vrid, y.vrid),
    line(4, 'timing', a.timing, y.timing({ timing: a.timing, bounds: bounds.text })),
    line(4, 'vrrp', undefined),
    line(6, 'unicast', a.unicast, a.unicast ? y.unicastTrue : y.unicastFalse),
    line(4, 'vips', undefined, y.vips),
    line(6, '- address', a.vip, y.vipAddress),
    line(4, 'tomcat', undefined),
    line(6, 'port', a.tomcat.port, y.tomcatPort),
    line(6, 'health_path', a.tomcat.healthPath, y.healthPath),
    line(6, 'expected_status', a.tomcat.expectedStatus, y.expectedStatus),
    line(4, 'ssh', undefined, y.sshShared),
    ...sshLines(6, first, shared, true),
    line(6, 'known_hosts', a.knownHosts, a.knownHosts.startsWith('/') || a.knownHosts.startsWith('~') ? y.knownHostsAbsolute : y.knownHostsRelative),
    line(4, 'hosts', undefined, y.hosts),
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
