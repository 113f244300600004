// All or nothing across a cluster: every host staged (files written and validated, nothing activated), then
// the master activated, and only once it is healthy the backups. When any activation fails, every host goes
// back to the generation it ran before, backups first (so there are never two masters on the way back), and
// only a cluster where every host was activated records the new generation as current.
// docs/generations.md explains the states a host can be left in when hasetup is killed at any point.
import { settleLimit } from '../concurrency.js';
import { HostStepError, lastLines } from '../errors.js';
import { activationFault, killPoint } from '../testing/faults.js';
import { t } from '../i18n/index.js';
import type { Reporter } from '../progress.js';
import type { RemoteHost } from '../remote/host.js';
import { cmd, type ShellCommand } from '../remote/command.js';
import { partsScript, runSteps, unitCheckCommand, unitCheckPassed, writeScript } from './apply.js';
import { clearPendingScript, commitScript, generationDir, recordScript, restoreGeneration, type GenManifest, type NewFile } from './generations.js';
import { keepalivedCheckPassed } from './keepalived-check.js';
import type { HostPlan } from './plan.js';
import { timed, timedStep, type PhaseName } from '../timings.js';

/** Where a deploy moves one host: from the generation it runs to the new one (generation-plan.ts; pure data). */
export interface GenerationMove {
  /** The generation the host runs now: what a failure puts back. */
  previous: GenManifest;
  /** Set when `previous` (INITIAL) is not on the host yet: its contents, recorded before anything changes. */
  recordPrevious?: NewFile[];
  next: GenManifest;
  nextFiles: NewFile[];
  /** Generation ids the host keeps after the commit (with INITIAL and `next`). */
  keep: string[];
}

/** One host's part in a deploy: its connection, its plan and its move. */
export interface HostWork extends GenerationMove {
  remote: RemoteHost;
  plan: HostPlan;
}

export interface ActivationFailure {
  host: string;
  step: string;
  message: string;
}

export interface ActivationOutcome {
  ok: boolean;
  /** host -> the activation steps that ran (for the result table). */
  activated: Map<string, string[]>;
  /** The first failure (staging, activation, master health): host and step. */
  failures: ActivationFailure[];
  /** What was put back, one line per host, in the order it was done. */
  reverted: string[];
  /**
   * When the backups whose keepalived was started, reloaded or restarted had been activated, and their priorities:
   * each of them comes back as BACKUP and waits out its Master_Down interval before it may take the VIP
   * (verify.ts quietUntil). A reload counts as much as a start (issue 21, M6).
   */
  backupsRestarted?: { at: number; priorities: number[] };
  /** Stopped by deps.signal: put back (ok false), or finished and recorded (ok true) but not verified. */
  interrupted?: boolean;
}

export interface ActivationDeps {
  parallel: number;
  reporter: Reporter;
  /** Resolves to null once the master runs its new configuration as master, or to what is wrong. */
  masterHealthy: (w: HostWork) => Promise<string | null>;
  /** Ctrl-C, SIGTERM, SIGHUP: checked between steps (docs/generations.md, "Interrupted"). */
  signal?: AbortSignal;
}

/**
 * Whether the run was asked to stop (docs/generations.md, "Interrupted"). A signal's handler runs only in the event
 * loop's poll phase: two turns (the first may only finish the loop iteration this code runs in) let one that has
 * arrived count at this step boundary, not at the next one.
 */
export async function abortSeen(signal: AbortSignal | undefined): Promise<boolean> {
  if (!signal) return false;
  for (let turn = 0; turn < 2; turn++) await new Promise((r) => setImmediate(r));
  return signal.aborted;
}

function failureOf(host: string, err: unknown, fallbackStep: string): ActivationFailure {
  if (err instanceof HostStepError) return { host: err.host, step: err.step, message: err.message };
  return { host, step: fallbackStep, message: `${host}: ${fallbackStep}: ${err instanceof Error ? err.message : String(err)}` };
}

/** The previous generation plus "absent" for every file only the new one has: a revert removes those too. */
export function revertManifest(previous: GenManifest, next: GenManifest): GenManifest {
  const known = new Set(previous.files.map((f) => f.path));
  return { ...previous, files: [...previous.files, ...next.files.filter((f) => !known.has(f.path)).map((f) => ({ ...f, sha256: null }))] };
}

