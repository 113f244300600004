// A failover report measured from the recorded timelines of test/unit/failover (as the runner makes one), so
// every sentence in it carries its Said and renders in any language: a pass, a split brain, a VIP that never
// moved, a hung Tomcat, a scenario that could not be carried out, and a reboot whose restore failed.
import { en } from '../../../src/i18n/en/index.js';
import { measureScenario } from '../../../src/failover/measure.js';
import { addTrouble, setNotRun } from '../../../src/failover/trouble.js';
import type { FailoverReport, RestoreFailure, Said, ScenarioTimeline } from '../../../src/failover/types.js';
import { V3_FAST, cleanKeepalivedStop, masterCrashSplitBrain, neverMoves, noFailures, timeline, tomcatHang } from '../failover/timelines.js';

const thresholds = { maxOutageSeconds: 1 };

function notArmed(): ScenarioTimeline {
  const tl = timeline('network-loss', V3_FAST, [], [], []);
  setNotRun(tl, (c) => c.failover.trouble.failsafeNotArmed({ host: 'node1', code: 1, output: 'Failed to start transient timer unit' }));
  return tl;
}

const noSsh: Said = (c) => c.failover.trouble.noSshAfterReboot({ host: 'node1', timeout: 300 });

function rebootNotBack(): ScenarioTimeline {
  const tl = { ...cleanKeepalivedStop(), scenario: 'reboot' as const };
  addTrouble(tl, noSsh);
  return tl;
}

const restoreFailure: RestoreFailure = { host: 'node1', scenario: 'reboot', command: 'true', detail: noSsh(en), said: noSsh };

export function measuredReport(): FailoverReport {
  const scenarios = [cleanKeepalivedStop(), masterCrashSplitBrain(), neverMoves(), noFailures(), tomcatHang(), notArmed(), rebootNotBack()].map(
    (tl) => measureScenario(tl, thresholds),
  );
  return {
    cluster: 'shop-prod',
    vip: '198.18.1.100',
    startedAt: '2025-06-15T10:00:00.000Z',
    finishedAt: '2025-06-15T10:03:12.345Z',
    passed: false,
    maxOutageSeconds: thresholds.maxOutageSeconds,
    hasetupVersion: '0.1.0',
    scenarios,
    restoreFailures: [restoreFailure],
  };
}
