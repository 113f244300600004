// The soak benchmark's data and what is made of it: per timing preset, how often the VIP changed hands while
// the machine's CPUs were saturated and nothing had failed (every change is a needless failover), as terminal
// text and Markdown. Pure: it works on a saved results file, so --from can render it again.
import { markdownTable, textTable } from './lib.js';
import { provenanceMarkdown, type BenchRecord } from './record.js';

export const PRESETS = ['fast', 'standard', 'conservative'] as const;
export type Preset = (typeof PRESETS)[number];

/** An address event of the VIP, seen by `ip monitor address` on a host (epoch ms, the machine's clock). */
export interface VipEvent {
  t: number;
  host: string;
  kind: 'add' | 'del';
}

export interface PresetRecord {
  preset: Preset;
  lab: string;
  /** the timing in effect, read from the master's keepalived config after deploy */
  timing: { vrrpVersion: number; advertInt: number; checkInterval: number; fall: number; rise: number } | null;
  /** the VIP holder before the soak (the master) */
  initialHolder: string | null;
  /** what went wrong (setting up the lab, watching, reading the result); no figure unless the soak was watched to its end */
  setupError?: string;
  stress?: {
    command: string[];
    startedAt: number;
    endedAt: number;
    exitCode: number | null;
    /** stress-ng's own summary (bogo ops: proof that it ran) */
    output: string;
  };
  /** the monitors ran from..to (epoch ms): the stress, plus a cool-down after it */
  watchedFrom: number;
  watchedTo: number;
  events: VipEvent[];
  /** hosts whose monitor ended by itself during the soak: their address events may be missing */
  monitorsLost: string[];
  /** keepalived state changes during the soak, from each host's transitions log (written by hasetup's notify script) */
  transitions: { host: string; t: number; state: string }[];
  /** `hasetup status --json` after the soak */
  final: { holders: string[]; states: Record<string, string> } | null;
  loadAverage: { before: number[]; after: number[] };
}

export interface SoakData {
  minutes: number;
  cooldownSeconds: number;
  cpus: number;
  presets: PresetRecord[];
}

export type SoakRecord = BenchRecord<SoakData>;

/** A change of the VIP's holder: the VIP added on a host that did not hold it. */
export interface HolderChange {
  t: number;
  host: string;
  /** to a host other than the one that held the VIP before the soak */
  away: boolean;
}

/**
 * Every time the VIP appeared on a host other than the one that last held it, in time order (the VIP gone and
 * back on the same host is no change). Any such change during a soak is needless.
 */
export function holderChanges(events: readonly VipEvent[], initialHolder: string | null): HolderChange[] {
  const holding = new Set<string>(initialHolder ? [initialHolder] : []);
  let last = initialHolder;
  const changes: HolderChange[] = [];
  for (const e of [...events].sort((a, b) => a.t - b.t)) {
    if (e.kind === 'del') holding.delete(e.host);
    else if (!holding.has(e.host)) {
      holding.add(e.host);
      if (e.host !== last) changes.push({ t: e.t, host: e.host, away: e.host !== initialHolder });
      last = e.host;
    }
  }
  return changes;
}

export interface PresetSummary {
  preset: Preset;
  /** moves of the VIP away from the master: the needless failovers */
  needless: number | null;
  /** every holder change (moves away and back) */
  changes: number | null;
  stateChanges: number | null;
  soakSeconds: number | null;
  finalHolder: string;
  problems: string[];
}

export function summarisePreset(p: PresetRecord): PresetSummary {
  const problems: string[] = [];
  if (p.setupError) problems.push(p.setupError);
  if (p.monitorsLost.length) problems.push(`the address monitor ended early on ${p.monitorsLost.join(', ')}: changes there may be missing (see the state changes)`);
  if (p.stress && p.stress.exitCode !== 0) problems.push(`stress-ng exited ${p.stress.exitCode}`);
  const final = p.final;
  if (final && final.holders.length !== 1) problems.push(`after the soak the VIP is held by ${final.holders.join(', ') || 'nobody'}`);
  // Figures exist once the soak itself was watched to its end (a later error, say in the status, keeps them).
  const measured = p.stress !== undefined && p.watchedTo > 0;
  const changes = measured ? holderChanges(p.events, p.initialHolder) : [];
  return {
    preset: p.preset,
    needless: measured ? changes.filter((c) => c.away).length : null,
    changes: measured ? changes.length : null,
    stateChanges: measured ? p.transitions.length : null,
    soakSeconds: p.stress ? (p.stress.endedAt - p.stress.startedAt) / 1000 : null,
    finalHolder: final ? final.holders.join(', ') || 'nobody' : '-',
    problems,
  };
}

const n = (x: number | null) => (x === null ? '-' : String(x));

function timingText(p: PresetRecord): string {
  const t = p.timing;
  return t ? `v${t.vrrpVersion}, advert_int ${t.advertInt} s, check ${t.checkInterval} s fall ${t.fall}` : '-';
}

