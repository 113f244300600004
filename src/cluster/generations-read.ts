// The read side of generations (docs/generations.md): where a host keeps them, what a manifest is, and the one
// script that reads a cluster's record on a host with its parser. Here, below deploy/ and cluster/status-read.ts,
// because status reads generations too and must not import the deploy code that writes them
// (src/deploy/generations.ts: recording, committing, restoring).
// Layout on a host:
//   /var/lib/hasetup/<cluster>/generations/<id>/manifest.json   written last: a generation without it is not one
//   /var/lib/hasetup/<cluster>/generations/<id>/files/<sha256>  the file contents, by hash
//   /var/lib/hasetup/<cluster>/current                          id of the generation the host runs
//   /var/lib/hasetup/<cluster>/pending                          id a deploy or rollback is moving the host to
import { createHash } from 'node:crypto';
import { HostStepError, lastLines } from '../errors.js';
import { t } from '../i18n/index.js';
import type { RemoteHost } from '../remote/host.js';
import { stateDir } from '../hostpaths.js';
import { isHostShared } from './host-shared-files.js';
import { cmd, joinCommands, type ShellCommand } from '../remote/command.js';

/** The generation that holds each host's files from before hasetup's first recorded deploy. */
export const INITIAL = 'initial';

export interface GenFile {
  path: string;
  /** sha256 of the content; null: the file does not exist in this generation. */
  sha256: string | null;
  mode: number;
}

export interface GenManifest {
  id: string;
  cluster: string;
  host: string;
  /** ISO time the generation was recorded. */
  createdAt: string;
  /** The generation the host was on before (null for INITIAL). */
  previous: string | null;
  files: GenFile[];
  /** Paths whose content differs from the previous generation (what this deploy changed on this host). */
  changed: string[];
  /**
   * What this generation added outside files (firewall rules: planners/firewall.ts), as the shell lines that
   * remove it again; a rollback to an older generation runs them. Written by hasetup's own planner (every
   * value quoted by cmd`...`) into the root-only generation directory, and run back through `sh -s`.
   */
  undo?: { step: string; script: string }[];
}

/** What a host has recorded for a cluster. */
export interface HostGenerations {
  host: string;
  current: string | null;
  pending: string | null;
  /** Sorted oldest first (INITIAL first). */
  manifests: GenManifest[];
}

export const sha256 = (content: string) => createHash('sha256').update(content, 'utf8').digest('hex');

// `state` overrides /var/lib/hasetup/<cluster> (unit tests run the scripts in a temporary directory).
export const generationsDir = (cluster: string, state = stateDir(cluster)) => `${state}/generations`;
export const generationDir = (cluster: string, id: string, state = stateDir(cluster)) => `${generationsDir(cluster, state)}/${id}`;
export const currentFile = (cluster: string, state = stateDir(cluster)) => `${state}/current`;
export const pendingFile = (cluster: string, state = stateDir(cluster)) => `${state}/pending`;

/** Generation ids: INITIAL, or UTC time + a short hash of what every host gets (sorts by time). */
export const GENERATION_ID_RE = /^(initial|\d{8}T\d{6}Z-[0-9a-f]{8})$/;

export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  if (a === INITIAL) return -1;
  if (b === INITIAL) return 1;
  return a < b ? -1 : 1;
}

export function readScript(cluster: string, state?: string): ShellCommand {
  const dir = generationsDir(cluster, state);
  return joinCommands(
    [
      cmd`echo "@@current $(cat ${currentFile(cluster, state)} 2>/dev/null)"`,
      cmd`echo "@@pending $(cat ${pendingFile(cluster, state)} 2>/dev/null)"`,
      cmd`for m in ${dir}/*/manifest.json; do [ -f "$m" ] || continue; echo "@@manifest"; tr -d '\\n' < "$m"; echo; done`,
      cmd`echo @@end`,
    ],
    '; ',
  );
}

function isManifest(v: unknown): v is GenManifest {
  const m = v as GenManifest;
  return typeof m === 'object' && m !== null && typeof m.id === 'string' && GENERATION_ID_RE.test(m.id) && Array.isArray(m.files) && Array.isArray(m.changed);
}

export function parseGenerations(host: string, out: string): HostGenerations {
  const lines = out.split('\n');
  const value = (tag: string) => {
    const v = lines.find((l) => l.startsWith(`@@${tag} `) || l === `@@${tag}`)?.slice(tag.length + 3).trim();
    return v && GENERATION_ID_RE.test(v) ? v : null;
  };
  const manifests: GenManifest[] = [];
  lines.forEach((l, i) => {
    if (l !== '@@manifest') return;
    try {
      const m: unknown = JSON.parse(lines[i + 1] ?? '');
      if (isManifest(m)) manifests.push(m);
    } catch {
      // A manifest that does not parse is not a generation (it cannot be restored from).
    }
  });
  manifests.sort((a, b) => compareIds(a.id, b.id));
  return { host, current: value('current'), pending: value('pending'), manifests };
}

export async function readGenerations(remote: RemoteHost, cluster: string): Promise<HostGenerations> {
  const r = await remote.run(readScript(cluster), { timeoutMs: 30_000 });
  if (!r.stdout.includes('@@end')) throw new HostStepError(remote.name, t().deploy.steps.readGenerations, lastLines(r.stderr || `exit ${r.code}`, 5));
  return parseGenerations(remote.name, r.stdout);
}

/** readScript's output when it ran after another script (src/facts/gather.ts gatherFactsThen); throws when it did not end. */
export function generationsFrom(host: string, out: string | undefined): HostGenerations {
  if (out === undefined || !out.includes('@@end')) throw new HostStepError(host, t().deploy.steps.readGenerations, t().deploy.noOutput);
  return parseGenerations(host, out);
}

/** The manifest of the host's current generation, if it has one recorded. */
export function currentManifest(g: HostGenerations): GenManifest | undefined {
  return g.current ? g.manifests.find((m) => m.id === g.current) : undefined;
}

/**
 * Paths whose live content is not what the host's current generation recorded: a deploy or rollback that
 * was cut off (files written, never activated or never committed). The next deploy activates them again.
 * A file the host's clusters share counts only when this cluster's own deploy was cut off (`pending`): another
 * cluster's deploy changes it too, and that is no reason for a new generation here (issue 21, M8).
 */
export function driftedPaths(g: HostGenerations, live: Record<string, string | undefined>): string[] {
  const cur = currentManifest(g);
  if (!cur) return g.pending ? Object.keys(live) : [];
  return cur.files
    .filter((f) => g.pending || !isHostShared(f.path))
    .filter((f) => (live[f.path] === undefined ? null : sha256(live[f.path]!)) !== f.sha256)
    .map((f) => f.path);
}
