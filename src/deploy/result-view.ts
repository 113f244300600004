// What `hasetup deploy` prints for one cluster's result, from data: PURE, so it is tested in every language.
// The dry run's per-host headings, diffs and commands, or the result table and the verdict lines. --json
// writes the same result as data (keys and values unchanged by the language).
import Table from 'cli-table3';
import { httpAnswerText, stateText } from '../cluster/display.js';
import { t } from '../i18n/index.js';
import type { DeployClients } from './clients.js';
import type { ClusterDeployResult } from './deploy.js';
import { joinList } from '../i18n/text.js';

/** The colours the view uses (chalk has them; tests pass plain functions). */
export interface Paint {
  bold: (s: string) => string;
  green: (s: string) => string;
  red: (s: string) => string;
}

export function deployResultLines(r: ClusterDeployResult, { paint }: { paint: Paint }): string[] {
  const m = t().deploy;
  const lines: string[] = [];
  const role = (h: { role: 'master' | 'backup' }) => (h.role === 'master' ? m.roleMaster : m.roleBackup);
  if (r.dryRun) {
    for (const h of r.hosts) {
      const changes = h.changed.length ? m.dryRunFilesWouldChange({ count: h.changed.length }) : m.dryRunNothingWouldChange;
      lines.push(paint.bold(m.dryRunHostHeading({ host: h.host, role: role(h), priority: h.priority, changes })));
      if (h.diff) lines.push(h.diff.trimEnd());
      if (h.commands?.length) {
        lines.push(m.dryRunCommandsHeading);
        for (const c of h.commands) lines.push(`  ${c}`);
      }
    }
    lines.push(m.dryRunNothingChanged({ cluster: r.cluster }));
    return lines;
  }
  const head = m.resultTable;
  const table = new Table({ style: { head: [], border: [] }, head: [head.host, head.role, head.priority, head.files, head.vrrpState, head.holdsVip, head.tomcat, head.result] });
  for (const h of r.hosts) {
    table.push([
      h.host,
      role(h),
      String(h.priority),
      h.changed.length ? m.filesChangedCount({ count: h.changed.length }) : m.filesUnchanged,
      h.state === undefined ? '-' : stateText(h.state),
      h.holdsVip ? m.holdsVipYes : m.holdsVipNo,
      h.tomcat === undefined ? '-' : httpAnswerText(h.tomcat),
      h.error ? paint.red(m.failedAtStep({ step: h.error.step })) : paint.green(m.hostOk),
    ]);
  }
  lines.push(m.clusterHeading({ cluster: r.cluster }));
  lines.push(table.toString());
  const nothing = r.hosts.every((h) => !h.changed.length && !h.activated.length && !h.error);
  if (nothing && r.ok) lines.push(m.nothingChanged);
  const gens = [...new Set(r.hosts.flatMap((h) => (h.generation ? [h.generation] : [])))];
  if (r.ok && gens.length === 1) lines.push(m.generationRecordedEverywhere({ generation: gens[0]! }));
  for (const [vip, holders] of Object.entries(r.vipHolders)) {
    const http = r.httpThroughVip ? m.httpThroughVipAnswered({ http: httpAnswerText(r.httpThroughVip) }) : '';
    lines.push(m.vipHeldBy({ vip, holders: joinList(holders) || m.vipHeldByNoHost }) + http);
  }
  if (r.clients) lines.push(clientsLine(r.clients, paint));
  for (const h of r.hosts) if (h.error) lines.push(paint.red(h.error.message));
  for (const p of r.problems) if (!r.hosts.some((h) => h.error?.message === p)) lines.push(paint.red(m.problemLine({ problem: p })));
  lines.push(r.ok ? paint.green(m.deployedAndVerified({ cluster: r.cluster })) : paint.red(m.notVerified({ cluster: r.cluster })));
  return lines;
}

/** What clients saw while the change was applied (./clients.ts): red when a request failed or two hosts held the VIP. */
function clientsLine(c: DeployClients, paint: Paint): string {
  const m = t().deploy;
  if (!c.measured) return m.clientsNotMeasured({ vip: c.vip });
  const story =
    (c.holders.length === 1 ? m.clientsVipStayed({ host: c.holders[0]! }) : m.clientsVipMoved({ path: c.holders.join(' → ') })) +
    (c.twoHoldersSeconds > 0 ? m.clientsTwoHolders({ seconds: c.twoHoldersSeconds.toFixed(3) }) : '');
  const line = m.clientsDuringChange({ failed: c.failed, requests: c.requests, story });
  return c.failed > 0 || c.twoHoldersSeconds > 0 ? paint.red(line) : line;
}