/** Runs a command, or a script on standard input (`sh -s`); a non-zero exit is a failure of that step. */
async function must(remote: RemoteHost, step: string, command: ShellCommand, input?: ShellCommand): Promise<string> {
  const r = await remote.run(command, { input: input?.text, timeoutMs: 120_000 });
  if (r.code !== 0) throw new HostStepError(remote.name, step, t().deploy.stepFailed({ code: String(r.code), output: lastLines(r.stderr || r.stdout, 8) || t().deploy.noOutput }));
  return r.stdout;
}

/** Stage one host: prepare, record generations, write the changed files, validate. Nothing is activated. */
export async function stageHost(w: HostWork, cluster: string, reporter: Reporter): Promise<void> {
  const { remote, plan } = w;
  const m = t().deploy;
  const part = <T>(step: PhaseName, fn: () => Promise<T>) => timedStep(remote.name, step, fn);
  await part((n) => n.prepare, () => runSteps(remote, plan.prepare, reporter));
  // Recording the generations and writing the files: one script, one round trip; each part in a subshell, with
  // a marker after it, so a failure still names its step.
  const parts: { step: string; body: ShellCommand }[] = [];
  if (w.recordPrevious) parts.push({ step: m.steps.recordPrevious, body: recordScript(cluster, w.previous, w.recordPrevious, { pending: false }) });
  parts.push({ step: m.steps.recordGeneration({ id: w.next.id }), body: recordScript(cluster, w.next, w.nextFiles, { pending: true }) });
  if (plan.changed.length > 0) parts.push({ step: m.steps.writeFiles, body: writeScript(plan.changed) });
  const r = await part((n) => n.recordAndWrite, () => remote.run(cmd`sh -s`, { input: partsScript(parts.map((p) => p.body)).text, timeoutMs: 120_000 }));
  const done = [...r.stdout.matchAll(/^@@part (\d+) ok$/gm)].length;
  if (done < parts.length) {
    const failed = parts[done]!;
    const output = lastLines(r.stderr, 8) || m.noOutput;
    if (failed.step !== m.steps.writeFiles) throw new HostStepError(remote.name, failed.step, m.stepFailed({ code: String(r.code), output }));
    const undone = await putBack(w, cluster, false);
    throw new HostStepError(remote.name, m.steps.writeFiles, m.writeFailed({ code: String(r.code), output, undone }));
  }
  if (plan.changed.length > 0) {
    // Both checks only read the new files, so they run side by side (two channels). keepalived's config test is a
    // command of its own: keepalived 2.2.7's has been seen to take the shell that runs it down with it (SIGTERM).
    const paths = plan.changed.map((f) => f.path);
    const unitCheck = unitCheckCommand(paths);
    const [check, units] = await Promise.all([
      part((n) => n.keepalivedCheck, () => remote.run(plan.validate.command, { timeoutMs: 60_000 })),
      unitCheck ? part((n) => n.unitCheck, () => remote.run(unitCheck, { timeoutMs: 60_000 })) : undefined,
    ]);
    if (!keepalivedCheckPassed(check.code, check.stdout, check.stderr)) {
      const undone = await putBack(w, cluster, false);
      throw new HostStepError(remote.name, m.steps.validate, m.validateRejected({ undone, output: lastLines(check.stderr || check.stdout, 12) }), {
        hint: m.validateRejectedHint,
      });
    }
    if (units && !unitCheckPassed(units.code, units.stdout + units.stderr, paths)) {
      const undone = await putBack(w, cluster, false);
      throw new HostStepError(remote.name, m.steps.verifyUnits, m.unitsRejected({ undone, output: lastLines(units.stdout + units.stderr, 12) }));
    }
  }
  killPoint('after-stage', remote.name);
}

async function activateHost(w: HostWork, reporter: Reporter): Promise<string[]> {
  const steps = activationFault(w.remote.name) ? [...w.plan.activate, { step: t().deploy.steps.activateTestFault, command: cmd`false` }] : w.plan.activate;
  return runSteps(w.remote, steps, reporter);
}

/**
 * Puts a host back on its previous generation (activated again when it had been activated), drops the new
 * generation's record; says in words what happened (for the message). Never throws.
 */
