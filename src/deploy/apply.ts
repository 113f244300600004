// The scripts that change one host: write files atomically, run planned steps in one round trip with markers
// that say how far they got. activation.ts puts them in order across the cluster.
import { HostStepError, lastLines } from '../errors.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd, joinCommands, script, type ShellCommand } from '../remote/command.js';
import { SYSTEMD_DIR } from '../hostpaths.js';
import { t } from '../i18n/index.js';
import type { Reporter } from '../progress.js';
import type { PlannedCommand, PlannedFile } from './plan.js';

const marker = (i: number) => `HASETUP_EOF_${i}_7f3a`;

/**
 * One shell script (sent on standard input, so file contents never appear on a command line) that writes
 * the new files atomically. What they replace is in the host's previous generation (generations.ts).
 */
export function writeScript(files: PlannedFile[]): ShellCommand {
  const lines = [cmd`set -eu`, cmd`umask 077`];
  files.forEach((f, i) => {
    const dir = f.path.replace(/\/[^/]+$/, '') || '/';
    const tmp = `${f.path}.hasetup-tmp`;
    // base64 lines are plain words (A-Z a-z 0-9 + / =): cmd leaves them as they are, one heredoc line each.
    const b64 = Buffer.from(f.content).toString('base64').replace(/(.{76})/g, '$1\n');
    lines.push(
      cmd`[ -d ${dir} ] || install -d -m 0755 -o root -g root -- ${dir}`,
      cmd`base64 -d > ${tmp} <<'${marker(i)}'`,
      joinCommands(b64.split('\n').map((l) => (l === '' ? cmd`` : cmd`${l}`))),
      cmd`${marker(i)}`,
      cmd`chown root:root -- ${tmp} && chmod ${f.mode.toString(8).padStart(4, '0')} -- ${tmp} && mv -f -- ${tmp} ${f.path}`,
      cmd`echo 'written ${i}'`,
    );
  });
  return script(lines);
}

/**
 * Scripts run one after the other in one round trip, each in a subshell (its `set -eu` stays its own), its
 * output on stderr; `@@part N ok` on stdout after each one that succeeded, and nothing runs after a failure.
 */
export function partsScript(parts: ShellCommand[]): ShellCommand {
  return script(parts.flatMap((body, i) => [cmd`(`, body, cmd`) >&2 || exit $?`, cmd`echo '@@part ${i} ok'`]));
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
export async function runSteps(host: RemoteHost, steps: PlannedCommand[], reporter: Reporter): Promise<string[]> {
  if (steps.length === 0) return [];
  for (const st of steps) reporter.info(`${host.name}: ${st.step}`);
  const r = await host.run(cmd`sh -s`, { input: stepsScript(steps).text, timeoutMs: 900_000 });
  const done = [...r.stdout.matchAll(/^@@step (\d+)$/gm)].map((m) => Number(m[1]));
  const failed = /^@@fail (\d+) (\d+)$/m.exec(r.stdout);
  if (failed || !r.stdout.includes('@@done')) {
    const i = failed ? Number(failed[1]) : (done.at(-1) ?? 0);
    const step = steps[i]?.step ?? t().deploy.steps.run;
    throw new HostStepError(host.name, step, t().deploy.stepFailed({ code: String(failed?.[2] ?? r.code), output: lastLines(r.stderr, 10) || t().deploy.noOutput }));
  }
  return steps.map((st) => st.step);
}


const escaped = SYSTEMD_DIR.replace(/[/.]/g, '\\$&');
const UNIT_FILE = new RegExp(`^${escaped}/([A-Za-z0-9@_.-]+\\.(?:service|timer))$`);
const DROPIN = new RegExp(`^${escaped}/([A-Za-z0-9@_.-]+\\.service)\\.d/[^/]+\\.conf$`);

/**
 * `systemd-analyze verify` for the unit files and drop-ins about to be activated (where the host has it): our
 * own unit by its path, a drop-in through the unit it extends (verify reads the unit's drop-ins with it).
 * `--man=no`: a vendor unit's Documentation= pointing at a man page that is not installed is not our problem.
 * Null when none of `paths` is a unit file or drop-in.
 */
export function unitCheckCommand(paths: string[]): ShellCommand | null {
  const own = paths.filter((p) => UNIT_FILE.test(p));
  const extended = [...new Set(paths.flatMap((p) => DROPIN.exec(p)?.[1] ?? []))];
  if (own.length === 0 && extended.length === 0) return null;
  const lookups = extended.map((u) => cmd`f=$(systemctl show -p FragmentPath --value -- ${u} 2>/dev/null); [ -z "$f" ] || set -- "$@" "$f"`);
  return joinCommands([
    cmd`command -v systemd-analyze >/dev/null 2>&1 || { echo "@@no systemd-analyze"; exit 0; }`,
    cmd`set -- ${own}`,
    ...lookups,
    cmd`[ "$#" -gt 0 ] || exit 0`,
    cmd`systemd-analyze verify --man=no -- "$@" 2>&1`,
  ]);
}

/** Passed: exit 0 and no warning about a file hasetup wrote (a warning there is a bug in what we rendered). */
export function unitCheckPassed(code: number, output: string, paths: string[]): boolean {
  if (code !== 0) return false;
  return !output.split('\n').some((l) => paths.some((p) => l.startsWith(`${p}:`)));
}
