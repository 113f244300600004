// Applies a HostPlan on one host: prepare (install, firewall), back up and write the changed files,
// validate them on the host, activate only what changed. A failure restores the host's previous files
// (and activates them again) and names the host and the step.
import { HostStepError, lastLines } from '../errors.js';
import type { RemoteHost } from '../remote/host.js';
import { sh } from '../remote/shell.js';
import type { Reporter } from '../progress.js';
import { keepalivedCheckPassed, watchdogUnit, type HostPlan, type PlannedCommand, type PlannedFile } from './plan.js';

export interface Manifest {
  stamp: string;
  cluster: string;
  files: { path: string; backup: string | null; mode: number }[];
  /** What this deploy added outside files (firewall rules) and how rollback removes it. */
  undo?: PlannedCommand[];
}

export function deployStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z'); // 20261126T081500Z
}

export function manifestDir(cluster: string): string {
  return `/var/lib/hasetup/${cluster}/deploys`;
}

const marker = (i: number) => `HASETUP_EOF_${i}_7f3a`;

/**
 * One shell script (sent on standard input, so file contents never appear on a command line) that backs up
 * every file about to change, writes the new ones atomically and records a manifest for rollback.
 */
export function writeScript(cluster: string, stamp: string, files: PlannedFile[]): { script: string; manifest: Manifest } {
  const manifest: Manifest = { stamp, cluster, files: [] };
  const lines = ['set -eu', 'umask 077'];
  // Every backup first, then every write: when a write fails, the backups already tell what to put back.
  files.forEach((f, i) => {
    const backup = `${f.path}.hasetup-${stamp}.bak`;
    lines.push(`if [ -e ${sh(f.path)} ]; then cp -p ${sh(f.path)} ${sh(backup)}; echo "backup ${i}"; fi`);
    manifest.files.push({ path: f.path, backup, mode: f.mode });
  });
  lines.push("echo '@@backed-up'");
  files.forEach((f, i) => {
    const dir = f.path.replace(/\/[^/]+$/, '') || '/';
    const tmp = `${f.path}.hasetup-tmp`;
    lines.push(
      `[ -d ${sh(dir)} ] || install -d -m 0755 -o root -g root ${sh(dir)}`,
      `base64 -d > ${sh(tmp)} <<'${marker(i)}'`,
      Buffer.from(f.content).toString('base64').replace(/(.{76})/g, '$1\n'),
      marker(i),
      `chown root:root ${sh(tmp)} && chmod ${f.mode.toString(8).padStart(4, '0')} ${sh(tmp)} && mv -f ${sh(tmp)} ${sh(f.path)}`,
    );
  });
  return { script: lines.join('\n') + '\n', manifest };
}

/** After the files are back: units reloaded, keepalived reloaded (or stopped when it has no config left). */
export function activateAfterRollback(cluster: string): string {
  const unit = sh(watchdogUnit(cluster));
  return [
    'systemctl daemon-reload',
    `if [ -f /etc/systemd/system/${unit} ]; then systemctl restart ${unit}; else systemctl disable --now ${unit} 2>/dev/null; true; fi`,
    'if [ -s /etc/keepalived/keepalived.conf ]; then ' +
      'if systemctl is-active -q keepalived; then systemctl reload keepalived; else systemctl start keepalived; fi; ' +
      'else systemctl stop keepalived; fi',
  ].join('; ');
}

/** Puts back what a manifest recorded: backups restored, files that did not exist before removed. */
export function restoreScript(manifest: Manifest): string {
  const lines = ['set -u'];
  for (const f of manifest.files) {
    if (f.backup) lines.push(`if [ -e ${sh(f.backup)} ]; then cp -p ${sh(f.backup)} ${sh(f.path)}; else rm -f ${sh(f.path)}; fi`);
    else lines.push(`rm -f ${sh(f.path)}`);
  }
  return lines.join('\n') + '\n';
}


/** A shell script running steps in order (one SSH round trip); markers on stdout say how far it got. */
export function stepsScript(steps: PlannedCommand[]): string {
  const lines = ['set -u'];
  steps.forEach((st, i) => {
    lines.push(`echo '@@step ${i}'`, `( ${st.command} ) >&2 || { rc=$?; echo "@@fail ${i} $rc"; exit 1; }`);
  });
  lines.push("echo '@@done'");
  return lines.join('\n') + '\n';
}

/** Runs steps in one round trip; a failure names its step, with the tail of what it printed. */
async function runSteps(host: RemoteHost, steps: PlannedCommand[], reporter: Reporter): Promise<string[]> {
  if (steps.length === 0) return [];
  for (const st of steps) reporter.info(`${host.name}: ${st.step}`);
  const r = await host.run('sh -s', { input: stepsScript(steps), timeoutMs: 900_000 });
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
  const r = await host.run('sh -s', { input: restoreScript(manifest) });
  return r.code === 0
    ? 'the previous files are back in place'
    : `putting the previous files back FAILED too (exit ${r.code}: ${lastLines(r.stderr, 3)}); the backups are ${manifest.files.flatMap((f) => (f.backup ? [f.backup] : [])).join(', ') || 'none'}`;
}

/** Undoes a stage that will not be activated: files back, its manifest removed. */
export async function unstage(host: RemoteHost, staged: Staged, cluster: string): Promise<string> {
  if (!staged.manifest || !staged.stamp) return 'nothing had changed';
  const said = await restoreOrSay(host, staged.manifest);
  await host.run(`rm -f ${sh(`${manifestDir(cluster)}/${staged.stamp}.json`)}`);
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
  const undo = plan.prepare.flatMap((c) => (c.undo ? [{ step: `undo: ${c.step}`, command: c.undo }] : []));
  if (undo.length > 0) manifest.undo = undo;
  const dir = manifestDir(cluster);
  const r = await host.run('sh -s', { input: written.script, timeoutMs: 120_000 });
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
  const check = await host.run(plan.validate.command, { timeoutMs: 60_000 });
  if (!keepalivedCheckPassed(check.code, check.stdout, check.stderr)) {
    const undone = await restoreOrSay(host, manifest);
    throw new HostStepError(
      host.name,
      'validate',
      `keepalived rejected the new configuration; ${undone}:\n${lastLines(check.stderr || check.stdout, 12)}`,
      { hint: 'nothing was activated on this host; fix the inventory value the message points at and deploy again' },
    );
  }
  const rec = await host.run(`mkdir -p ${sh(dir)} && cat > ${sh(`${dir}/${stamp}.json`)}`, { input: JSON.stringify(manifest, null, 2) + '\n' });
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
      await host.run('sh -s', { input: restoreScript(staged.manifest) });
      // The same activation as a rollback: units reloaded, the watchdog and keepalived on the old files.
      await host.run(`rm -f ${sh(`${manifestDir(cluster)}/${staged.stamp}.json`)}; ${activateAfterRollback(cluster)}`);
    }
    throw err;
  }
  return { host: host.name, changedFiles: plan.changed.map((f) => f.path), activated, stamp: staged.stamp };
}
