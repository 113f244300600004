// Scenario kinds as data: how a kind of failure is armed, injected, undone, disarmed and waited out. The run's
// phases (src/failover/phases.ts) call these and never ask which scenario they run.
// - on-host: a command on the master; a transient systemd timer there runs the restore should hasetup be gone.
// - power: the inventory's power commands run here; a local detached shell powers the master on again.
// - reboot: the master reboots and comes back by itself; nothing to arm or undo, only to wait for.
import { readFileSync } from 'node:fs';
import { parseTransitions } from '../cluster/observe.js';
import { HasetupError } from '../errors.js';
import { spawnDetached } from '../exec.js';
import { runPower } from './power.js';
import { measureClockOffset } from '../experiment/clock.js';
import { transitionsLog } from '../hostpaths.js';
import { poll } from '../poll.js';
import { t, type Catalog } from '../i18n/index.js';
import { cmd } from '../remote/command.js';
import type { ScenarioKindName } from './scenarios.js';
import { failRestore, masterRemote, outputOf, type ScenarioRun } from './run-state.js';
import { addTrouble, setNotRun } from './trouble.js';
import type { Said } from './types.js';

export interface ScenarioKind {
  /** No SSH session can follow the master while it is failed (it is off, or rebooting). */
  goesAway: boolean;
  /** Arms the net; a sentence when it could not be armed (then nothing is injected). Sets run.net. */
  arm(run: ScenarioRun): Promise<Said | undefined>;
  /** Fails the master, marks 'inject'; setNotRun when the inject itself failed. */
  inject(run: ScenarioRun): Promise<void>;
  /** Undoes the failure, marks 'restore'; false (after failRestore) when that did not work. */
  restore(run: ScenarioRun): Promise<boolean>;
  /** Takes the net down and checks it is gone; false when it may still be armed. */
  disarm(run: ScenarioRun): Promise<boolean>;
  /** After the restore: waits for the master to be back and watches it again. */
  awaitReturn(run: ScenarioRun): Promise<void>;
}

const LOCAL_FAILSAFE = 'hasetup-power-failsafe';

/** The inject's timestamp (the first line, taken on the master) on our clock, or now. */
function injectTime(run: ScenarioRun, stdout: string): { t: number; stamped: boolean } {
  const stamp = Number((stdout.split('\n')[0] ?? '').replace(',', '.')) * 1000;
  const stamped = Number.isFinite(stamp) && stamp > 0;
  return { t: stamped ? stamp - run.hosts.offset(run.master.name) : Date.now(), stamped };
}

/** Runs spec.inject on the master; `tolerateLoss`: a reboot may end the session before the command returns. */
async function injectOnMaster(run: ScenarioRun, timeoutMs: number, tolerateLoss: boolean): Promise<void> {
  run.failure = 'injected';
  const inj = await masterRemote(run).run(run.spec.inject!, { timeoutMs });
  const at = injectTime(run, inj.stdout);
  run.experiment!.mark('inject', at.t);
  // Only a missing timestamp is a failure when the session may go down with the host.
  if (inj.code !== 0 && !(tolerateLoss && at.stamped)) {
    const failed = { host: run.master.name, code: inj.code, output: outputOf(inj) };
    setNotRun(run.tl, (c) => c.failover.trouble.injectFailed(failed));
  }
}

/** The restore command on the master; once more through a new session when the session (not the command) was lost. */
async function restoreOnMaster(run: ScenarioRun): Promise<boolean> {
  run.experiment!.mark('restore');
  const restore = run.spec.restore!;
  let r = await masterRemote(run).run(restore, { timeoutMs: 120_000 });
  if (r.code === 255 && /connection to .* was (lost|closed)/.test(r.stderr) && run.settings.reconnect) {
    const fresh = await run.settings.reconnect(run.master.name).catch(() => undefined);
    if (fresh) {
      await run.hosts.replace(fresh);
      r = await fresh.run(restore, { timeoutMs: 120_000 });
    }
  }
  if (r.code === 0) return true;
  const failed = { command: restore.text, code: r.code, output: outputOf(r), failsafe: run.failsafeSeconds };
  failRestore(run, restore.text, (c) => c.failover.trouble.restoreCommandFailed(failed));
  return false;
}

const onHost: ScenarioKind = {
  goesAway: false,
  async arm(run) {
    run.net = 'armed'; // from the first try: an arm that timed out may still have started the timer
    const armed = await masterRemote(run).run(run.spec.arm!, { timeoutMs: 30_000 });
    if (armed.code === 0) return undefined;
    const output = outputOf(armed);
    const host = run.master.name;
    return (c) => c.failover.trouble.failsafeNotArmed({ host, code: armed.code, output: output || c.failover.trouble.noOutput });
  },
  inject: (run) => injectOnMaster(run, 60_000, false),
  restore: restoreOnMaster,
  async disarm(run) {
    const r = await masterRemote(run).run(run.spec.disarm!, { timeoutMs: 30_000 }).catch((e: Error) => ({ code: -1, stdout: '', stderr: e.message }));
    return r.code === 0;
  },
  awaitReturn: () => Promise.resolve(),
};

/** Kills the local failsafe we started, only while it is still that sleeping shell (PIDs get reused). */
function localFailsafeAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(LOCAL_FAILSAFE);
  } catch {
    return false; // gone
  }
}

