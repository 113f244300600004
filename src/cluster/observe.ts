// What a cluster looks like right now, read from every host in one round trip each: which host holds
// each VIP, keepalived's state (from the transitions our notify script records), Tomcat's health.
import type { Cluster, Host } from '../inventory/model.js';
import { clusterConfPath, transitionsLog } from '../hostpaths.js';
import { addressOf } from '../ipv4.js';
import type { RemoteHost, RunResult } from '../remote/host.js';
import { cmd, type ShellCommand } from '../remote/command.js';
import { beside, sideBySide } from '../remote/side-by-side.js';
import { dayTwoScript, parseDayTwo, type DayTwoObservation } from './day-two-state.js';
import { t } from '../i18n/index.js';
import { timed } from '../timings.js';
import { httpAnswerText } from './display.js';

export interface Transition {
  t: number; // epoch seconds
  state: string;
}

export interface HostObservation {
  host: string;
  reachable: boolean;
  error?: string;
  addresses: { iface: string; cidr: string }[];
  keepalivedActive: boolean;
  keepalivedPid?: number;
  state: string; // MASTER, BACKUP, FAULT, STOP, or unknown
  priority?: number; // from the cluster's keepalived config on the host
  transitions: Transition[];
  tomcatHttp: string; // status code, or 'no answer'
  /** Switchover, maintenance and alert delivery state (day-two-state.ts). */
  dayTwo?: DayTwoObservation;
}


/** Lines `<epoch seconds> <STATE>` of the transitions log our notify script keeps. */
export function parseTransitions(text: string): Transition[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((p) => p.length >= 2 && p[0] !== '' && !Number.isNaN(Number(p[0])))
    .map((p) => ({ t: Number(p[0]), state: p[1]! }))
    // By time, not by line: two notify scripts of a quick MASTER-BACKUP flip can append out of order.
    .sort((a, b) => a.t - b.t);
}

export function observeScript(cluster: Cluster): ShellCommand {
  const url = `http://127.0.0.1:${cluster.tomcat.port}${cluster.tomcat.healthPath}`;
  // The three slow probes (systemctl, journalctl, curl) run beside the rest; the output is the same, in the same
  // order, as running everything in turn (src/remote/side-by-side.ts).
  return sideBySide([
    cmd`echo @@addr; ip -o -4 addr show | awk '{print $2, $4}'`,
    // one systemctl call, not two: `ActiveState=...` (what is-active prints) and `MainPID=...`
    cmd`echo @@keepalived`,
    beside(cmd`systemctl show -p ActiveState -p MainPID -- keepalived.service`),
    cmd`echo @@priority; awk '$1 == "priority" { print $2; exit }' ${clusterConfPath(cluster.name)} 2>/dev/null`,
    cmd`echo @@transitions; tail -n 20 ${transitionsLog(cluster.name)} 2>/dev/null`,
    dayTwoScript(cluster.name),
    // keepalived's own log of its state changes, in the order they happened (notify scripts run concurrently
    // and can append to the transitions log out of order after a quick flip); the notify log is the fallback.
    cmd`echo @@journal`,
    beside(cmd`journalctl -u keepalived -n 300 -o cat --no-pager 2>/dev/null | grep -F -- ${`(${instanceName(cluster.name)}) Entering `} | tail -n 1`),
    cmd`echo @@http`,
    beside(cmd`curl -s -o /dev/null -w '%{http_code}\\n' --max-time 2 ${url} || echo 'no answer'`),
    cmd`echo @@end`,
  ]);
}

/** The VRRP instance name the plan gives a cluster (cluster.conf). */
export const instanceName = (cluster: string) => `hasetup_${cluster.replace(/-/g, '_')}`;

