// Reproducible results: every benchmark run is saved as raw JSON under bench/results/, named with its date
// and the exact commit it measured, together with the machine, the options and its timing. The Markdown
// summary is rendered from that JSON (and can be rendered again from it with --from, running nothing).
//
// A run refuses to start on a working tree with uncommitted changes (the commit would not say what was
// measured) unless --dirty is given; the file then says dirty: true and carries the diff stat.
// Files under bench/results/ do not count as changes: a result just written does not change the code.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib.js';

export const RECORD_FORMAT = 'hasetup-bench-results';
export const RECORD_FORMAT_VERSION = 1;
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

export interface GitState {
  /** `git rev-parse HEAD` */
  commit: string;
  /** uncommitted changes outside bench/results/ */
  dirty: boolean;
  /** `git status --porcelain` lines (outside bench/results/) */
  status: string[];
  /** `git diff --stat HEAD` (tracked files; untracked ones are in status) */
  diffStat: string;
}

export interface Machine {
  hostname: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the run started: a busy machine gives noisy figures */
  loadAverage: number[];
}

/** One benchmark run, as saved: where and when it ran, on which code, how it was called, and its data. */
export interface BenchRecord<T> {
  format: typeof RECORD_FORMAT;
  formatVersion: typeof RECORD_FORMAT_VERSION;
  bench: string;
  commit: string;
  dirty: boolean;
  gitStatus: string[];
  diffStat: string;
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  machine: Machine;
  /** the command line, from `bench/NAME.ts` on */
  command: string[];
  options: Record<string, unknown>;
  data: T;
}

const NOT_RESULTS = ['--', '.', ':(exclude)bench/results'];

export function gitState(root = ROOT): GitState {
  const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  const commit = git('rev-parse', 'HEAD').trim();
  const status = git('status', '--porcelain', '--untracked-files=all', ...NOT_RESULTS)
    .split('\n')
    .filter((l) => l.trim() !== '');
  const diffStat = status.length ? git('diff', '--stat', 'HEAD', ...NOT_RESULTS).trimEnd() : '';
  return { commit, dirty: status.length > 0, status, diffStat };
}

/** The tree's state; throws when it has uncommitted changes and --dirty was not given. */
export function checkTree(allowDirty: boolean): GitState {
  const git = gitState();
  if (git.dirty && !allowDirty) {
    throw new Error(
      `the working tree has uncommitted changes, so commit ${git.commit.slice(0, 12)} would not say what was measured:\n` +
        `${git.status.map((l) => `  ${l}`).join('\n')}\n` +
        'commit them first, or run with --dirty (the results file then says dirty: true, with the diff stat)',
    );
  }
  if (git.dirty) console.log(`warning: --dirty: measuring uncommitted changes on top of ${git.commit.slice(0, 12)} (recorded in the results file)`);
  return git;
}

