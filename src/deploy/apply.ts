// Applies a HostPlan on one host: prepare (install, firewall), back up and write the changed files,
// validate them on the host, activate only what changed. A failure restores the host's previous files
// (and activates them again) and names the host and the step.
import { HostStepError, lastLines } from '../errors.js';
import { cmd, joinCommands, script, type ShellCommand } from '../remote/command.js';
import type { RemoteHost } from '../remote/host.js';
import type { Reporter } from '../progress.js';
import { KEEPALIVED_CONF, manifestDir, watchdogUnit, watchdogUnitPath } from '../hostpaths.js';
import { keepalivedCheckPassed } from './keepalived-check.js';
import type { HostPlan, PlannedCommand, PlannedFile } from './plan.js';
import { timed } from '../timings.js';

export interface Manifest {
  stamp: string;
  cluster: string;
  files: { path: string; backup: string | null; mode: number }[];
}

export function deployStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z'); // 20261126T081500Z
}

/**
 * One shell script (sent on standard input, so file contents never appear on a command line) that backs up
 * every file about to change, writes the new ones atomically and records a manifest for rollback.
 */
export function writeScript(cluster: string, stamp: string, files: PlannedFile[]): { script: ShellCommand; manifest: Manifest } {
  const manifest: Manifest = { stamp, cluster, files: [] };
  const lines = [cmd`set -eu`, cmd`umask 077`];
  // Every backup first, then every write: when a write fails, the backups already tell what to put back.
  files.forEach((f, i) => {
    const backup = `${f.path}.hasetup-${stamp}.bak`;
    lines.push(cmd`if [ -e ${f.path} ]; then cp -p ${f.path} ${backup}; echo "backup ${i}"; fi`);
    manifest.files.push({ path: f.path, backup, mode: f.mode });
  });
  lines.push(cmd`echo '@@backed-up'`);
  files.forEach((f, i) => {
    const dir = f.path.replace(/\/[^/]+$/, '') || '/';
    const tmp = `${f.path}.hasetup-tmp`;
    // base64 lines are plain words (A-Z a-z 0-9 + / =): cmd leaves them as they are; the heredoc's end
    // marker is quoted, so the shell expands nothing inside.
    const b64 = Buffer.from(f.content).toString('base64').replace(/(.{76})/g, '$1\n');
    lines.push(
      cmd`[ -d ${dir} ] || install -d -m 0755 -o root -g root ${dir}`,
      cmd`base64 -d > ${tmp} <<'HASETUP_EOF_${i}_7f3a'`,
      joinCommands(b64.split('\n').map((l) => (l === '' ? cmd`` : cmd`${l}`))),
      cmd`HASETUP_EOF_${i}_7f3a`,
      cmd`chown root:root ${tmp} && chmod ${f.mode.toString(8).padStart(4, '0')} ${tmp} && mv -f ${tmp} ${f.path}`,
    );
  });
  return { script: script(lines), manifest };
}

/** After the files are back: units reloaded, keepalived reloaded (or stopped when it has no config left). */
export function activateAfterRollback(cluster: string): ShellCommand {
  const unit = watchdogUnit(cluster);
  return joinCommands(
    [
      cmd`systemctl daemon-reload`,
      cmd`if [ -f ${watchdogUnitPath(cluster)} ]; then systemctl restart ${unit}; else systemctl disable --now ${unit} 2>/dev/null; true; fi`,
      cmd`if [ -s ${KEEPALIVED_CONF} ]; then if systemctl is-active -q keepalived; then systemctl reload keepalived; else systemctl start keepalived; fi; else systemctl stop keepalived; fi`,
    ],
    '; ',
  );
}

/** Puts back what a manifest recorded: backups restored, files that did not exist before removed. */
export function restoreScript(manifest: Manifest): ShellCommand {
  const lines = [cmd`set -u`];
  for (const f of manifest.files) {
    if (f.backup) lines.push(cmd`if [ -e ${f.backup} ]; then cp -p ${f.backup} ${f.path}; else rm -f ${f.path}; fi`);
    else lines.push(cmd`rm -f ${f.path}`);
  }
  return script(lines);
}


/** A shell script running steps in order (one SSH round trip); markers on stdout say how far it got. */
export function stepsScript(steps: PlannedCommand[]): ShellCommand {
  const lines = [cmd`set -u`];
  steps.forEach((st, i) => {
    lines.push(cmd`echo '@@step ${i}'`, cmd`( ${st.command} ) >&2 || { rc=$?; echo "@@fail ${i} $rc"; exit 1; }`);
  });
  lines.push(cmd`echo '@@done'`);
  return script(lines);
}

/** Runs steps in one round trip; a failure names its step, with the tail of what it printed. */
async function runSteps(host: RemoteHost, steps: PlannedCommand[], reporter: Reporter): Promise<string[]> {
  if (steps.length === 0) return [];
  for (const st of steps) reporter.info(`${host.name}: ${st.step}`);
  const r = await host.run(cmd`sh -s`, { input: stepsScript(steps).text, timeoutMs: 900_000 });
  const done = [...r.stdout.matchAll(/^@@step (\d+)$/gm)].map((m) => Number(m[1]));
  const failed = /^@@fail (\d+) (\d+)$/m.exec(r.stdout);
  if (failed || !r.stdout.includes('@@done')) {
    const i = failed ? Number(failed[1]) : (done.at(-1) ?? 0);
    const step = steps[i]?.step ?? 'run';
    throw new HostStepError(host.name, step, `failed (exit ${failed?.[2] ?? r.code}): ${lastLines(r.stderr, 10) || 'no output'}`);
  }
  return steps.map((st) => st.step);
}