export function parseObservation(host: string, out: string): HostObservation {
  const sections = new Map<string, string[]>();
  let current = '';
  for (const line of out.split('\n')) {
    if (line.startsWith('@@')) current = line.slice(2).trim();
    else if (current && line.trim()) sections.set(current, [...(sections.get(current) ?? []), line.trim()]);
  }
  const addresses = (sections.get('addr') ?? []).map((l) => {
    const [iface = '', cidr = ''] = l.split(/\s+/);
    return { iface, cidr };
  });
  const unit = new Map((sections.get('keepalived') ?? []).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const active = unit.get('ActiveState');
  const pid = unit.get('MainPID');
  const transitions = parseTransitions((sections.get('transitions') ?? []).join('\n'));
  const keepalivedActive = active === 'active';
  const journal = /Entering (MASTER|BACKUP|FAULT|STOP) STATE/.exec((sections.get('journal') ?? []).join('\n'))?.[1];
  const last = journal ?? transitions.at(-1)?.state;
  const http = (sections.get('http') ?? []).join(' ');
  const priority = Number((sections.get('priority') ?? [])[0]);
  return {
    host,
    reachable: true,
    addresses,
    keepalivedActive,
    keepalivedPid: pid && Number(pid) > 0 ? Number(pid) : undefined,
    state: keepalivedActive ? (last ?? 'unknown') : 'STOPPED',
    transitions,
    priority: Number.isInteger(priority) && priority > 0 ? priority : undefined,
    tomcatHttp: /^\d{3}$/.test(http) ? (http === '000' ? 'no answer' : http) : 'no answer',
    dayTwo: parseDayTwo(sections.get('daytwo') ?? []),
  };
}

/** How long the observation may take on a host before it counts as not reachable. */
export const OBSERVE_TIMEOUT_MS = 15_000;

export async function observeHost(remote: RemoteHost, cluster: Cluster): Promise<HostObservation> {
  return observationOf(remote.name, await remote.run(observeScript(cluster), { timeoutMs: OBSERVE_TIMEOUT_MS }));
}

/** What observeScript's run says: the observation, or (the script did not get to its end) an unreachable host. */
export function observationOf(host: string, r: RunResult): HostObservation {
  if (r.code !== 0 && !r.stdout.includes('@@end')) {
    return { host, reachable: false, error: r.stderr.trim() || `exit ${r.code}`, addresses: [], keepalivedActive: false, state: 'unknown', transitions: [], tomcatHttp: 'unknown' };
  }
  return parseObservation(host, r.stdout);
}

export function holdsVip(obs: HostObservation, vipAddress: string): boolean {
  return obs.addresses.some((a) => addressOf(a.cidr) === vipAddress);
}

export interface ClusterView {
  hosts: HostObservation[];
  holders: Record<string, string[]>; // VIP address -> hosts holding it
}

export async function observeCluster(remotes: RemoteHost[], cluster: Cluster): Promise<ClusterView> {
  return clusterViewOf(await timed((n) => n.observe, () => Promise.all(remotes.map((r) => observeHost(r, cluster)))), cluster);
}

/** The cluster view of its hosts' observations: who holds each VIP. */
export function clusterViewOf(hosts: HostObservation[], cluster: Cluster): ClusterView {
  const holders: Record<string, string[]> = {};
  for (const vip of cluster.vips) holders[vip.address] = hosts.filter((h) => holdsVip(h, vip.address)).map((h) => h.host);
  return { hosts, holders };
}

/** What is wrong with a cluster view, in words; empty when exactly the intended master holds every VIP. */
export function clusterProblems(view: ClusterView, cluster: Cluster, expectedHolder: Host): string[] {
  const m = t().cluster;
  const problems: string[] = [];
  for (const h of view.hosts) {
    if (!h.reachable) problems.push(m.hostNotReachable({ host: h.host, error: h.error ?? m.httpNoAnswer }));
    else if (!h.keepalivedActive) problems.push(m.keepalivedNotRunning({ host: h.host }));
    if (h.reachable && h.tomcatHttp !== String(cluster.tomcat.expectedStatus)) {
      problems.push(
        m.tomcatAnswersWrong({
          host: h.host,
          answer: httpAnswerText(h.tomcatHttp),
          where: `${cluster.tomcat.port}${cluster.tomcat.healthPath}`,
          expected: String(cluster.tomcat.expectedStatus),
        }),
      );
    }
  }
  for (const [vip, holders] of Object.entries(view.holders)) {
    if (holders.length === 0) problems.push(m.noHostHoldsVip({ vip }));
    else if (holders.length > 1) problems.push(m.splitBrain({ hosts: holders.join(m.splitBrainAnd), vip }));
    else if (holders[0] !== expectedHolder.name) problems.push(m.wrongVipHolder({ holder: holders[0]!, vip, expected: expectedHolder.name }));
  }
  return problems;
}
