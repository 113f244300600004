// What `hasetup status` prints for one cluster, from data: PURE (no I/O, no clock: `now` is given), so the
// table can be tested in every language. The command (src/commands/status.ts) gathers the data; --json prints
// the same data as it is, so nothing here may change it.
import Table from 'cli-table3';
import type { DayTwoObservation } from './day-two-state.js';
import { t } from '../i18n/index.js';
import type { HostObservation } from './observe.js';
import { httpAnswerText, stateText } from './display.js';
import { joinList } from '../i18n/text.js';

/** One host as status shows it (and as --json prints it). */
export interface StatusHost extends HostObservation {
  generation: string | null;
  pendingGeneration: string | null;
}

/** One cluster as status shows it (and as --json prints it). */
export interface ClusterStatus {
  cluster: string;
  vipHolders: Record<string, string[]>;
  generation: string | null;
  generationsDiffer: boolean;
  hosts: StatusHost[];
}

/** The colours the view uses (chalk has them; tests pass plain functions). */
export interface Paint {
  bold: (s: string) => string;
  green: (s: string) => string;
  red: (s: string) => string;
  yellow: (s: string) => string;
}

/** "12 s ago", "5 min ago"...: the figure is rounded here, the words come from the catalog. */
export function ago(epochSeconds: number, nowSeconds: number): string {
  const m = t().status;
  const s = Math.max(0, nowSeconds - epochSeconds);
  if (s < 120) return m.agoSeconds({ n: s.toFixed(0) });
  if (s < 7200) return m.agoMinutes({ n: (s / 60).toFixed(0) });
  if (s < 172800) return m.agoHours({ n: (s / 3600).toFixed(0) });
  return m.agoDays({ n: (s / 86400).toFixed(0) });
}

export function renderClusterStatus(c: ClusterStatus, opts: { expectedStatus: number; nowSeconds: number; paint: Paint }): string[] {
  const { paint } = opts;
  const m = t().status;
  const lines: string[] = [paint.bold(m.clusterHeading({ cluster: c.cluster }))];
  const head = m.table;
  const table = new Table({
    style: { head: [], border: [] },
    head: [head.host, head.keepalived, head.vrrpState, head.priority, head.holdsVip, head.tomcat, head.generation, head.dayTwo, head.lastStateChanges],
  });
  for (const h of c.hosts) {
    const holds = Object.entries(c.vipHolders).filter(([, hs]) => hs.includes(h.host)).map(([v]) => v);
    const changes = h.transitions.slice(-3).reverse().map((x) => `${x.state} ${ago(x.t, opts.nowSeconds)}`).join(m.listSeparator);
    const state = stateText(h.state);
    table.push([
      h.host,
      h.reachable ? (h.keepalivedActive ? paint.green(m.keepalivedRunning) : paint.red(m.keepalivedStopped)) : paint.red(m.hostUnreachable),
      h.state === 'MASTER' ? paint.green(state) : h.state === 'BACKUP' ? state : paint.yellow(state),
      h.priority === undefined ? '-' : String(h.priority),
      holds.length ? joinList(holds) : m.holdsNoVip,
      h.tomcatHttp === String(opts.expectedStatus) ? paint.green(h.tomcatHttp) : paint.red(httpAnswerText(h.tomcatHttp)),
      (h.generation ?? m.generationNone) + (h.pendingGeneration ? paint.yellow(m.generationInterrupted({ id: h.pendingGeneration })) : ''),
      dayTwoCell(paint, h.dayTwo),
      changes || '-',
    ]);
  }
  lines.push(table.toString());
  for (const [vip, holders] of Object.entries(c.vipHolders)) {
    const verdict = holders.length === 1 ? paint.green(m.vipOk) : holders.length === 0 ? paint.red(m.vipNoHolder) : paint.red(m.vipSplitBrain);
    lines.push(m.vipLine({ vip, holders: joinList(holders) || m.vipNobody, verdict }));
  }
  if (c.generationsDiffer) {
    const hosts = joinList(c.hosts.map((h) => m.hostOnGeneration({ host: h.host, generation: h.generation ?? m.generationNone })));
    lines.push(paint.red(m.generationsDiffer({ hosts })));
  } else lines.push(m.generationEverywhere({ generation: c.generation ?? m.generationNoneRecorded }));
  for (const h of c.hosts) {
    const d = h.dayTwo;
    if (d?.lastAlertFailure) lines.push(paint.yellow(m.alertDeliveriesFailed({ host: h.host, count: d.alertFailures, last: d.lastAlertFailure })));
  }
  return lines;
}

function dayTwoCell(paint: Paint, d: DayTwoObservation | undefined): string {
  if (!d) return '-';
  const m = t().status;
  const parts: string[] = [];
  if (d.maintenance) parts.push(paint.yellow(m.dayTwoMaintenance));
  if (d.standby < 0) parts.push(m.dayTwoLowered({ by: String(d.standby) }));
  if (d.alertFailures > 0) parts.push(paint.red(m.dayTwoAlertFailures({ count: d.alertFailures })));
  if (!d.configured) parts.push(m.dayTwoNotDeployed);
  return parts.join(m.listSeparator) || '-';
}