export function machineInfo(): Machine {
  const cpus = os.cpus();
  return {
    hostname: os.hostname(),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/** bench-YYYY-MM-DD-HHMMSS-COMMIT[-dirty]: sorts by date, names the exact commit, never overwrites an earlier run. */
export function resultBaseName(bench: string, startedAt: string, commit: string, dirty: boolean): string {
  const d = startedAt.replace(/\.\d+Z$/, 'Z');
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(d);
  if (!m) throw new Error(`not an ISO date: ${startedAt}`);
  return `${bench}-${m[1]}-${m[2]}${m[3]}${m[4]}-${commit}${dirty ? '-dirty' : ''}`;
}

/** Starts a record: call when the run starts (the load average then is what matters), fill in data at the end. */
export function newRecord<T>(bench: string, git: GitState, options: Record<string, unknown>, data: T): BenchRecord<T> {
  return {
    format: RECORD_FORMAT,
    formatVersion: RECORD_FORMAT_VERSION,
    bench,
    commit: git.commit,
    dirty: git.dirty,
    gitStatus: git.status,
    diffStat: git.diffStat,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    wallSeconds: 0,
    machine: machineInfo(),
    command: [path.relative(ROOT, process.argv[1] ?? ''), ...process.argv.slice(2)],
    options,
    data,
  };
}

/**
 * Writes RESULTS_DIR/BASE.json, then BASE.md rendered from the record (`render` gets the JSON's path relative to
 * the repository root, for the Markdown to name its source); returns both paths, relative to the root.
 */
export async function saveRecord<T>(record: BenchRecord<T>, render: (jsonName: string) => string): Promise<{ json: string; md: string }> {
  record.finishedAt ||= new Date().toISOString();
  if (!record.wallSeconds) record.wallSeconds = Math.round((Date.parse(record.finishedAt) - Date.parse(record.startedAt)) / 1000);
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const base = path.join(RESULTS_DIR, resultBaseName(record.bench, record.startedAt, record.commit, record.dirty));
  await fs.writeFile(`${base}.json`, JSON.stringify(record, null, 2) + '\n');
  const json = path.relative(ROOT, `${base}.json`);
  await fs.writeFile(`${base}.md`, render(json));
  return { json, md: path.relative(ROOT, `${base}.md`) };
}

/**
 * The end of every benchmark run: the record finished now, saved (JSON + Markdown), its text summary printed with
 * where the files and the command log are, and the wall time.
 */
export async function finishRecord<T>(
  record: BenchRecord<T>,
  render: { markdown: (record: BenchRecord<T>, jsonName: string) => string; text: (record: BenchRecord<T>) => string },
  logFile: string,
): Promise<void> {
  record.finishedAt = new Date().toISOString();
  const files = await saveRecord(record, (json) => render.markdown(record, json));
  console.log(`\n${render.text(record)}`);
  console.log(`\nraw JSON: ${files.json}\nMarkdown: ${files.md}\nlog of every command: ${logFile}`);
  console.log(`benchmark wall time: ${record.wallSeconds} s`);
}

/** --from FILE: renders a saved record's Markdown again, beside it (same name, .md); returns the record. */
export async function rerender<T>(file: string, bench: string, render: (record: BenchRecord<T>, jsonName: string) => string): Promise<BenchRecord<T>> {
  const { record, mdFile } = await loadRecord<T>(file, bench);
  await fs.writeFile(mdFile, render(record, path.relative(ROOT, path.resolve(file))));
  console.log(`Markdown rendered again from ${file}: ${mdFile}\n`);
  return record;
}

/** Reads a saved record of this bench (for --from); the Markdown goes beside it, same name, .md. */
export async function loadRecord<T>(file: string, bench: string): Promise<{ record: BenchRecord<T>; mdFile: string }> {
  let doc: unknown;
  try {
    doc = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read it as JSON: ${(err as Error).message}`, { cause: err });
  }
  const r = doc as Partial<BenchRecord<T>>;
  if (r.format !== RECORD_FORMAT || r.formatVersion !== RECORD_FORMAT_VERSION) {
    throw new Error(`${file}: not a benchmark results file (format ${RECORD_FORMAT} version ${RECORD_FORMAT_VERSION})`);
  }
  if (r.bench !== bench) throw new Error(`${file}: results of bench/${String(r.bench)}.ts, not of bench/${bench}.ts`);
  return { record: r as BenchRecord<T>, mdFile: file.replace(/\.json$/, '') + '.md' };
}

/** The Markdown lines every summary starts with: when, which code (and whether it was dirty), where, how. */
export function provenanceMarkdown(record: BenchRecord<unknown>, jsonName?: string): string[] {
  const m = record.machine;
  const lines = [
    `- date: ${record.startedAt} to ${record.finishedAt} (${record.wallSeconds} s)`,
    `- commit: \`${record.commit}\`${record.dirty ? ' **plus uncommitted changes (run with --dirty)**: the figures are not of that commit alone' : ' (clean working tree)'}`,
    `- machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.kernel}, Node ${m.node}; load average at the start ${m.loadAverage.join(' / ')}`,
    `- command: \`npx tsx ${record.command.join(' ')}\``,
  ];
  if (jsonName) lines.push(`- raw data: \`${jsonName}\` (this file is rendered from it: \`npx tsx ${record.command[0] ?? ''} --from ${jsonName}\`)`);
  if (record.dirty) {
    lines.push('', 'Uncommitted changes when this ran:', '', '```', ...record.gitStatus, ...(record.diffStat ? ['', record.diffStat] : []), '```');
  }
  return lines;
}