const power: ScenarioKind = {
  goesAway: true,
  arm(run) {
    const on = run.master.power?.on;
    const host = run.master.name;
    if (!on) return Promise.resolve((c) => c.failover.trouble.noPowerCommands({ host }));
    run.net = 'armed';
    let error: Said | undefined;
    try {
      run.localFailsafe = spawnDetached(['sh', '-c', 'sleep "$1"; shift; exec "$@"', LOCAL_FAILSAFE, String(run.failsafeSeconds), ...on]);
      if (!run.localFailsafe) error = (c) => c.failover.trouble.shDidNotStart;
    } catch (e) {
      const message = (e as Error).message;
      error = () => message;
    }
    const why = error;
    return Promise.resolve(why ? (c: Catalog) => c.failover.trouble.localFailsafeNotStarted({ host, error: why(c) }) : undefined);
  },
  async inject(run) {
    run.failure = 'injected';
    const before = Date.now();
    const off = await runPower(run.master.power!, 'off', run.signal);
    const at = parsePowerOffStamp(off.stdout) ?? before;
    run.experiment!.mark('inject', at);
    if (off.code !== 0 || off.unconfirmed !== undefined) {
      const output = off.unconfirmed === undefined ? outputOf(off) : t().failover.powerStatusDisagrees({ want: 'off', status: off.unconfirmed });
      const failed = { host: run.master.name, code: off.code, output };
      setNotRun(run.tl, (c) => c.failover.trouble.powerOffFailed(failed));
      return;
    }
    // A host without power holds no address: its kernel says nothing more, so the loss is recorded here.
    const vip = run.cluster.vips[0]!;
    run.experiment!.events.push({ t: at, host: run.master.name, kind: 'del', address: `${vip.address}/${vip.prefix}` });
  },
  async restore(run) {
    run.experiment!.mark('restore');
    const cmdOn = run.master.power!.on;
    // Not the run's signal: after a Ctrl-C the host must still get its power back (the command's own timeout bounds it).
    const on = await runPower(run.master.power!, 'on');
    if (on.code === 0 && on.unconfirmed === undefined) return true;
    const failed = { code: on.code, output: on.unconfirmed === undefined ? outputOf(on) : t().failover.powerStatusDisagrees({ want: 'on', status: on.unconfirmed }) };
    failRestore(run, cmdOn.join(' '), (c) => c.failover.trouble.powerOnFailed(failed));
    return false;
  },
  async disarm(run) {
    const pid = run.localFailsafe;
    if (!pid || !localFailsafeAlive(pid)) return true;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone meanwhile */
    }
    return (await poll(() => (localFailsafeAlive(pid) ? undefined : true), { timeout: 2000, step: 50 })) ?? false;
  },
  awaitReturn: (run) => awaitReturningMaster(run, 'power cut'),
};

const reboot: ScenarioKind = {
  goesAway: true,
  arm: () => Promise.resolve(undefined),
  inject: (run) => injectOnMaster(run, 15_000, true),
  restore(run) {
    run.experiment!.mark('restore');
    return Promise.resolve(true);
  },
  disarm: () => Promise.resolve(true),
  awaitReturn: (run) => awaitReturningMaster(run, 'reboot'),
};

export const SCENARIO_KIND: Readonly<Record<ScenarioKindName, ScenarioKind>> = { 'on-host': onHost, power, reboot };

/** The instant a power command says it cut the power (`power-off-at: EPOCH`), or undefined. */
export function parsePowerOffStamp(stdout: string): number | undefined {
  const m = /^power-off-at:\s*(\d+(?:\.\d+)?)\s*$/m.exec(stdout);
  return m ? Number(m[1]) * 1000 : undefined;
}

// The master came back (reboot, power on): connect anew, watch it again, and take what it did while no
// session could see it from its own transitions log (keepalived's notify script writes it).
async function awaitReturningMaster(run: ScenarioRun, what: 'reboot' | 'power cut'): Promise<void> {
  const { reconnect, rebootTimeoutSeconds = 300 } = run.settings;
  // A bug, not a user's mistake (the command always passes reconnect): not translated (docs/i18n.md).
  if (!reconnect) throw new HasetupError(`the ${run.name} scenario needs a way to reconnect to the master`);
  const host = run.master.name;
  await run.experiment!.pause(1000);
  const fresh = await poll(() => reconnect(host).catch(() => undefined), { timeout: rebootTimeoutSeconds * 1000 - 1000, step: 1000, signal: run.signal });
  if (!fresh) {
    const lost = { host, timeout: rebootTimeoutSeconds };
    addTrouble(run.tl, (c) => (what === 'reboot' ? c.failover.trouble.noSshAfterReboot(lost) : c.failover.trouble.noSshAfterPowerCut(lost)));
    return;
  }
  await run.hosts.replace(fresh);
  const offset = (await measureClockOffset(fresh)).offsetMs;
  run.hosts.setOffset(host, offset);
  const log = await fresh.run(cmd`cat ${transitionsLog(run.cluster.name)} 2>/dev/null`);
  mergeTransitions(run, log.stdout, offset);
  await run.experiment!.watchAgain({ remote: fresh, offsetMs: offset });
}

/** The master's own log of its VRRP transitions fills in the address changes no session saw. */
function mergeTransitions(run: ScenarioRun, log: string, offset: number): void {
  const x = run.experiment!;
  const host = run.master.name;
  const vip = run.cluster.vips[0]!;
  const inject = x.markers.find((m) => m.label === 'inject')?.t ?? 0;
  for (const tr of parseTransitions(log)) {
    const t = tr.t * 1000 - offset;
    if (t <= inject) continue;
    const kind = tr.state === 'MASTER' ? 'add' : 'del';
    // Events the stream saw itself win; the log fills in only changes that happened while no session
    // was open (a 'del' when the VIP was already gone is no change).
    const before = x.events.filter((e) => e.host === host && e.t <= t).sort((a, b) => a.t - b.t).at(-1);
    const seenNear = x.events.some((e) => e.host === host && e.kind === kind && Math.abs(e.t - t) < 1000);
    if (!seenNear && before?.kind !== kind) x.events.push({ t, host, kind, address: `${vip.address}/${vip.prefix}` });
  }
}
