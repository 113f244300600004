// The non-interactive side of init: flags and --answers FILE (YAML or JSON, keys named like the long flags)
// become one Preset of answer keys; missingValues lists every required value not given, all at once.
import fs from 'node:fs/promises';
import { parse, YAMLParseError } from 'yaml';
import * as z from 'zod';
import { UsageError } from '../errors.js';
import { t } from '../i18n/index.js';
import { defaultMessage, describeValue, yamlProblem } from '../inventory/load.js';
import { timingPresets } from '../inventory/schema.js';
import type { Preset } from './answers.js';
import { fileErrorReason } from '../i18n/io.js';
import { joinList } from '../i18n/text.js';

/** The options `hasetup init` takes (commander's camelCase names); every answer has one. */
export interface InitOptions {
  answers?: string;
  yes?: boolean;
  output?: string;
  force?: boolean;
  cluster?: string;
  host?: string[];
  user?: string;
  sshPort?: string;
  key?: string;
  agent?: boolean;
  sudo?: boolean;
  knownHosts?: string;
  interface?: string;
  vip?: string;
  vrid?: string;
  master?: string;
  masterPriority?: string;
  backupPriority?: string;
  transport?: string;
  timing?: string;
  tomcatPort?: string;
  healthPath?: string;
  expectedStatus?: string;
  trustFingerprint?: string[];
  listenSeconds?: string;
}

const scalar = z.union([z.string(), z.number()]).transform(String);
const hostObject = z.strictObject({
  name: z.string().optional(),
  address: z.string(),
  port: scalar.optional(),
  user: z.string().optional(),
  key: z.string().optional(),
  agent: z.boolean().optional(),
  sudo: z.boolean().optional(),
  interface: z.string().optional(),
});

/** --answers FILE: the long flags' names as keys; `hosts` a list of `[name=]address[:port]` or objects. */
export const answersFileSchema = z.strictObject({
  output: z.string().optional(),
  cluster: z.string().optional(),
  hosts: z.array(z.union([z.string(), hostObject])).optional(),
  user: z.string().optional(),
  'ssh-port': scalar.optional(),
  key: z.string().optional(),
  agent: z.boolean().optional(),
  sudo: z.boolean().optional(),
  'known-hosts': z.string().optional(),
  interface: z.string().optional(),
  vip: z.string().optional(),
  vrid: scalar.optional(),
  master: z.string().optional(),
  'master-priority': scalar.optional(),
  'backup-priority': scalar.optional(),
  transport: z.enum(['unicast', 'multicast']).optional(),
  timing: z.enum(timingPresets).optional(),
  'tomcat-port': scalar.optional(),
  'health-path': z.string().optional(),
  'expected-status': scalar.optional(),
  'trust-fingerprints': z.array(z.string()).optional(),
  'listen-seconds': scalar.optional(),
});
export type AnswersFile = z.infer<typeof answersFileSchema>;

export async function readAnswersFile(file: string): Promise<AnswersFile> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(t().init.flags.answersFileUnreadable({ file, reason: fileErrorReason(e) }));
  }
  let data: unknown;
  try {
    data = parse(text); // YAML is a superset of JSON: one parser for both
  } catch (e) {
    if (!(e instanceof YAMLParseError)) throw new UsageError(t().init.flags.answersFileNotYaml({ file, reason: (e as Error).message }));
    // The yaml library's English words replaced by ours, by its error code, with where it is (as validate says it).
    const at = e.linePos?.[0];
    throw new UsageError(t().init.flags.answersFileNotYaml({ file: at ? `${file}:${at.line}:${at.col}` : file, reason: yamlProblem(e) }));
  }
  const f = t().init.flags;
  if (data !== null && (typeof data !== 'object' || Array.isArray(data))) {
    throw new UsageError(f.answersFileNotAMap({ file, got: describeValue(data) }), f.answersFileHint);
  }
  // The inventory's messages for zod's checks (in the reader's language); a number-or-text value says so.
  const r = answersFileSchema.safeParse(data ?? {}, {
    error: (iss) =>
      iss.code === 'invalid_union'
        ? t().inventory.wrongType({ want: f.answersNumberOrText, got: describeValue(iss.input) })
        : defaultMessage(iss),
  });
  if (!r.success) {
    const lines = r.error.issues.map((i) =>
      f.answersFileIssue({
        file,
        field: i.path.join('.') || f.answersFileTop,
        reason: i.code === 'unrecognized_keys' ? f.answersFileUnknownKeys({ keys: joinList(i.keys) }) : i.message,
      }),
    );
    throw new UsageError(lines.join('\n'), f.answersFileHint);
  }
  return r.data;
}

