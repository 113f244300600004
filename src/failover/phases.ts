// One scenario as a sequence of small phases over one state object (src/failover/run-state.ts):
// record -> arm the net -> inject -> wait for the move, hold -> restore -> disarm -> await the master's return
// -> wait until settled. Whatever happens (an error, Ctrl-C, a lost session), cleanUp undoes what was done:
// an injected failure is restored, and a net that is still armed while nothing is left to undo is disarmed
// and checked (issue 21, M3: a forgotten failsafe would "restore" a healthy master minutes later).
import { observeCluster, clusterProblems, type ClusterView } from '../cluster/observe.js';
import { startExperiment, probeOptionsFor } from '../experiment/harness.js';
import { t } from '../i18n/index.js';
import { SCENARIO_KIND, type ScenarioKind } from './kinds.js';
import { failRestore, type ScenarioRun } from './run-state.js';
import { addTrouble, setNotRun } from './trouble.js';
import type { ScenarioTimeline } from './types.js';

/** How long the cluster must look the same before the failback counts as settled (docs/timing.md). */
export function settleWindowMs(p: { advertInt: number; checkInterval: number }): number {
  // three adverts (a backup's down timer) plus one HTTP check interval (a check that fails once more would move the VIP again)
  return Math.round((3 * p.advertInt + p.checkInterval) * 1000);
}

const kindOf = (run: ScenarioRun): ScenarioKind => SCENARIO_KIND[run.spec.kind];

/** Runs the phases; returns the scenario's recording with whatever went wrong noted on it. */
export async function runScenario(run: ScenarioRun): Promise<ScenarioTimeline> {
  try {
    await startRecording(run);
    await armNet(run);
    if (!run.tl.notRun && !run.signal.aborted) await kindOf(run).inject(run);
    if (run.failure === 'injected' && !run.tl.notRun) await awaitMoveAndHold(run);
    if (sessionLost(run)) {
      run.tl.sessionLost = true;
      addTrouble(run.tl, (c) => c.failover.trouble.sessionLostDuringFailure({ host: run.master.name }));
    }
    await undo(run);
    if (run.failure !== 'none' && !run.tl.sessionLost) await awaitSettled(run);
    await run.experiment!.pause(300); // a last look for a second VIP holder after settling
  } finally {
    await cleanUp(run);
  }
  if (!run.effective.hasTomcatCheck && run.name.startsWith('tomcat-')) addTrouble(run.tl, (c) => c.failover.trouble.noTomcatCheck);
  return run.tl;
}

async function startRecording(run: ScenarioRun): Promise<void> {
  const { hosts, settings } = run;
  const from = settings.probeFrom ? hosts.get(settings.probeFrom) : undefined;
  run.experiment = await startExperiment({
    hosts: hosts.all().map((remote) => ({ remote, offsetMs: hosts.offset(remote.name) })),
    vip: run.cluster.vips[0]!.address,
    probe: probeOptionsFor(run.cluster, { intervalMs: settings.probeIntervalMs, timeoutMs: settings.probeTimeoutMs, path: settings.probePath }),
    probeFrom: from ? { remote: from, offsetMs: hosts.offset(from.name) } : undefined,
    signal: run.signal,
  });
}

/** Never injected without its net: the failsafe is armed first, and nothing happens when that failed. */
async function armNet(run: ScenarioRun): Promise<void> {
  const why = await kindOf(run).arm(run);
  if (why) setNotRun(run.tl, why);
}

/** The master's session ended by itself while its failure was in place (a kind that goes away excepted). */
function sessionLost(run: ScenarioRun): boolean {
  return !kindOf(run).goesAway && Boolean(run.experiment?.ended.has(run.master.name));
}

