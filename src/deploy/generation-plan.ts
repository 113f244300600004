// Which generation a deploy moves a cluster to, and from where: pure, from the plans, the hosts' recorded
// generations and their live files (docs/generations.md).
import type { HostFacts } from '../facts/types.js';
import { HasetupError } from '../errors.js';
import { t } from '../i18n/index.js';
import type { Cluster } from '../inventory/model.js';
import type { RemoteHost } from '../remote/host.js';
import type { GenerationMove, HostWork } from './activation.js';
import { currentManifest, driftedPaths, generationsDir, INITIAL, KEEP_GENERATIONS, manifestOf, sha256, type HostGenerations, type NewFile } from './generations.js';
import type { HostPlan } from './plan.js';

/** Anything to do: files, steps, or hosts not (all) on one recorded generation. */
export function generationNeeded(plans: Map<string, HostPlan>, gens: Map<string, HostGenerations>): boolean {
  const currents = new Set([...gens.values()].map((g) => g.current));
  if (currents.size > 1 || currents.has(null)) return true;
  if ([...gens.values()].some((g) => g.pending)) return true;
  return [...plans.values()].some((p) => p.changed.length > 0 || p.prepare.length > 0 || p.activate.length > 0);
}

const DRIFT_NOTE = '\n# hasetup: written by a deploy that was cut off before this host recorded it; activated again\n';

/**
 * The facts a plan is made from, with every file that differs from the host's recorded generation marked as
 * different (so a deploy that was cut off after writing files, before activating them, activates them now).
 */
export function withDrift(facts: HostFacts, g: HostGenerations): HostFacts {
  const drifted = driftedPaths(g, facts.files);
  if (drifted.length === 0) return facts;
  const files = { ...facts.files };
  for (const p of drifted) if (files[p] !== undefined) files[p] = files[p] + DRIFT_NOTE;
  return { ...facts, files };
}

/** One host's move to generation `id`: what it runs now (restored on failure) and what it moves to. Pure. */
export function generationMove(cluster: Cluster, host: string, plan: HostPlan, g: HostGenerations, live: Record<string, string | undefined>, id: string, now: Date): GenerationMove {
  const cur = currentManifest(g);
  if (g.current && !cur) {
    throw new HasetupError(t().deploy.generationMissing({ host, id: g.current, dir: generationsDir(cluster.name) }), {
      hint: t().deploy.generationMissingHint({ host, path: generationsDir(cluster.name).replace(/generations$/, 'current') }),
    });
  }
  let previous = cur ?? g.manifests.find((m) => m.id === INITIAL);
  let recordPrevious: NewFile[] | undefined;
  if (!previous) {
    previous = {
      id: INITIAL,
      cluster: cluster.name,
      host,
      createdAt: now.toISOString(),
      previous: null,
      files: plan.files.map((f) => ({ path: f.path, sha256: live[f.path] === undefined ? null : sha256(live[f.path]!), mode: f.mode })),
      changed: [],
    };
    recordPrevious = plan.files.flatMap((f) => (live[f.path] === undefined ? [] : [{ path: f.path, content: live[f.path]!, mode: f.mode }]));
  }
  const nextFiles: NewFile[] = plan.files.map((f) => ({ path: f.path, content: f.content, mode: f.mode }));
  const before = new Map(previous.files.map((f) => [f.path, f.sha256]));
  const changed = nextFiles.filter((f) => before.get(f.path) !== sha256(f.content)).map((f) => f.path);
  const next = manifestOf(id, cluster.name, host, previous.id, nextFiles, changed, now);
  // The undo steps are written into the manifest on the host: in English (undoStep), whatever the language.
  const undo = plan.prepare.flatMap((c) => (c.undo ? [{ step: `undo: ${c.undoStep ?? c.step}`, script: c.undo.text }] : []));
  if (undo.length > 0) next.undo = undo;
  const keep = g.manifests.map((m) => m.id).filter((x) => x !== INITIAL).slice(-(KEEP_GENERATIONS - 1));
  return { previous, recordPrevious, next, nextFiles, keep };
}

/** One host's work: its connection and plan, and its move (generationMove). */
export function hostWork(cluster: Cluster, remote: RemoteHost, plan: HostPlan, g: HostGenerations, live: Record<string, string | undefined>, id: string, now: Date): HostWork {
  return { remote, plan, ...generationMove(cluster, remote.name, plan, g, live, id, now) };
}
