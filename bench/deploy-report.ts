// The deploy benchmark's data and what is made of it: median / min / max of cold and unchanged deploys per
// host count, the bare lab's install path, and the goals as verdicts; as terminal text and Markdown.
// Pure: it works on a saved results file, so --from can render it again without running anything.
import { markdownTable, max, median, min, secs, textTable } from './lib.js';
import { provenanceMarkdown, type BenchRecord } from './record.js';

// The goals (seconds / ratio).
export const GOAL_UNCHANGED_2 = 1.5; // unchanged redeploy of 2 hosts
export const GOAL_COLD = 5; // cold deploy on hosts that already have the packages
export const GOAL_RATIO_4_VS_2 = 1.5; // 4 hosts take less than 1.5 times as long as 2

// Issue 14's goals: ratios to floors measured in the same round.
export const GOAL_STARTUP_VS_NODE = 2; // --version and --help vs `node -e 0`
export const GOAL_STATUS_VS_SSH = 1.5; // status vs `ssh HOST true` to every host in parallel
export const GOAL_UNCHANGED_VS_SSH = 3;
export const GOAL_COLD_VS_SSH = 8;
export const GOAL_4_VS_2 = 1.2; // status and unchanged deploy, 4 hosts vs 2

/** Medians (seconds) of interleaved samples taken in one round: the floors and the quick commands. */
export interface Quick {
  /** `node -e 0` */
  node: number;
  /** `ssh HOST true` to every host at once (OpenSSH, the lab's key and known_hosts) */
  ssh: number;
  version: number;
  help: number;
  status: number;
  unchanged: number;
}

export interface Round {
  labUp: number;
  cold: number;
  unchanged: number;
  /** the second deploy said that nothing changed (a sanity check that it measured the unchanged path) */
  unchangedConfirmed: boolean;
  /** absent in results from before issue 14 */
  quick?: Quick;
}

/** Each round's figure over its floor from the same round, then the median over the rounds. */
export function ratioToFloor(rounds: readonly Round[], figure: (r: Round, q: Quick) => number, floor: (q: Quick) => number): number | null {
  return median(rounds.flatMap((r) => (r.quick && floor(r.quick) > 0 ? [figure(r, r.quick) / floor(r.quick)] : [])));
}

const x = (r: number | null) => (r === null ? '-' : `${r.toFixed(2)}x`);
const le = (r: number | null, goal: number) => (r === null ? null : r <= goal);

