// The inventory file's schema (YAML, snake_case, as a person writes it). Objects are strict so that a typo
// in a key is an error with its line, not a silently ignored setting. Presets and defaults that depend on
// other fields are applied afterwards, in model.ts.
import * as z from 'zod';
import { en } from '../i18n/en/index.js';
import { t, type Catalog } from '../i18n/index.js';

/** A schema message in the language of the moment it is shown (zod calls `error` when the check fails). */
function say(pick: (m: Catalog['inventory']['schema']) => string): { error: () => string } {
  return { error: () => pick(t().inventory.schema) };
}

/** Names reach config files, unit names and shell commands: keep them plain. */
export const nameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, say((m) => m.nameRule));

const ipv4 = z.ipv4(say((m) => m.ipv4Address));
const hostname = z
  .string()
  .regex(/^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*$/, say((m) => m.ipv4OrDnsName))
  // 10.0.0.256 matches the DNS pattern: digits and dots only is a mistyped address, not a name.
  .refine((s) => !/^[\d.]+$/.test(s), say((m) => m.ipv4FourNumbers));
/**
 * A URL path for health checks: it reaches check scripts, curl command lines and config files, so it is
 * kept to characters no shell gives a meaning to (no $ ` ; & ( ) ' " ! * or spaces).
 */
export const URL_PATH_RE = /^\/[A-Za-z0-9._~%/?=+,:@-]*$/;
/** The rule of URL_PATH_RE in words, in the current language. */
export function urlPathHint(): string {
  return t().inventory.schema.urlPath;
}
/** @deprecated English only: use urlPathHint(), which follows --lang. */
export const URL_PATH_HINT = en.inventory.schema.urlPath;

/** Interface names reach config files and unit files: the same rule as the kernel's usual names. */
export const INTERFACE_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,14}$/;

/** A systemd service name; never starting with '-' or '.': it reaches systemctl, where that would be an option. */
export const SERVICE_NAME_RE = /^[A-Za-z0-9@_][A-Za-z0-9@_.-]{0,63}$/;

export const interfaceSchema = z
  .string()
  .regex(INTERFACE_RE, say((m) => m.interfaceName));
/**
 * The notify program: run by path with the state as its only argument, so a value with spaces (a command
 * line) would name a file that does not exist and never run; shell characters are refused for the same reason.
 */
const absPath = z.string().regex(/^\/[^\0\n]*$/, say((m) => m.absolutePath));
const notifyPath = z
  .string()
  .regex(/^(\/[A-Za-z0-9._+@-]+)+$/, say((m) => m.notifyProgram))
  .refine((s) => !s.split('/').includes('..'), say((m) => m.pathWithoutDotDot));
const filePath = z.string().min(1).regex(/^[^\0\n]+$/, say((m) => m.filePath));
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, say((m) => m.envVarName));

export const cidrSchema = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, say((m) => m.cidr))
  .refine((s) => {
    const [addr, prefix] = s.split('/');
    return z.ipv4().safeParse(addr).success && Number(prefix) >= 8 && Number(prefix) <= 32;
  }, say((m) => m.cidrRange));

export const sshSchema = z.strictObject({
  user: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, say((m) => m.userName)).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  key: filePath.optional().describe('private key file; ~ is your home directory'),
  agent: z.boolean().optional().describe('use ssh-agent ($SSH_AUTH_SOCK) instead of a key file'),
  known_hosts: filePath.optional().describe('known_hosts file used to verify host keys (default ~/.ssh/known_hosts)'),
  fingerprint: z
    .string()
    .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, say((m) => m.fingerprint))
    .optional()
    .describe('pinned host key fingerprint; when set, known_hosts is not consulted'),
  sudo: z.boolean().optional().describe('run commands with sudo (when the user is not root)'),
  sudo_password_env: envName.optional().describe('environment variable holding the sudo password'),
  connect_timeout: z.number().positive().max(300).optional(),
});

/**
 * A local command (run where hasetup runs, never through a shell): a list of words, or one string split at
 * spaces. {host} and {address} in a word become the host's name and address. Secrets (a BMC password) come
 * from the environment, never from the inventory: ipmitool -E reads IPMI_PASSWORD, for example.
 */
const commandWord = z.string().min(1, say((m) => m.commandWordEmpty)).regex(/^[^\0\n\r]+$/, say((m) => m.commandWordLineBreak));
export const localCommandSchema = z
  .union([
    z.string().regex(/^\S[^\0\n\r]*$/, say((m) => m.commandLine)),
    z.array(commandWord).min(1, say((m) => m.commandNeedsProgram)),
  ])
  .refine((c) => !(Array.isArray(c) ? c[0]! : c).startsWith('-'), say((m) => m.commandStartsWithOption));
export const powerSchema = z
  .strictObject({
    off: localCommandSchema.describe('cuts the power at once (no shutdown): a BMC, a hypervisor, a PDU'),
    on: localCommandSchema.describe('powers the host on again'),
    status: localCommandSchema.optional().describe("prints the power state; the words 'on' or 'off' in its output count"),
  })
  .describe('power commands run on the machine running hasetup, for the host-crash scenario (--allow-power-off)');

