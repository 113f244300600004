// rollback: the whole cluster onto one generation (generations.ts). The target is chosen from the generations
// every host has; before anything changes, every host must hold every copy the target needs (else nothing is
// touched). Backups go first, the master last, and a host records the target as current only after its files
// were verified and activated.
import { settleLimit } from '../concurrency.js';
import { HasetupError, HostStepError, InterruptedError, lastLines } from '../errors.js';
import { killPoint } from '../testing/faults.js';
import { t } from '../i18n/index.js';
import { masterOf, type Cluster } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import { cmd } from '../remote/command.js';
import type { RemoteHost } from '../remote/host.js';
import { clusterConfPath } from '../hostpaths.js';
import { abortSeen, revertManifest } from './activation.js';
import { clusterAsRestored, parseRestoredInstance, type RestoredInstance } from './restored.js';
import { quietUntil, verify } from './verify.js';
import { checkSnapshotsScript, commitScript, compareIds, INITIAL, restoreGeneration, type GenManifest, type HostGenerations } from './generations.js';
import { joinList } from '../i18n/text.js';

/** One line of `rollback --list`: a generation every host has, with what it changed where. */
export interface GenerationSummary {
  id: string;
  createdAt: string;
  /** host -> paths this generation changed there */
  changed: Record<string, string[]>;
  /** hosts whose current generation this is */
  currentOn: string[];
}

/** Generations every host has, oldest first. */
export function commonGenerations(all: HostGenerations[]): GenerationSummary[] {
  if (all.length === 0) return [];
  const ids = all[0]!.manifests.map((m) => m.id).filter((id) => all.every((g) => g.manifests.some((m) => m.id === id)));
  return ids.sort(compareIds).map((id) => {
    const ms = all.map((g) => g.manifests.find((m) => m.id === id)!);
    return {
      id,
      createdAt: ms.map((m) => m.createdAt).sort()[0]!,
      changed: Object.fromEntries(all.map((g, i) => [g.host, ms[i]!.changed])),
      currentOn: all.filter((g) => g.current === id).map((g) => g.host),
    };
  });
}

/**
 * The generation a rollback goes to. With `to`: that one (every host must have it). Without: when every host
 * is on one generation, the common generation before it; when hosts differ (a deploy cut off), the newest
 * common generation that is no newer than any host's current one, which converges them.
 */
export function chooseTarget(all: HostGenerations[], to?: string): { target: string } | { error: string; hint?: string } {
  const common = commonGenerations(all);
  const ids = common.map((c) => c.id);
  if (to !== undefined) {
    if (ids.includes(to)) return { target: to };
    const lacking = all.filter((g) => !g.manifests.some((m) => m.id === to)).map((g) => g.host);
    const m = t().rollback;
    return { error: m.targetNotRecorded({ target: to, hosts: joinList(lacking) || m.targetNotRecordedAnyHost }), hint: m.targetNotRecordedHint };
  }
  const currents = [...new Set(all.map((g) => g.current))];
  if (currents.length === 1 && currents[0]) {
    const i = ids.indexOf(currents[0]);
    if (i > 0) return { target: ids[i - 1]! };
    return { error: t().rollback.nothingBefore({ current: currents[0] }) };
  }
  if (currents.some((c) => c === null) && currents.length === 1) return { error: t().rollback.noDeployRecorded };
  const lowest = currents.filter((c): c is string => c !== null).sort(compareIds)[0];
  const candidates = ids.filter((id) => lowest === undefined || compareIds(id, lowest) <= 0);
  const target = candidates.at(-1);
  return target ? { target } : { error: t().rollback.noSharedGeneration };
}

export interface HostRollback {
  host: string;
  from: string | null;
  restored: string[];
  /** Files kept although the target has none (keepalived.conf, still used by another cluster). */
  kept: string[];
  error?: string;
}

export interface ClusterRollback {
  target: string;
  hosts: HostRollback[];
  ok: boolean;
}

/** The target's files, plus "absent" for every file the host's current generation has and the target lacks. */
function restoreManifestFor(g: HostGenerations, target: string): GenManifest {
  const t = g.manifests.find((m) => m.id === target)!;
  const cur = g.manifests.find((m) => m.id === g.current);
  return cur ? revertManifest(t, cur) : t;
}

/** Read-only: the copies the target needs, on every host; the lines name what is missing. */
async function missingCopies(remotes: RemoteHost[], manifests: Map<string, GenManifest>, parallel: number): Promise<string[]> {
  const checked = await settleLimit(remotes, parallel, async (r) => {
    const out = await r.run(checkSnapshotsScript(manifests.get(r.name)!), { timeoutMs: 60_000 });
    if (!out.stdout.includes('@@end')) return [t().rollback.copiesUncheckable({ host: r.name, code: String(out.code), stderr: lastLines(out.stderr, 3) })];
    return [...out.stdout.matchAll(/^@@missing (.*)$/gm)].map((m) => t().rollback.copyMissing({ host: r.name, path: m[1]! }));
  });
  return checked.flatMap((c, i) => (c.status === 'fulfilled' ? c.value : [`${remotes[i]!.name}: ${String(c.reason)}`]));
}

/** The undo lines of every generation newer than `target` up to the host's current one, newest first. */
export function undoSince(g: HostGenerations, target: string): { step: string; script: string }[] {
  const newer = g.manifests.filter((m) => m.id !== INITIAL && (target === INITIAL || compareIds(m.id, target) > 0) && (!g.current || compareIds(m.id, g.current) <= 0));
  return newer.sort((a, b) => compareIds(b.id, a.id)).flatMap((m) => m.undo ?? []);
}

