// rollback: every host goes back to the files it had before the last deploy (from that deploy's manifest
// and backups), and they are activated. Each rollback steps one deploy further back.
import { HostStepError, lastLines } from '../errors.js';
import type { Cluster } from '../inventory/model.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd } from '../remote/command.js';
import { manifestDir } from '../hostpaths.js';
import { activateAfterRollback, restoreScript, type Manifest } from './apply.js';

export interface RollbackResult {
  host: string;
  stamp?: string;
  restored: string[];
  error?: string;
}


export async function rollbackHost(remote: RemoteHost, cluster: Cluster, reporter: Reporter): Promise<RollbackResult> {
  const dir = manifestDir(cluster.name);
  const latest = await remote.run(cmd`m=$(ls -1 ${dir}/*.json 2>/dev/null | sort | tail -n 1); [ -n "$m" ] && cat "$m"`);
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
  const restore = await remote.run(cmd`sh -s`, { input: restoreScript(manifest).text });
  if (restore.code !== 0) throw new HostStepError(remote.name, 'restore files', lastLines(restore.stderr, 8));
  const act = await remote.run(activateAfterRollback(cluster.name), { timeoutMs: 120_000 });
  if (act.code !== 0) throw new HostStepError(remote.name, 'activate', lastLines(act.stderr || act.stdout, 8));
  await remote.run(cmd`rm -f ${`${dir}/${manifest.stamp}.json`}`);
  return { host: remote.name, stamp: manifest.stamp, restored: manifest.files.map((f) => f.path) };
}