export const hostSchema = z.strictObject({
  name: nameSchema,
  address: z.union([ipv4, hostname], say((m) => m.hostAddress)),
  role: z.enum(['master', 'backup']).optional(),
  priority: z.number().int().min(1).max(254).optional(),
  interface: interfaceSchema.optional().describe('default: the interface that holds the address'),
  ssh: sshSchema.optional(),
  power: powerSchema.optional(),
});

export const vipSchema = z.strictObject({
  address: cidrSchema,
  interface: interfaceSchema.optional(),
  label: z.string().regex(/^[A-Za-z0-9_-]{1,10}$/, say((m) => m.vipLabel)).optional(),
});

export const timingPresets = ['fast', 'standard', 'conservative'] as const;

export const vrrpSchema = z.strictObject({
  version: z.union([z.literal(2), z.literal(3)], say((m) => m.vrrpVersion)).optional(),
  advert_int: z.number().positive().optional().describe('seconds; v2: whole seconds 1-255, v3: 0.01-40.95 in steps of 0.01'),
  unicast: z.boolean().optional().describe('unicast adverts to the other hosts (default) instead of multicast'),
  preempt: z.boolean().optional().describe('the master takes the VIP back when it recovers (default true)'),
  auth: z
    .strictObject({
      pass_env: envName.optional(),
      pass_file: filePath.optional(),
    })
    .optional()
    .describe('VRRPv2 only: the password from an environment variable or a file, never written here'),
});

export const tomcatSchema = z.strictObject({
  service: z.string().regex(SERVICE_NAME_RE, say((m) => m.serviceName)).optional(),
  port: z.number().int().min(1).max(65535).optional(),
  health_path: z.string().regex(URL_PATH_RE, say((m) => m.urlPath)).optional(),
  expected_status: z.number().int().min(100).max(599).optional(),
  check_interval: z.number().int().min(1).max(60).optional().describe('seconds between HTTP checks (whole seconds)'),
  check_timeout: z.number().positive().max(30).optional(),
  fall: z.number().int().min(1).max(20).optional(),
  rise: z.number().int().min(1).max(20).optional(),
  watchdog: z.boolean().optional().describe('fast health watchdog + systemd hooks feeding a track_file (default true)'),
  watchdog_interval_ms: z.number().int().min(50).max(5000).optional(),
  track_process: z.enum(['auto', 'on', 'off']).optional().describe('auto: only where the host is in its initial network namespace'),
});

/** A webhook URL: it reaches a shell script (quoted there too) and curl; no spaces, quotes or shell specials. */
export const WEBHOOK_RE = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~%/?=+,:@&-]*)?$/;
const emailAddress = z
  .string()
  .regex(/^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, say((m) => m.emailAddress));

export const alertsSchema = z.strictObject({
  webhook: z
    .string()
    .regex(WEBHOOK_RE, say((m) => m.webhookUrl))
    .optional()
    .describe('POSTed a JSON document on every VRRP state change (in the background, a few retries)'),
  webhook_headers_file: absPath
    .optional()
    .describe('a file ON EACH HOST with extra header lines for the webhook (e.g. "Authorization: Bearer ..."): secrets stay on the host'),
  email: z
    .strictObject({
      to: z.array(emailAddress).min(1, say((m) => m.emailNeedsAddress)),
      from: emailAddress.optional(),
      smtp_server: z.union([ipv4, hostname], say((m) => m.smtpServer)),
      smtp_port: z.number().int().min(1).max(65535).optional(),
    })
    .optional()
    .describe("keepalived's own mail on state changes (notification_email, smtp_server, smtp_alert)"),
  command: notifyPath.optional().describe('a program run on each host on every state change, given the same JSON on standard input'),
});

export const metricsSchema = z.strictObject({
  textfile_dir: absPath
    .optional()
    .describe("node_exporter's textfile collector directory (default /var/lib/prometheus/node-exporter when present, else /var/lib/hasetup/CLUSTER)"),
});

export const clusterSchema = z.strictObject({
  name: nameSchema,
  virtual_router_id: z.number().int().min(1).max(255),
  timing: z.enum(timingPresets).optional(),
  vrrp: vrrpSchema.optional(),
  vips: z.array(vipSchema).min(1, say((m) => m.clusterNeedsVip)),
  tomcat: tomcatSchema.optional(),
  notify: notifyPath.optional().describe('absolute path of a program run on every state change, with the new state as argument (no arguments of its own)'),
  alerts: alertsSchema.optional().describe('who is told about every VRRP state change'),
  metrics: metricsSchema.optional().describe('the Prometheus text-format file each host keeps'),
  ssh: sshSchema.optional().describe('defaults for every host'),
  power: powerSchema.optional().describe('default power commands for every host ({host} and {address} fill in)'),
  hosts: z.array(hostSchema).min(2, say((m) => m.clusterNeedsTwoHosts)),
});

export const inventorySchema = z.strictObject({
  version: z.literal(1).optional(),
  clusters: z.array(clusterSchema).min(1, say((m) => m.inventoryNeedsCluster)),
});

export type RawInventory = z.infer<typeof inventorySchema>;
export type RawCluster = z.infer<typeof clusterSchema>;
export type RawHost = z.infer<typeof hostSchema>;
export type RawSsh = z.infer<typeof sshSchema>;