async function putBack(w: HostWork, cluster: string, activate: boolean): Promise<string> {
  try {
    // keepalived as it was before this deploy: a host where the activation started it is left with it stopped.
    const keepalived = w.plan.keepalivedActivation === 'start' ? 'stopped' : 'running';
    await restoreGeneration(w.remote, revertManifest(w.previous, w.next), { activate, keepalived, onRestored: () => killPoint('mid-restore', w.remote.name) });
    await must(w.remote, t().deploy.steps.dropNewGeneration, cmd`${clearPendingScript(cluster)}; rm -rf -- ${generationDir(cluster, w.next.id)}`);
    const back = { host: w.remote.name, id: w.previous.id };
    return activate ? t().deploy.backOnGenerationActivated(back) : t().deploy.backOnGeneration(back);
  } catch (err) {
    return t().deploy.putBackFailed({ host: w.remote.name, id: w.previous.id, error: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Stage all hosts, activate the master, check it, activate the backups, then record the new generation on
 * every host. `works[0]` need not be the master: `master` names it.
 */
export async function activateCluster(works: HostWork[], master: string, cluster: string, deps: ActivationDeps): Promise<ActivationOutcome> {
  const { reporter, parallel } = deps;
  const activated = new Map<string, string[]>();
  const failures: ActivationFailure[] = [];
  const reverted: string[] = [];
  const m = works.find((w) => w.remote.name === master)!;
  const backups = works.filter((w) => w !== m);

  // 1. stage everywhere; a host that cannot stage means no host is activated
  const steps = t().deploy.steps;
  const staged = await timed((n) => n.stage, () => settleLimit(works, parallel, (w) => stageHost(w, cluster, reporter)));
  staged.forEach((s, i) => {
    if (s.status === 'rejected') failures.push(failureOf(works[i]!.remote.name, s.reason, steps.stage));
  });
  // INTERRUPTED here (staged, nothing activated) is undone like a failed stage.
  const interrupted = failures.length === 0 && (await abortSeen(deps.signal));
  if (failures.length > 0 || interrupted) {
    const ok = works.filter((_, i) => staged[i]!.status === 'fulfilled');
    reverted.push(...(await Promise.all(ok.map((w) => putBack(w, cluster, false)))));
    return { ok: false, activated, failures, reverted, interrupted };
  }

  // 2. the master, and its health
  const wasActivated = new Set<HostWork>();
  const putBackAll = async (interrupted?: boolean): Promise<ActivationOutcome> => {
    reverted.push(...(await Promise.all(backups.map((w) => putBack(w, cluster, false)))));
    reverted.push(await putBack(m, cluster, true));
    return { ok: false, activated, failures, reverted, interrupted };
  };
  try {
    wasActivated.add(m);
    activated.set(m.remote.name, await timed((n) => n.activateMaster, () => activateHost(m, reporter)));
    const problem = await timed((n) => n.waitForMaster, () => deps.masterHealthy(m));
    if (problem && !deps.signal?.aborted) throw new HostStepError(m.remote.name, steps.masterHealth, t().deploy.backupsNotActivated({ problem }));
  } catch (err) {
    failures.push(failureOf(m.remote.name, err, steps.activate));
    return putBackAll();
  }
  killPoint('after-activate-master');
  // INTERRUPTED here (only the master runs the new generation) is undone like a failed master. From here on the
  // run goes to the end: the backups are activated and every host records the generation, without verify.
  if (await abortSeen(deps.signal)) return putBackAll(true);

  // 3. the backups together
  const results = await timed((n) => n.activateBackups, () => settleLimit(backups, parallel, async (w) => {
    wasActivated.add(w);
    activated.set(w.remote.name, await activateHost(w, reporter));
  }));
  results.forEach((r, i) => {
    if (r.status === 'rejected') failures.push(failureOf(backups[i]!.remote.name, r.reason, steps.activate));
  });
  const restarted = backups.filter((w) => w.plan.keepalivedActivation !== 'none').map((w) => w.plan.priority);
  const backupsRestarted = restarted.length > 0 ? { at: Date.now(), priorities: restarted } : undefined;
  if (failures.length > 0) {
    // Backups first, the master last: a backup still on the new configuration never faces two masters.
    reverted.push(...(await Promise.all(backups.map((w) => putBack(w, cluster, wasActivated.has(w))))));
    reverted.push(await putBack(m, cluster, true));
    return { ok: false, activated, failures, reverted };
  }

  // 4. every host runs the new generation: record it as current everywhere
  killPoint('before-commit');
  const committed = await timed((n) => n.commit, () =>
    settleLimit(works, parallel, (w) => must(w.remote, steps.recordCurrent({ id: w.next.id }), cmd`sh -s`, commitScript(cluster, w.next.id, w.keep))),
  );
  committed.forEach((c, i) => {
    if (c.status === 'rejected') failures.push(failureOf(works[i]!.remote.name, c.reason, steps.commit));
  });
  return { ok: failures.length === 0, activated, failures, reverted, backupsRestarted, interrupted: deps.signal?.aborted };
}