export interface ApplyResult {
  host: string;
  changedFiles: string[];
  activated: string[];
  stamp?: string;
}

/** Puts the previous files back; says in words whether that worked (for the error the caller raises). */
export async function restoreOrSay(host: RemoteHost, manifest: Manifest): Promise<string> {
  const r = await host.run(cmd`sh -s`, { input: restoreScript(manifest).text });
  return r.code === 0
    ? 'the previous files are back in place'
    : `putting the previous files back FAILED too (exit ${r.code}: ${lastLines(r.stderr, 3)}); the backups are ${manifest.files.flatMap((f) => (f.backup ? [f.backup] : [])).join(', ') || 'none'}`;
}

/** Undoes a stage that will not be activated: files back, its manifest removed. */
export async function unstage(host: RemoteHost, staged: Staged, cluster: string): Promise<string> {
  if (!staged.manifest || !staged.stamp) return 'nothing had changed';
  const said = await restoreOrSay(host, staged.manifest);
  await host.run(cmd`rm -f ${`${manifestDir(cluster)}/${staged.stamp}.json`}`);
  return said;
}

export interface Staged {
  host: string;
  stamp?: string;
  manifest?: Manifest;
}

/**
 * Stage 1, all hosts at once: prepare (install, firewall), back up and write the changed files, validate them.
 * Nothing is activated yet; a file keepalived rejects is replaced by its backup before this returns.
 */
export async function stagePlan(host: RemoteHost, plan: HostPlan, cluster: string, reporter: Reporter): Promise<Staged> {
  await runSteps(host, plan.prepare, reporter);
  if (plan.changed.length === 0) return { host: host.name };
  const stamp = deployStamp();
  const written = writeScript(cluster, stamp, plan.changed);
  const manifest = written.manifest;
  const dir = manifestDir(cluster);
  const r = await host.run(cmd`sh -s`, { input: written.script.text, timeoutMs: 120_000 });
  // Files without a backup did not exist before: rollback removes them.
  const backedUp = new Set(r.stdout.split('\n').filter((l) => l.startsWith('backup ')).map((l) => Number(l.slice(7))));
  manifest.files.forEach((f, i) => {
    if (!backedUp.has(i)) f.backup = null;
  });
  if (r.code !== 0) {
    // Some files may be in place already: put back what was there (nothing was written before '@@backed-up').
    const undone = r.stdout.includes('@@backed-up') ? await restoreOrSay(host, manifest) : 'nothing had been written yet';
    throw new HostStepError(host.name, 'write files', `failed (exit ${r.code}): ${lastLines(r.stderr, 8) || 'no output'}; ${undone}`);
  }
  // A command of its own: keepalived 2.2.7's config test has been seen to take the shell that runs it
  // down with it (SIGTERM), so it never shares a script with anything else.
  const check = await timed(`validate ${host.name}`, () => host.run(plan.validate.command, { timeoutMs: 60_000 }));
  if (!keepalivedCheckPassed(check.code, check.stdout, check.stderr)) {
    const undone = await restoreOrSay(host, manifest);
    throw new HostStepError(
      host.name,
      'validate',
      `keepalived rejected the new configuration; ${undone}:\n${lastLines(check.stderr || check.stdout, 12)}`,
      { hint: 'nothing was activated on this host; fix the inventory value the message points at and deploy again' },
    );
  }
  const rec = await host.run(cmd`mkdir -p ${dir} && cat > ${`${dir}/${stamp}.json`}`, { input: JSON.stringify(manifest, null, 2) + '\n' });
  if (rec.code !== 0) {
    const undone = await restoreOrSay(host, manifest);
    throw new HostStepError(host.name, 'record manifest', `failed (exit ${rec.code}): ${lastLines(rec.stderr, 8)}; ${undone}`);
  }
  return { host: host.name, stamp, manifest };
}

/**
 * Stage 2: activate only what changed. The caller activates the master before the backups, so that a backup
 * started first does not take the VIP for a moment (it would, after Master_Down, with nobody advertising).
 * A failure puts the previous files back and activates them again.
 */
export async function activateStaged(host: RemoteHost, plan: HostPlan, staged: Staged, cluster: string, reporter: Reporter): Promise<ApplyResult> {
  let activated: string[];
  try {
    activated = await runSteps(host, plan.activate, reporter);
  } catch (err) {
    if (staged.manifest && staged.stamp) {
      reporter.warn(`${host.name}: activation failed; restoring the previous files`);
      await host.run(cmd`sh -s`, { input: restoreScript(staged.manifest).text });
      // The same activation as a rollback: units reloaded, the watchdog and keepalived on the old files.
      await host.run(cmd`rm -f ${`${manifestDir(cluster)}/${staged.stamp}.json`}; ${activateAfterRollback(cluster)}`);
    }
    throw err;
  }
  return { host: host.name, changedFiles: plan.changed.map((f) => f.path), activated, stamp: staged.stamp };
}
