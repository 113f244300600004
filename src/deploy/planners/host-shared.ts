// What every cluster on a host shares, built from every cluster present there (issue 21, M8; docs/keepalived.md,
// "Several clusters on one host"): keepalived.conf's global_defs (router_id, the mail settings) and the one
// drop-in on a Tomcat unit. Each cluster keeps its own part in its own files: a marker line in its
// hasetup.d/CLUSTER.conf (read here from the facts) and its stop-hook script. So another cluster's deploy
// renders the same shared files, and a rollback of one cluster takes away only its own part. Pure.
import { UsageError } from '../../errors.js';
import type { HostFacts } from '../../facts/types.js';
import { t } from '../../i18n/index.js';
import { CLUSTER_CONF_DIR, clusterConfPath } from '../../hostpaths.js';
import { alertsSchema, nameSchema } from '../../inventory/schema.js';
import { sameEmailSettings, type Cluster, type EmailSettings, type Host } from '../../inventory/model.js';

/** One cluster's part of global_defs: the host's name in its inventory, its mail settings. */
export interface GlobalPart {
  cluster: string;
  host: string;
  email: EmailSettings | null;
}

/** The line in hasetup.d/CLUSTER.conf that carries the cluster's part (a keepalived comment). */
const MARKER = '! hasetup-global-defs ';

export function globalPartOf(cluster: Cluster, host: Host): GlobalPart {
  return { cluster: cluster.name, host: host.name, email: cluster.alerts.email ?? null };
}

/** The marker line: JSON in the inventory's own keys, so the reader checks it with the inventory's schema. */
export function globalMarkerLine(part: GlobalPart): string {
  const e = part.email;
  const email = e ? { to: e.to, ...(e.from ? { from: e.from } : {}), smtp_server: e.smtpServer, smtp_port: e.smtpPort } : null;
  return `${MARKER}${JSON.stringify({ host: part.host, email })}`;
}

/**
 * A part read back from a cluster's config on the host; null when it has none (deployed by a hasetup before
 * issue 21) or it does not pass the inventory's checks (it reaches keepalived.conf: checked again here).
 */
export function parseGlobalPart(cluster: string, conf: string): GlobalPart | null {
  const line = conf.split('\n').find((l) => l.startsWith(MARKER));
  if (!line) return null;
  try {
    const raw = JSON.parse(line.slice(MARKER.length)) as { host?: unknown; email?: unknown };
    if (!nameSchema.safeParse(raw.host).success) return null;
    if (raw.email === null) return { cluster, host: raw.host as string, email: null };
    const e = alertsSchema.shape.email.unwrap().safeParse(raw.email);
    if (!e.success) return null;
    return { cluster, host: raw.host as string, email: { to: e.data.to, ...(e.data.from ? { from: e.data.from } : {}), smtpServer: e.data.smtp_server, smtpPort: e.data.smtp_port ?? 25 } };
  } catch {
    return null;
  }
}

/** The other clusters configured on this host (their hasetup.d files, read with the facts) and their parts. */
export function otherClustersOnHost(facts: HostFacts, own: string): { cluster: string; part: GlobalPart | null }[] {
  const prefix = `${CLUSTER_CONF_DIR}/`;
  return Object.entries(facts.files)
    .filter(([p, content]) => content !== undefined && p.startsWith(prefix) && p.endsWith('.conf') && p !== clusterConfPath(own) && !p.slice(prefix.length).includes('/'))
    .map(([p, content]) => {
      const cluster = p.slice(prefix.length, -'.conf'.length);
      return { cluster, part: parseGlobalPart(cluster, content!) };
    })
    .sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
}

/** The settings as keepalived.conf would say them (the same words in every language). */
export function emailText(e: EmailSettings): string {
  return `(notification_email { ${e.to.join(' ')} }${e.from ? ` notification_email_from ${e.from}` : ''} smtp_server ${e.smtpServer} ${e.smtpPort})`;
}

/**
 * global_defs from every cluster on the host: router_id is the host's name in the first cluster (by name) that
 * names it, the mail settings those every cluster that has any agrees on. keepalived has one set of mail settings
 * per host, so two clusters that give different ones are refused (exit 2) before anything changes.
 */
export function globalDefs(hostName: string, own: GlobalPart, others: GlobalPart[]): { routerId: string; email: EmailSettings | null } {
  const parts = [own, ...others].sort((a, b) => (a.cluster < b.cluster ? -1 : a.cluster > b.cluster ? 1 : 0));
  const withMail = parts.filter((p) => p.email !== null);
  // This cluster's settings against the others' first (the usual case: this deploy brings the second setting).
  const a = own.email ? own : withMail[0];
  const b = a && withMail.find((p) => !sameEmailSettings(p.email!, a.email!));
  if (a && b) {
    throw new UsageError(
      t().deploy.emailClash({ host: hostName, cluster: a.cluster, email: emailText(a.email!), other: b.cluster, otherEmail: emailText(b.email!) }),
      t().deploy.emailClashHint,
    );
  }
  // Rendered as the first cluster by name says them (the same settings may list the addresses in another order),
  // so every cluster's deploy writes the same file.
  return { routerId: parts[0]!.host, email: withMail[0]?.email ?? null };
}