/** What ssh-keygen -lf prints for a key: anything else (a pattern like '*', a typo) would trust the wrong keys. */
export const FINGERPRINT_RE = /^SHA256:[A-Za-z0-9+/]{43}$/;

export function checkFingerprint(fp: string): string {
  if (!FINGERPRINT_RE.test(fp)) {
    throw new UsageError(t().init.flags.notAFingerprint({ value: JSON.stringify(fp) }), t().init.flags.notAFingerprintHint);
  }
  return fp;
}

/** `[name=]address[:port]` */
export function parseHostSpec(spec: string): { name?: string; address: string; port?: string } {
  const eq = spec.indexOf('=');
  const name = eq > 0 ? spec.slice(0, eq) : undefined;
  const rest = eq > 0 ? spec.slice(eq + 1) : spec;
  const m = /^(.*):(\d+)$/.exec(rest);
  return m ? { name, address: m[1]!, port: m[2]! } : { name, address: rest };
}

/** Flags win over the answers file. */
export function buildPreset(opts: InitOptions, file: AnswersFile = {}): Preset {
  const p: Preset = new Map();
  const set = (k: string, v: string | number | boolean | undefined) => {
    if (v !== undefined) p.set(k, v);
  };
  const hosts = opts.host?.length
    ? opts.host.map(parseHostSpec)
    : (file.hosts ?? []).map((h) => (typeof h === 'string' ? parseHostSpec(h) : h));
  const user = opts.user ?? file.user;
  const port = opts.sshPort ?? file['ssh-port'];
  const key = opts.key ?? file.key;
  const agent = opts.agent ?? file.agent;
  const sudo = opts.sudo ?? file.sudo;
  const iface = opts.interface ?? file.interface;
  hosts.forEach((h, i) => {
    const own = h as { name?: string; address: string; port?: string; user?: string; key?: string; agent?: boolean; sudo?: boolean; interface?: string };
    if (i >= 2) set(`hosts.${i}.add`, true);
    set(`hosts.${i}.address`, own.address);
    set(`hosts.${i}.name`, own.name);
    set(`hosts.${i}.port`, own.port ?? port);
    set(`hosts.${i}.user`, own.user ?? user);
    const k = own.key ?? key;
    const a = own.agent ?? agent;
    if (a) set(`hosts.${i}.auth`, 'agent');
    else if (k !== undefined) set(`hosts.${i}.auth`, 'key');
    set(`hosts.${i}.key`, k);
    set(`hosts.${i}.sudo`, own.sudo ?? sudo);
    set(`hosts.${i}.interface`, own.interface ?? iface);
  });
  if (hosts.length >= 2) set(`hosts.${hosts.length}.add`, false);
  set('cluster', opts.cluster ?? file.cluster);
  set('vip', opts.vip ?? file.vip);
  set('vrid', opts.vrid ?? file.vrid);
  set('master', opts.master ?? file.master);
  set('master-priority', opts.masterPriority ?? file['master-priority']);
  set('backup-priority', opts.backupPriority ?? file['backup-priority']);
  set('transport', opts.transport ?? file.transport);
  set('timing', opts.timing ?? file.timing);
  set('tomcat-port', opts.tomcatPort ?? file['tomcat-port']);
  set('health-path', opts.healthPath ?? file['health-path']);
  set('expected-status', opts.expectedStatus ?? file['expected-status']);
  for (const fp of [...(opts.trustFingerprint ?? []), ...(file['trust-fingerprints'] ?? [])]) set(`trust.${checkFingerprint(fp.trim())}`, true);
  return p;
}

/** Every required value with no default that the preset lacks, as the flags that give it. */
export function missingValues(p: Preset): string[] {
  const f = t().init.flags;
  const missing: string[] = [];
  if (!p.has('cluster')) missing.push(f.missingCluster);
  const hosts = [0, 1, 2].filter((i) => p.has(`hosts.${i}.address`)).length;
  if (hosts < 2) missing.push(hosts === 0 ? f.missingHostsNone : f.missingHostsOne);
  if (!p.has('vip')) missing.push(f.missingVip);
  return missing;
}

/** The flag that gives an answer key, for messages. */
export function flagOf(key: string): string {
  const host = /^hosts\.(\d+)\.(.+)$/.exec(key);
  if (host) {
    const n = Number(host[1]) + 1;
    const m = t().init.flags;
    const f: Record<string, string> = {
      address: '--host',
      port: m.flagSshPortOrHost,
      user: '--user',
      auth: m.flagKeyOrAgent,
      key: '--key',
      sudo: '--sudo',
      name: '--host NAME=ADDRESS',
      interface: '--interface',
      add: '--host',
    };
    return m.flagOfHost({ flag: f[host[2]!] ?? host[2]!, n });
  }
  if (key.startsWith('trust.')) return '--trust-fingerprint';
  return `--${key}`;
}
