// rollback: every host goes back to the files it had before the last deploy (from that deploy's manifest
// and backups), and they are activated. Each rollback steps one deploy further back.
import { HostStepError, lastLines } from '../errors.js';
import type { Cluster } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { sh } from '../remote/shell.js';
import { activateAfterRollback, manifestDir, restoreScript, stepsScript, type Manifest } from './apply.js';

export interface RollbackResult {
  host: string;
  stamp?: string;
  restored: string[];
  error?: string;
}


export async function rollbackHost(remote: RemoteHost, cluster: Cluster, reporter: Reporter): Promise<RollbackResult> {
  const dir = manifestDir(cluster.name);
  const latest = await remote.run(`m=$(ls -1 ${sh(dir)}/*.json 2>/dev/null | sort | tail -n 1); [ -n "$m" ] && cat "$m"`);
  if (latest.code !== 0 || !latest.stdout.trim()) {
    return { host: remote.name, restored: [], error: 'no earlier deploy recorded on this host: nothing to roll back to' };
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(latest.stdout) as Manifest;
  } catch {
    throw new HostStepError(remote.name, 'read the deploy manifest', `the newest manifest in ${dir} is not valid JSON`);
  }
  reporter.info(`${remote.name}: restoring the files replaced by the deploy of ${manifest.stamp}`);
  const restore = await remote.run('sh -s', { input: restoreScript(manifest) });
  if (restore.code !== 0) throw new HostStepError(remote.name, 'restore files', lastLines(restore.stderr, 8));
  const act = await remote.run(activateAfterRollback(cluster.name), { timeoutMs: 120_000 });
  if (act.code !== 0) throw new HostStepError(remote.name, 'activate', lastLines(act.stderr || act.stdout, 8));
  // After the activation: keepalived already runs on the old config (or is stopped) when the rule goes.
  if (manifest.undo?.length) {
    for (const u of manifest.undo) reporter.info(`${remote.name}: ${u.step}`);
    const r = await remote.run('sh -s', { input: stepsScript(manifest.undo), timeoutMs: 120_000 });
    if (r.code !== 0 || !r.stdout.includes('@@done')) throw new HostStepError(remote.name, 'remove firewall rules', lastLines(r.stderr || r.stdout, 8));
  }
  await remote.run(`rm -f ${sh(`${dir}/${manifest.stamp}.json`)}`);
  return { host: remote.name, stamp: manifest.stamp, restored: manifest.files.map((f) => f.path) };
}
