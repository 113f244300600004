// Generations: every deploy that activates anything records one generation id on EVERY host of the cluster
// (also on hosts where nothing changed), with the hash and a copy of every managed file. A host's `current`
// file names the generation its running configuration came from; rollback puts every host on one generation.
// The layout on a host and the reading: src/cluster/generations-read.ts (docs/generations.md).
// The scripts that change generations are built here only, with cmd`...` (every value quoted).
import { HostStepError, lastLines } from '../errors.js';
import { t } from '../i18n/index.js';
import type { RemoteHost } from '../remote/host.js';
import { otherClustersUse } from '../cluster/host-shared-files.js';
import { KEEPALIVED_CONF, metricsTimerPath, metricsTimerUnit, watchdogUnit, watchdogUnitPath } from '../hostpaths.js';
import { cmd, joinCommands, script, type ShellCommand } from '../remote/command.js';
import { currentFile, generationDir, generationsDir, INITIAL, pendingFile, sha256, type GenManifest } from '../cluster/generations-read.js';

// The read side lives in cluster/generations-read.ts (status reads it too); re-exported for deploy's callers.
export * from '../cluster/generations-read.js';

export function generationId(now: Date, contentKey: string): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${sha256(contentKey).slice(0, 8)}`;
}

/** Files kept per cluster: the newest generations and INITIAL; older ones are pruned after a commit. */
export const KEEP_GENERATIONS = 10;

// ---- writing a generation ------------------------------------------------------------------------------

const marker = (i: number) => `HASETUP_GEN_EOF_${i}_5c1e`;

export interface NewFile {
  path: string;
  content: string;
  mode: number;
}

export function manifestOf(id: string, cluster: string, host: string, previous: string | null, files: NewFile[], changed: string[], now: Date): GenManifest {
  return {
    id,
    cluster,
    host,
    createdAt: now.toISOString(),
    previous,
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.content), mode: f.mode })),
    changed,
  };
}

/**
 * Records a generation from contents sent on standard input (never on a command line): each file by hash,
 * then the manifest, atomically. Also marks `pending` (the host is moving to this generation).
 */
export function recordScript(cluster: string, manifest: GenManifest, files: NewFile[], opts: { pending: boolean; state?: string }): ShellCommand {
  const dir = generationDir(cluster, manifest.id, opts.state);
  const lines = [cmd`set -eu`, cmd`umask 077`, cmd`mkdir -p -- ${`${dir}/files`}`];
  files.forEach((f, i) => {
    const target = `${dir}/files/${sha256(f.content)}`;
    // base64 lines are plain words (A-Z a-z 0-9 + / =): cmd leaves them as they are, one heredoc line each.
    const b64 = Buffer.from(f.content).toString('base64').replace(/(.{76})/g, '$1\n');
    lines.push(
      cmd`base64 -d > ${`${target}.tmp`} <<'${marker(i)}'`,
      joinCommands(b64.split('\n').map((l) => (l === '' ? cmd`` : cmd`${l}`))),
      cmd`${marker(i)}`,
      cmd`mv -f -- ${`${target}.tmp`} ${target}`,
    );
  });
  lines.push(
    cmd`printf '%s\\n' ${JSON.stringify(manifest)} > ${`${dir}/manifest.json.tmp`}`,
    cmd`mv -f -- ${`${dir}/manifest.json.tmp`} ${`${dir}/manifest.json`}`,
  );
  if (opts.pending) lines.push(cmd`printf '%s\\n' ${manifest.id} > ${pendingFile(cluster, opts.state)}`);
  return script(lines);
}

/** The host now runs `id`: current set, pending cleared, generations beyond KEEP_GENERATIONS pruned. */
export function commitScript(cluster: string, id: string, keep: string[], state?: string): ShellCommand {
  const dir = generationsDir(cluster, state);
  const keepWords = [INITIAL, id, ...keep];
  const cur = currentFile(cluster, state);
  return script([
    cmd`set -eu`,
    cmd`printf '%s\\n' ${id} > ${`${cur}.tmp`}`,
    cmd`mv -f -- ${`${cur}.tmp`} ${cur}`,
    cmd`rm -f -- ${pendingFile(cluster, state)}`,
    cmd`for d in ${dir}/*/; do n=$(basename -- "$d"); keep=; for k in ${keepWords}; do [ "$n" = "$k" ] && keep=1; done; [ -n "$keep" ] || rm -rf -- "$d"; done`,
  ]);
}

export function clearPendingScript(cluster: string): ShellCommand {
  return cmd`rm -f -- ${pendingFile(cluster)}`;
}

// ---- restoring a generation ----------------------------------------------------------------------------

/**
 * Puts a host's files back to what generation `m` recorded. Stops at the first failure (set -eu) and says
 * which file and which command (the last `@@at` line); every snapshot is checked before anything changes,
 * and every restored file is checked against its hash afterwards. keepalived.conf and a Tomcat unit's drop-in are
 * shared by every cluster on the host: while another cluster uses one, it stays as it is (its content comes from
 * every cluster there, cluster/host-shared-files.ts); otherwise it is put back or removed like any other.
 */