function table(d: SoakData, render: typeof textTable): string {
  return render(
    ['preset', 'timing in effect', 'CPU saturated', 'needless failovers', 'holder changes', 'VRRP state changes', 'VIP at the end'],
    d.presets.map((p) => {
      const s = summarisePreset(p);
      return [
        p.preset,
        timingText(p),
        s.soakSeconds === null ? '-' : `${s.soakSeconds.toFixed(0)} s`,
        n(s.needless),
        n(s.changes),
        n(s.stateChanges),
        s.finalHolder,
      ];
    }),
  );
}

/** "fast: 0 needless failovers in 600 s of saturated CPUs": the figure the README quotes. */
export function headline(p: PresetRecord, cpus: number): string {
  const s = summarisePreset(p);
  if (s.needless === null) return `${p.preset}: no figure (${s.problems.join('; ')})`;
  return `${p.preset}: ${s.needless} needless failover${s.needless === 1 ? '' : 's'} in ${s.soakSeconds?.toFixed(0)} s with ${cpus} CPU${cpus === 1 ? '' : 's'} saturated (${s.changes} holder changes, ${s.stateChanges} VRRP state changes)`;
}

function details(p: PresetRecord): string[] {
  const out: string[] = [];
  const start = p.stress?.startedAt ?? p.watchedFrom;
  const rel = (t: number) => `+${((t - start) / 1000).toFixed(3)} s`;
  const lines: [number, string][] = [
    ...holderChanges(p.events, p.initialHolder).map((c): [number, string] => [c.t, `the VIP appeared on ${c.host}${c.away ? ' (a needless failover)' : ' (back on the master)'}`]),
    ...p.transitions.map((t): [number, string] => [t.t, `${t.host} became ${t.state}`]),
  ];
  for (const [t, what] of lines.sort((a, b) => a[0] - b[0])) out.push(`${rel(t)} ${what}`);
  return out;
}

export function renderText(record: SoakRecord): string {
  const d = record.data;
  const out = [
    `Soak benchmark: ${d.minutes} min per preset, ${d.cpus} CPU${d.cpus === 1 ? '' : 's'} saturated by stress-ng, commit ${record.commit.slice(0, 12)}${record.dirty ? ' + uncommitted changes' : ''}`,
    '',
    ...d.presets.map((p) => headline(p, d.cpus)),
    '',
    table(d, textTable),
  ];
  for (const p of d.presets) {
    const s = summarisePreset(p);
    const lines = details(p);
    if (!lines.length && !s.problems.length) continue;
    out.push('', `${p.preset}:`, ...s.problems.map((x) => `  problem: ${x}`), ...lines.map((l) => `  ${l}`));
  }
  out.push('', 'Nothing failed during the soak: every change of the VIP holder is needless (a failover and, with preemption, a move back).');
  return out.join('\n');
}

export function renderMarkdown(record: SoakRecord, jsonName?: string): string {
  const d = record.data;
  const out = [
    `# Soak benchmark: ${d.minutes} min of saturated CPUs per timing preset`,
    '',
    ...provenanceMarkdown(record, jsonName),
    `- per preset: a fresh 2-host lab deployed by \`hasetup deploy\` with \`timing: PRESET\`; once the VIP is settled on the master, \`stress-ng --cpu ${d.cpus} --cpu-load 100 --timeout ${d.minutes * 60}s\` on the machine the lab hosts share, then ${d.cooldownSeconds} s of cool-down`,
    '- watched: the VIP\'s address events on every host (`ip monitor address` over `hasetup lab ssh`), keepalived\'s state changes (the hosts\' transitions logs, written by hasetup\'s notify script) and `hasetup status --json` at the end',
    '- nothing fails during a soak: every change of the VIP holder is needless. Needless failovers = moves of the VIP away from the master; holder changes include the moves back',
    '',
    ...d.presets.map((p) => `- **${headline(p, d.cpus)}**`),
    '',
    table(d, markdownTable),
    '',
  ];
  for (const p of d.presets) {
    const s = summarisePreset(p);
    const lines = details(p);
    out.push(`## ${p.preset}`, '');
    out.push(`- lab \`${p.lab}\`; timing in effect: ${timingText(p)}; VIP on ${p.initialHolder ?? '-'} before, ${s.finalHolder} after`);
    out.push(`- load average before / after: ${p.loadAverage.before.join(' / ')} -> ${p.loadAverage.after.join(' / ')}`);
    for (const x of s.problems) out.push(`- problem: ${x}`);
    if (p.stress) out.push('', 'stress-ng:', '', '```', `$ ${p.stress.command.join(' ')}`, p.stress.output.trim(), '```');
    out.push('', lines.length ? ['```', ...lines, '```'].join('\n') : 'No holder change, no VRRP state change.', '');
  }
  return out.join('\n');
}
