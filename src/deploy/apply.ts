// Applies a HostPlan on one host: prepare (install, firewall), back up and write the changed files,
// validate them on the host, activate only what changed. A failure restores the host's previous files
// (and activates them again) and names the host and the step.
import { HostStepError, lastLines } from '../errors.js';
import type { RemoteHost, RunResult } from '../remote/host.js';
import { sh } from '../remote/shell.js';
import type { Reporter } from '../progress.js';
import { keepalivedCheckPassed, type HostPlan, type PlannedFile } from './plan.js';

export interface Manifest {
  stamp: string;
  cluster: string;
  files: { path: string; backup: string | null; mode: number }[];
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
  files.forEach((f, i) => {
    const backup = `${f.path}.hasetup-${stamp}.bak`;
    const dir = f.path.replace(/\/[^/]+$/, '') || '/';
    const tmp = `${f.path}.hasetup-tmp`;
    lines.push(
      `mkdir -p ${sh(dir)} && chmod 0755 ${sh(dir)}`,
      `if [ -e ${sh(f.path)} ]; then cp -p ${sh(f.path)} ${sh(backup)}; echo "backup ${i}"; fi`,
      `base64 -d > ${sh(tmp)} <<'${marker(i)}'`,
      Buffer.from(f.content).toString('base64').replace(/(.{76})/g, '$1\n'),
      marker(i),
      `chown root:root ${sh(tmp)} && chmod ${f.mode.toString(8).padStart(4, '0')} ${sh(tmp)} && mv -f ${sh(tmp)} ${sh(f.path)}`,
    );
    manifest.files.push({ path: f.path, backup, mode: f.mode });
  });
  return { script: lines.join('\n') + '\n', manifest };
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

async function runChecked(host: RemoteHost, step: string, command: string, input?: string): Promise<RunResult> {
  const r = await host.run(command, { input, timeoutMs: 600_000 });
  if (r.code !== 0) {
    throw new HostStepError(host.name, step, `failed (exit ${r.code}): ${lastLines(r.stderr || r.stdout, 10) || 'no output'}`);
  }
  return r;
}

export interface ApplyResult {
  host: string;
  changedFiles: string[];
  activated: string[];
  stamp?: string;
}

export async function applyPlan(host: RemoteHost, plan: HostPlan, cluster: string, reporter: Reporter): Promise<ApplyResult> {
  for (const cmd of plan.prepare) {
    reporter.info(`${host.name}: ${cmd.step}`);
    await runChecked(host, cmd.step, cmd.command);
  }
  if (plan.changed.length === 0 && plan.activate.length === 0) {
    return { host: host.name, changedFiles: [], activated: [] };
  }
  const stamp = deployStamp();
  let manifest: Manifest | undefined;
  if (plan.changed.length) {
    const written = writeScript(cluster, stamp, plan.changed);
    manifest = written.manifest;
    const r = await runChecked(host, 'write files', 'sh -s', written.script);
    // Files without a backup did not exist before: rollback removes them.
    const backedUp = new Set(r.stdout.split('\n').filter((l) => l.startsWith('backup ')).map((l) => Number(l.slice(7))));
    manifest.files.forEach((f, i) => {
      if (!backedUp.has(i)) f.backup = null;
    });
    const check = await host.run(plan.validate.command, { timeoutMs: 60_000 });
    if (!keepalivedCheckPassed(check.code, check.stdout, check.stderr)) {
      await host.run('sh -s', { input: restoreScript(manifest) });
      throw new HostStepError(
        host.name,
        'validate',
        `keepalived rejected the new configuration; the previous files are back in place:\n${lastLines(check.stderr || check.stdout, 12)}`,
        { hint: 'nothing was activated on this host; fix the inventory value the message points at and deploy again' },
      );
    }
    const dir = manifestDir(cluster);
    await runChecked(
      host,
      'record manifest',
      `mkdir -p ${sh(dir)} && cat > ${sh(`${dir}/${stamp}.json`)}`,
      JSON.stringify(manifest, null, 2) + '\n',
    );
  }
  const activated: string[] = [];
  try {
    for (const cmd of plan.activate) {
      reporter.info(`${host.name}: ${cmd.step}`);
      await runChecked(host, cmd.step, cmd.command);
      activated.push(cmd.step);
    }
  } catch (err) {
    if (manifest) {
      reporter.warn(`${host.name}: activation failed; restoring the previous files`);
      await host.run('sh -s', { input: restoreScript(manifest) });
      await host.run(
        `rm -f ${sh(`${manifestDir(cluster)}/${stamp}.json`)}; systemctl daemon-reload; ` +
          'if systemctl is-active -q keepalived; then systemctl reload keepalived; fi',
      );
    }
    throw err;
  }
  return { host: host.name, changedFiles: plan.changed.map((f) => f.path), activated, stamp };
}