export function restoreScript(m: GenManifest, state?: string): ShellCommand {
  const dir = generationDir(m.cluster, m.id, state);
  const at = (path: string, what: string) => cmd`echo ${`@@at ${path} | ${what}`}`;
  const lines = [cmd`set -eu`, cmd`umask 077`];
  // 1. every snapshot present and intact, before anything is touched
  for (const f of m.files) {
    if (!f.sha256) continue;
    const snap = `${dir}/files/${f.sha256}`;
    lines.push(at(f.path, `check the copy ${snap}`), cmd`[ "$(sha256sum < ${snap} | cut -c1-64)" = ${f.sha256} ]`);
  }
  lines.push(cmd`echo '@@checked'`);
  // 2. put back
  for (const f of m.files) {
    const p = f.path;
    let put: ShellCommand[];
    if (f.sha256) {
      const snap = `${dir}/files/${f.sha256}`;
      const tmp = `${f.path}.hasetup-tmp`;
      const parent = f.path.replace(/\/[^/]+$/, '') || '/';
      put = [
        at(f.path, `cp ${dir}/files/${f.sha256} ${f.path}`),
        cmd`[ -d ${parent} ] || install -d -m 0755 -o root -g root -- ${parent}`,
        cmd`cp -- ${snap} ${tmp}`,
        cmd`chown root:root -- ${tmp}`,
        cmd`chmod ${f.mode.toString(8).padStart(4, '0')} -- ${tmp}`,
        cmd`mv -f -- ${tmp} ${p}`,
      ];
    } else {
      put = [at(f.path, `rm -f ${f.path}`), cmd`rm -f -- ${p}`];
    }
    const others = otherClustersUse(p, m.cluster);
    if (others) lines.push(at(f.path, 'keep (another cluster on this host uses it)'), cmd`if ${others}; then echo ${`@@kept ${f.path}`}; else ${joinCommands(put, '; ')}; fi`);
    else lines.push(...put);
  }
  // 3. what is there now is what the generation recorded (a shared file kept for another cluster: as it is)
  for (const f of m.files) {
    const p = f.path;
    const check = f.sha256 ? [at(f.path, 'verify the restored file'), cmd`[ "$(sha256sum < ${p} | cut -c1-64)" = ${f.sha256} ]`] : [at(f.path, 'verify the file is gone'), cmd`[ ! -e ${p} ]`];
    const others = otherClustersUse(p, m.cluster);
    lines.push(...(others ? [cmd`${others} || { ${joinCommands(check, '; ')}; }`] : check));
  }
  lines.push(cmd`echo '@@restored'`);
  return script(lines);
}

/**
 * keepalived after a restore: `running` (reloaded, or started if it stopped on the way; stopped only when no
 * config is left), or `stopped` (a deploy put back on a host where keepalived did not run before it).
 */