async function awaitMoveAndHold(run: ScenarioRun): Promise<void> {
  const x = run.experiment!;
  const { settings, master } = run;
  const moved = await x.until(() => sessionLost(run) || x.events.some((e) => e.kind === 'add' && e.host !== master.name), {
    timeout: settings.moveTimeoutSeconds * 1000,
    step: 50,
  });
  if (!moved && !run.signal.aborted) {
    const m = t().failover.progress;
    const timeout = settings.moveTimeoutSeconds;
    run.reporter.warn(m.vipDidNotMove({ scenario: run.name, timeout }) + (run.effective.hasTomcatCheck ? '' : m.vipDidNotMoveNoCheckSuffix));
  }
  if (!run.signal.aborted && !sessionLost(run)) await x.until(() => sessionLost(run), { timeout: settings.holdSeconds * 1000, step: 100 });
}

/** Restore what was injected, then take the net down (only when the restore worked), then wait for the master. */
async function undo(run: ScenarioRun): Promise<void> {
  const kind = kindOf(run);
  if (run.failure === 'injected') {
    run.failure = (await kind.restore(run)) ? 'restored' : 'restore-failed';
  }
  // A failed restore leaves the net to retry it; with nothing injected (or restored) the net must go.
  if (run.net === 'armed' && run.failure !== 'restore-failed') await disarmNet(run);
  if (run.failure === 'restored') await kind.awaitReturn(run);
}

/** Disarm, checked: a net that may still be armed is a restore failure, and the scenario an ERROR. */
async function disarmNet(run: ScenarioRun): Promise<void> {
  const ok = await kindOf(run).disarm(run).catch(() => false);
  run.net = ok ? 'disarmed' : 'left-armed';
  if (ok) return;
  const seconds = run.failsafeSeconds;
  const command = run.spec.disarm?.text ?? 'kill hasetup-power-failsafe';
  failRestore(run, command, (c) => c.failover.trouble.failsafeNotDisarmed({ seconds }));
  run.tl.failsafeLeftArmed = true;
}

/** After an error or Ctrl-C in the middle: undo the failure, take the net down, stop the recording. */
async function cleanUp(run: ScenarioRun): Promise<void> {
  if (run.failure === 'injected' || (run.net === 'armed' && run.failure !== 'restore-failed')) {
    await undo(run).catch((e: Error) => failRestore(run, run.spec.restore?.text ?? run.name, () => e.message));
  }
  const recording = await run.experiment?.stop();
  run.tl.probes = recording?.probes ?? [];
  run.tl.events = recording?.events ?? [];
  run.tl.markers = recording?.markers ?? [];
}

/** Everything that must stay the same for the cluster to count as settled. */
function viewSignature(v: ClusterView): string {
  return JSON.stringify([v.holders, v.hosts.map((h) => [h.host, h.reachable, h.keepalivedActive, h.state, h.tomcatHttp])]);
}

// Settled means stable: the holder, every host's state and the address events stay the same for a window
// derived from the timing in effect (docs/timing.md), and the recording lasts until then.
async function awaitSettled(run: ScenarioRun): Promise<void> {
  const { cluster, effective, settings } = run;
  const x = run.experiment!;
  const vip = cluster.vips[0]!.address;
  const wanted = effective.nopreempt ? undefined : run.preemptMaster.name;
  const windowMs = settleWindowMs(effective.params);
  let last = { signature: '', events: -1, since: 0 };
  const stable = async () => {
    const v = await observeCluster(run.hosts.all(), cluster);
    const held = v.holders[vip] ?? [];
    const h = held.length === 1 ? held[0] : undefined;
    const target = cluster.hosts.find((x) => x.name === (wanted ?? h));
    const healthy = Boolean(h && target && (!wanted || h === wanted) && clusterProblems(v, cluster, target).length === 0);
    const now = { signature: viewSignature(v), events: x.events.length, since: last.since };
    if (!healthy || now.signature !== last.signature || now.events !== last.events) {
      last = { ...now, since: healthy ? Date.now() : 0 };
      return false;
    }
    return last.since > 0 && Date.now() - last.since >= windowMs;
  };
  const settled = await x.until(stable, { timeout: settings.settleTimeoutSeconds * 1000, step: 250 });
  if (!settled && !run.signal.aborted) {
    const late = { window: (windowMs / 1000).toFixed(1), timeout: settings.settleTimeoutSeconds };
    addTrouble(run.tl, (c) => c.failover.trouble.notSettled(late));
  }
  x.mark('failback-settled');
}