/** The issue-14 table: per host count, each figure, its floor and the ratio; and the goals. */
function floorTables(d: DeployData): { head: string[]; rows: string[][]; goals: string[][] } | undefined {
  const withQuick = d.results.filter((r) => r.rounds.some((x) => x.quick));
  if (!withQuick.length) return undefined;
  const head = ['hosts', 'node -e 0', 'ssh true (all)', '--version', '--help', 'status', 'unchanged', 'cold'];
  const rows: string[][] = [];
  const goals: string[][] = [];
  const q = (rounds: readonly Round[], k: keyof Quick) => median(rounds.flatMap((r) => (r.quick ? [r.quick[k]] : [])));
  for (const { hosts, rounds } of withQuick) {
    const version = ratioToFloor(rounds, (_, qq) => qq.version, (qq) => qq.node);
    const help = ratioToFloor(rounds, (_, qq) => qq.help, (qq) => qq.node);
    const status = ratioToFloor(rounds, (_, qq) => qq.status, (qq) => qq.ssh);
    const unchanged = ratioToFloor(rounds, (_, qq) => qq.unchanged, (qq) => qq.ssh);
    const cold = ratioToFloor(rounds, (r) => r.cold, (qq) => qq.ssh);
    rows.push([
      String(hosts),
      secs(q(rounds, 'node')),
      secs(q(rounds, 'ssh')),
      `${secs(q(rounds, 'version'))} (${x(version)})`,
      `${secs(q(rounds, 'help'))} (${x(help)})`,
      `${secs(q(rounds, 'status'))} (${x(status)})`,
      `${secs(q(rounds, 'unchanged'))} (${x(unchanged)})`,
      `${secs(median(rounds.map((r) => r.cold)))} (${x(cold)})`,
    ]);
    goals.push(
      [`${hosts} hosts: --version / node -e 0 <= ${GOAL_STARTUP_VS_NODE}`, x(version), verdict(le(version, GOAL_STARTUP_VS_NODE))],
      [`${hosts} hosts: --help / node -e 0 <= ${GOAL_STARTUP_VS_NODE}`, x(help), verdict(le(help, GOAL_STARTUP_VS_NODE))],
      [`${hosts} hosts: status / ssh true <= ${GOAL_STATUS_VS_SSH}`, x(status), verdict(le(status, GOAL_STATUS_VS_SSH))],
      [`${hosts} hosts: unchanged deploy / ssh true <= ${GOAL_UNCHANGED_VS_SSH}`, x(unchanged), verdict(le(unchanged, GOAL_UNCHANGED_VS_SSH))],
      [`${hosts} hosts: cold deploy / ssh true <= ${GOAL_COLD_VS_SSH}`, x(cold), verdict(le(cold, GOAL_COLD_VS_SSH))],
    );
  }
  const two = withQuick.find((r) => r.hosts === 2);
  const four = withQuick.find((r) => r.hosts === 4);
  if (two && four) {
    for (const k of ['status', 'unchanged'] as const) {
      const a = q(two.rounds, k);
      const b = q(four.rounds, k);
      const r = a !== null && b !== null && a > 0 ? b / a : null;
      goals.push([`${k}: 4 hosts / 2 hosts <= ${GOAL_4_VS_2}`, x(r), verdict(le(r, GOAL_4_VS_2))]);
    }
    // Context, not a goal: what the floor itself does with twice the hosts on this machine (the lab's hosts share
    // its CPUs), and each figure's growth beyond it.
    const sshTwo = q(two.rounds, 'ssh');
    const sshFour = q(four.rounds, 'ssh');
    const floor = sshTwo !== null && sshFour !== null && sshTwo > 0 ? sshFour / sshTwo : null;
    goals.push([`(context) ssh true floor: 4 hosts / 2 hosts`, x(floor), '-']);
    for (const k of ['status', 'unchanged'] as const) {
      const a = q(two.rounds, k);
      const b = q(four.rounds, k);
      const r = a !== null && b !== null && a > 0 && floor !== null ? b / a / floor : null;
      goals.push([`(context) ${k}: 4 hosts / 2 hosts, over the floor's own growth`, x(r), '-']);
    }
  }
  return { head, rows, goals };
}

/** What the bare lab gave: the figures, or the failure (a finding, reported with the other figures). */
export interface BareResult {
  cold?: number;
  unchanged?: number;
  error?: string;
}

export interface DeployData {
  rounds: number;
  results: { hosts: number; rounds: Round[] }[];
  bare?: BareResult;
}

export type DeployRecord = BenchRecord<DeployData>;

const verdict = (ok: boolean | null) => (ok === null ? 'n/a' : ok ? 'met' : 'NOT met');

function tables(d: DeployData): { head: string[]; rows: string[][]; goals: string[][]; unconfirmed: number } {
  const head = ['hosts', 'rounds', 'cold median', 'cold min', 'cold max', 'unchanged median', 'unchanged min', 'unchanged max', 'lab up median'];
  const rows = d.results.map(({ hosts, rounds }) => {
    const cold = rounds.map((r) => r.cold);
    const unchanged = rounds.map((r) => r.unchanged);
    return [
      String(hosts),
      String(rounds.length),
      secs(median(cold)),
      secs(min(cold)),
      secs(max(cold)),
      secs(median(unchanged)),
      secs(min(unchanged)),
      secs(max(unchanged)),
      secs(median(rounds.map((r) => r.labUp)), 2),
    ];
  });
  const med = (hosts: number, key: 'cold' | 'unchanged') => median((d.results.find((r) => r.hosts === hosts)?.rounds ?? []).map((r) => r[key]));
  const ratio = (key: 'cold' | 'unchanged') => {
    const a = med(2, key);
    const b = med(4, key);
    return a !== null && b !== null && a > 0 ? b / a : null;
  };
  const u2 = med(2, 'unchanged');
  const goals: string[][] = [[`unchanged redeploy, 2 hosts < ${GOAL_UNCHANGED_2} s`, secs(u2), verdict(u2 === null ? null : u2 < GOAL_UNCHANGED_2)]];
  for (const { hosts } of d.results) {
    const c = med(hosts, 'cold');
    goals.push([`cold deploy, ${hosts} hosts (packages present) < ${GOAL_COLD} s`, secs(c), verdict(c === null ? null : c < GOAL_COLD)]);
  }
  for (const key of ['cold', 'unchanged'] as const) {
    const r = ratio(key);
    goals.push([`${key}: 4 hosts / 2 hosts < ${GOAL_RATIO_4_VS_2}`, r === null ? '-' : `${r.toFixed(2)}x`, verdict(r === null ? null : r < GOAL_RATIO_4_VS_2)]);
  }
  const unconfirmed = d.results.flatMap((r) => r.rounds).filter((r) => !r.unchangedConfirmed).length;
  return { head, rows, goals, unconfirmed };
}