export async function rollbackCluster(
  cluster: Cluster,
  remotes: RemoteHost[],
  gens: Map<string, HostGenerations>,
  opts: { to?: string; parallel: number; signal?: AbortSignal },
  reporter: Reporter,
): Promise<ClusterRollback> {
  const all = remotes.map((r) => gens.get(r.name)!);
  const choice = chooseTarget(all, opts.to);
  if ('error' in choice) throw new HasetupError(t().rollback.refused({ cluster: cluster.name, reason: choice.error }), { hint: choice.hint });
  const target = choice.target;
  const manifests = new Map(all.map((g) => [g.host, restoreManifestFor(g, target)]));
  const missing = await missingCopies(remotes, manifests, opts.parallel);
  if (missing.length) {
    throw new HasetupError(t().rollback.cannotRollBack({ cluster: cluster.name, target, missing: missing.map((m) => `  - ${m}`).join('\n') }), {
      hint: t().rollback.cannotRollBackHint,
    });
  }
  // INTERRUPTED (docs/generations.md): before anything changed, stop here; once a host is restored, the rollback
  // goes to the end, so that every host ends on the target (a half rollback would leave two generations).
  if (await abortSeen(opts.signal)) throw new InterruptedError(t().rollback.interruptedNothingChanged({ cluster: cluster.name }));
  const to = { cluster: cluster.name, target };
  reporter.step(target === INITIAL ? t().rollback.toEveryHostInitial(to) : t().rollback.toEveryHost(to));
  const master = masterOf(cluster).name;
  // Backups first, the master last: never two hosts that each think they are master on different configurations.
  const order = [remotes.filter((r) => r.name !== master), remotes.filter((r) => r.name === master)];
  const results = new Map<string, HostRollback>();
  for (const group of order) {
    const done = await settleLimit(group, opts.parallel, async (r): Promise<HostRollback> => {
      const g = gens.get(r.name)!;
      const m = manifests.get(r.name)!;
      const kept = await restoreGeneration(r, m, { activate: true, onRestored: () => killPoint('mid-restore', r.name) });
      // After the activation (keepalived already runs on the older config): what the newer generations added
      // outside files goes too, newest first (a firewall rule for VRRP from a peer, say).
      for (const u of undoSince(g, target)) {
        reporter.info(`${r.name}: ${u.step}`);
        const x = await r.run(cmd`sh -s`, { input: `${u.script}\n`, timeoutMs: 120_000 });
        if (x.code !== 0) throw new HostStepError(r.name, u.step, lastLines(x.stderr || x.stdout, 8));
      }
      const c = await r.run(cmd`sh -s`, { input: commitScript(cluster.name, target, g.manifests.map((x) => x.id)).text, timeoutMs: 30_000 });
      if (c.code !== 0) throw new HostStepError(r.name, t().deploy.steps.recordCurrent({ id: target }), lastLines(c.stderr, 5));
      return { host: r.name, from: g.current, restored: m.files.map((f) => f.path), kept };
    });
    done.forEach((d, i) => {
      const host = group[i]!.name;
      results.set(host, d.status === 'fulfilled' ? d.value : { host, from: gens.get(host)!.current, restored: [], kept: [], error: d.reason instanceof Error ? d.reason.message : String(d.reason) });
    });
    // A backup that could not go back stops the rollback before the master moves: a rerun converges.
    if (done.some((d) => d.status === 'rejected')) break;
  }
  const hosts = remotes.map((r) => results.get(r.name) ?? { host: r.name, from: gens.get(r.name)!.current, restored: [], kept: [], error: t().rollback.notRolledBackOtherFailed({ host: r.name }) });
  return { target, hosts, ok: hosts.every((h) => !h.error) };
}

/** After a rollback: is the cluster's configuration still there, and if so, does verify pass on it? */
export interface RollbackCheck {
  /** false: the target has no configuration for this cluster (a rollback to before the first deploy). */
  configured: boolean;
  problems: string[];
}

/**
 * The post-check of a rollback that went through on every host. A restore reloads or starts keepalived on every
 * host, so verify waits out the backups' Master_Down (verify.ts quietUntil) before its last look.
 */
export async function checkRolledBack(inventoryCluster: Cluster, remotes: RemoteHost[], signal?: AbortSignal): Promise<RollbackCheck> {
  const files = await Promise.all(remotes.map((r) => r.run(cmd`cat ${clusterConfPath(inventoryCluster.name)} 2>/dev/null`)));
  if (!files.some((f) => f.code === 0 && f.stdout.trim() !== '')) return { configured: false, problems: [] };
  const restored = new Map<string, RestoredInstance>();
  files.forEach((f, i) => {
    const parsed = f.code === 0 ? parseRestoredInstance(f.stdout) : null;
    if (parsed) restored.set(remotes[i]!.name, parsed);
  });
  // What the restored files say, not the inventory (which may describe a newer cluster): ./restored.ts.
  const cluster = clusterAsRestored(inventoryCluster, restored);
  const backups = cluster.hosts.filter((h) => h.role === 'backup').map((h) => h.priority);
  const v = await verify(cluster, remotes, 20, { notBefore: quietUntil(cluster, { at: Date.now(), priorities: backups }), signal });
  return { configured: true, problems: v.problems };
}