export type KeepalivedAfterRestore = 'running' | 'stopped';

/**
 * After files are back: units reloaded, the watchdog, the metrics timer and keepalived on them. Each step only
 * after the one before it succeeded, and the first failure is the command's exit code (issue 21, M4: joined
 * with `;`, a failed daemon-reload or watchdog restart used to exit 0).
 */
export function activateRestoredScript(cluster: string, keepalived: KeepalivedAfterRestore = 'running'): ShellCommand {
  const unit = watchdogUnit(cluster);
  const timer = metricsTimerUnit(cluster);
  const running = cmd`if [ -s ${KEEPALIVED_CONF} ]; then if systemctl is-active -q keepalived; then systemctl reload keepalived; else systemctl start keepalived; fi; else systemctl stop keepalived; fi`;
  return joinCommands(
    [
      cmd`systemctl daemon-reload`,
      cmd`if [ -f ${watchdogUnitPath(cluster)} ]; then systemctl restart -- ${unit}; else systemctl disable --now -- ${unit} 2>/dev/null; true; fi`,
      cmd`if [ -f ${metricsTimerPath(cluster)} ]; then systemctl enable --now -- ${timer} >/dev/null 2>&1; else systemctl disable --now -- ${timer} 2>/dev/null; true; fi`,
      keepalived === 'running' ? running : cmd`systemctl stop keepalived`,
    ],
    ' && ',
  );
}

/** What failed in a restore, from its output: the file and the command, for the message. */
export function restoreFailure(stdout: string): string {
  const last = [...stdout.matchAll(/^@@at (.*)$/gm)].at(-1)?.[1];
  if (!last) return t().deploy.restoreFailedBeforeAnyFile;
  const [file = '', cmd = ''] = last.split(' | ');
  return t().deploy.restoreFailedAt({ file, command: cmd });
}

/**
 * Restores a host to generation `m` and activates it. Throws a HostStepError naming the host, the file and
 * the command when anything fails (nothing is claimed that was not verified).
 */
export async function restoreGeneration(
  remote: RemoteHost,
  m: GenManifest,
  opts: { activate: boolean; keepalived?: KeepalivedAfterRestore; onRestored?: () => void },
): Promise<string[]> {
  const r = await remote.run(cmd`sh -s`, { input: restoreScript(m).text, timeoutMs: 120_000 });
  if (r.code !== 0 || !r.stdout.includes('@@restored')) {
    const failed = { where: restoreFailure(r.stdout), code: String(r.code), output: lastLines(r.stderr, 5) || t().deploy.noOutput };
    const message = r.stdout.includes('@@checked') ? t().deploy.restoreFailed(failed) : t().deploy.restoreFailedNothingChanged(failed);
    throw new HostStepError(remote.name, t().deploy.steps.restoreGeneration({ id: m.id }), message);
  }
  opts.onRestored?.();
  if (opts.activate) {
    const act = await remote.run(activateRestoredScript(m.cluster, opts.keepalived), { timeoutMs: 120_000 });
    if (act.code !== 0) throw new HostStepError(remote.name, t().deploy.steps.activateGeneration({ id: m.id }), lastLines(act.stderr || act.stdout, 8));
  }
  return [...r.stdout.matchAll(/^@@kept (.*)$/gm)].map((x) => x[1]!);
}

/** Read-only: does the host hold every copy generation `m` needs? Empty when it does. */
export function checkSnapshotsScript(m: GenManifest): ShellCommand {
  const dir = generationDir(m.cluster, m.id);
  const checks = m.files
    .filter((f) => f.sha256)
    .map((f) => cmd`[ "$(sha256sum < ${`${dir}/files/${f.sha256}`} 2>/dev/null | cut -c1-64)" = ${f.sha256!} ] || echo ${`@@missing ${f.path}`}`);
  return joinCommands([...checks, cmd`echo @@end`], '; ');
}