function bareLine(bare: BareResult | undefined): string | undefined {
  if (bare?.error) return `bare lab, 2 hosts (install path, once): ${bare.error}`;
  if (bare) return `bare lab, 2 hosts (install path, once): cold deploy ${secs(bare.cold)}, unchanged redeploy ${secs(bare.unchanged)}`;
  return undefined;
}

export function renderText(record: DeployRecord): string {
  const d = record.data;
  const t = tables(d);
  const out = [
    `Deploy benchmark: median of ${d.rounds} rounds, each on a fresh lab (${record.machine.cpus} CPUs, commit ${record.commit.slice(0, 12)}${record.dirty ? ' + uncommitted changes' : ''})`,
    '',
    textTable(t.head, t.rows),
  ];
  const bare = bareLine(d.bare);
  if (bare) out.push('', bare);
  if (t.unconfirmed) out.push('', `warning: ${t.unconfirmed} unchanged redeploy(s) did not report "nothing changed"`);
  out.push('', 'Goals (medians):', '', textTable(['goal', 'measured', 'verdict'], t.goals));
  const f = floorTables(d);
  if (f) {
    out.push('', 'Against the floors measured in the same round (seconds, and the median of the per-round ratios):', '', textTable(f.head, f.rows));
    out.push('', 'Goals of issue 14 (ratios):', '', textTable(['goal', 'measured', 'verdict'], f.goals));
  }
  return out.join('\n');
}

export function renderMarkdown(record: DeployRecord, jsonName?: string): string {
  const d = record.data;
  const t = tables(d);
  const out = [
    `# Deploy benchmark: median of ${d.rounds} rounds, each on a fresh lab`,
    '',
    ...provenanceMarkdown(record, jsonName),
    '- each round: fresh `lab up` (cold hosts with keepalived and Tomcat installed) -> time `hasetup deploy INV` (cold) -> time it again (unchanged: nothing written or restarted) -> `lab down`; times are wall-clock times of the whole `node dist/cli.js deploy` process',
    '',
    markdownTable(t.head, t.rows),
    '',
  ];
  const bare = bareLine(d.bare);
  if (bare) out.push(bare, '');
  if (t.unconfirmed) out.push(`Warning: ${t.unconfirmed} unchanged redeploy(s) did not report "nothing changed".`, '');
  out.push('## Goals (medians)', '', markdownTable(['goal', 'measured', 'verdict'], t.goals), '');
  const f = floorTables(d);
  if (f) {
    out.push(
      '## Against the floors measured in the same round',
      '',
      'Floors: `node -e 0` (Node\'s own start-up) and `ssh HOST true` to every host at once with OpenSSH (the lab\'s key and known_hosts). ' +
        'Each round takes the median of interleaved samples of the floors, `--version`, `--help`, `status` and unchanged deploys; a ratio is the ' +
        'median over the rounds of each round\'s figure over its own floor (cold: the round\'s one cold deploy).',
      '',
      markdownTable(f.head, f.rows),
      '',
      '### Goals of issue 14 (ratios)',
      '',
      markdownTable(['goal', 'measured', 'verdict'], f.goals),
      '',
    );
  }
  out.push(
    '## Every round',
    '',
    markdownTable(
      ['hosts', 'round', 'lab up', 'cold', 'unchanged', '"nothing changed"'],
      d.results.flatMap(({ hosts, rounds }) =>
        rounds.map((r, i) => [String(hosts), String(i + 1), secs(r.labUp, 2), secs(r.cold), secs(r.unchanged), r.unchangedConfirmed ? 'yes' : 'no']),
      ),
    ),
    '',
  );
  return out.join('\n');
}
