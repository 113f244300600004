// `lab up --firewall NAME`: hosts boot with that firewall on and a default-deny input policy that lets in
// what an admin would (SSH, Tomcat's port, ICMP, replies), so VRRP stays blocked until deploy opens it.
// The files are pure data (tested as such); applyLabFirewall writes them into a host's overlay before boot.
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { HasetupError, lastLines, UsageError } from '../errors.js';
import { exec } from '../exec.js';
import { t } from '../i18n/index.js';
import { joinList } from '../i18n/text.js';

export const LAB_FIREWALLS = ['nftables', 'firewalld', 'ufw', 'iptables'] as const;
export type LabFirewall = (typeof LAB_FIREWALLS)[number];

export const LAB_TCP_PORTS = [22, 8080];

export interface FirewallSetup {
  /** Debian packages the firewall needs (installed from the lab's offline repository when missing). */
  packages: string[];
  /** Files written into the host's root, path relative to it. */
  files: { path: string; content: string }[];
  /** Units enabled at boot. */
  units: string[];
  /** Commands run in the host's root before boot (no network), after the packages and files. */
  commands: string[][];
}

export function labFirewallSetup(fw: LabFirewall): FirewallSetup {
  const ports = LAB_TCP_PORTS;
  switch (fw) {
    case 'nftables':
      return { packages: ['nftables'], files: [{ path: 'etc/nftables.conf', content: nftablesConf(ports) }], units: ['nftables.service'], commands: [] };
    case 'iptables':
      return {
        packages: ['iptables-persistent'],
        files: [
          { path: 'etc/iptables/rules.v4', content: iptablesRules(ports, 'icmp') },
          { path: 'etc/iptables/rules.v6', content: iptablesRules(ports, 'ipv6-icmp') },
        ],
        units: ['netfilter-persistent.service'],
        commands: [],
      };
    case 'ufw':
      return {
        packages: ['ufw'],
        files: [],
        units: ['ufw.service'],
        // With ufw disabled these only write its rule files; `--force enable` marks it enabled for the boot.
        commands: [...ports.map((p) => ['ufw', 'allow', `${p}/tcp`]), ['sed', '-i', 's/^ENABLED=.*/ENABLED=yes/', '/etc/ufw/ufw.conf']],
      };
    case 'firewalld':
      return {
        packages: ['firewalld'],
        files: [{ path: 'etc/firewalld/zones/public.xml', content: firewalldZone(ports) }],
        units: ['firewalld.service'],
        commands: [],
      };
  }
}

const nftablesConf = (ports: number[]) => `#!/usr/sbin/nft -f
# hasetup lab: default-deny input (SSH, Tomcat, ICMP and replies allowed).
flush ruleset
table inet filter {
\tchain input {
\t\ttype filter hook input priority filter; policy drop;
\t\tiif "lo" accept
\t\tct state established,related accept
\t\tip protocol icmp accept
\t\tmeta l4proto ipv6-icmp accept
\t\ttcp dport { ${ports.join(', ')} } accept
\t}
\tchain forward {
\t\ttype filter hook forward priority filter; policy drop;
\t}
\tchain output {
\t\ttype filter hook output priority filter; policy accept;
\t}
}
`;

/** iptables-restore's input for one family: `icmp` for rules.v4, `ipv6-icmp` for rules.v6. */
const iptablesRules = (ports: number[], icmp: string) => `# hasetup lab: default-deny input (SSH, Tomcat, ICMP and replies allowed).
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p ${icmp} -j ACCEPT
${ports.map((p) => `-A INPUT -p tcp -m tcp --dport ${p} -j ACCEPT`).join('\n')}
COMMIT
`;

const firewalldZone = (ports: number[]) => `<?xml version="1.0" encoding="utf-8"?>
<!-- hasetup lab: the default zone lets in SSH and Tomcat; anything else is rejected. -->
<zone>
  <short>Public</short>
  <service name="ssh"/>
${ports.filter((p) => p !== 22).map((p) => `  <port protocol="tcp" port="${p}"/>`).join('\n')}
</zone>
`;

export function parseFirewall(value: string): LabFirewall {
  if ((LAB_FIREWALLS as readonly string[]).includes(value)) return value as LabFirewall;
  throw new UsageError(t().lab.error.firewallUnknown({ value: JSON.stringify(value), firewalls: joinList(LAB_FIREWALLS) }), t().lab.error.firewallUnknownHint);
}

/** Packages of `names` that dpkg's status file in `root` does not list as installed. */
export function missingPackages(dpkgStatus: string, names: string[]): string[] {
  const installed = new Set<string>();
  for (const stanza of dpkgStatus.split(/\n\n+/)) {
    const pkg = /^Package: (\S+)$/m.exec(stanza)?.[1];
    if (pkg && /^Status: install ok installed$/m.test(stanza)) installed.add(pkg);
  }
  return names.filter((n) => !installed.has(n));
}

/** A command in the host's root, not booted, without network, with the offline repository mounted. */
async function inRoot(root: string, repo: string, argv: string[]) {
  return exec(
    [
      'systemd-nspawn', '--quiet', '--register=no', '--keep-unit', '--private-network', '--resolv-conf=off',
      '--timezone=off', '--link-journal=no', `--directory=${root}`, `--bind-ro=${repo}:/opt/hasetup-repo`,
      '--setenv=DEBIAN_FRONTEND=noninteractive', '--', ...argv,
    ],
    { check: false, timeoutMs: 300_000 },
  );
}

/** Writes the firewall's setup into a host's (mounted, not yet booted) root. */
export async function applyLabFirewall(host: string, root: string, repo: string, fw: LabFirewall): Promise<void> {
  const setup = labFirewallSetup(fw);
  const statusFile = path.join(root, 'var/lib/dpkg/status');
  const missing = missingPackages(existsSync(statusFile) ? readFileSync(statusFile, 'utf8') : '', setup.packages);
  const run = async (argv: string[], what: string) => {
    const r = await inRoot(root, repo, argv);
    if (r.code !== 0) throw new HasetupError(t().lab.error.firewallStepFailed({ host, step: what, code: String(r.code), output: lastLines(r.stderr || r.stdout, 10) }));
  };
  if (missing.length > 0) {
    await run(['sh', '-c', 'apt-get update -q && apt-get install -y -q --no-install-recommends "$@"', 'sh', ...missing], t().lab.error.firewallInstalling({ packages: joinList(missing) }));
  }
  for (const f of setup.files) {
    const file = path.join(root, f.path);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, f.content, { mode: 0o644 });
  }
  for (const c of setup.commands) await run(c, c.join(' '));
  await run(['systemctl', 'enable', '--quiet', ...setup.units], t().lab.error.firewallEnabling({ units: joinList(setup.units) }));
}
