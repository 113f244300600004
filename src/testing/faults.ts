// A test hook inside the product (hence src/testing/): fault injection (README, Development): HASETUP_TEST_FAULT names points where hasetup stops dead
// (SIGKILL of its own process, as a crash or `kill -9` would), pauses (so a test can send a signal exactly
// there) or where a host's activation fails, so the e2e tests can prove what every host is left with.
// Ignored unless set; never set it in production.
//
//   HASETUP_TEST_FAULT=after-stage:node2          killed once node2 is staged (files written, not activated)
//   HASETUP_TEST_FAULT=after-activate-master      killed once the master is activated, before any backup
//   HASETUP_TEST_FAULT=before-commit              killed once every host is activated, before any records it
//   HASETUP_TEST_FAULT=mid-restore:node1          (rollback and deploy revert) killed once node1's files are back, before activation
//   HASETUP_TEST_FAULT=fail-activate:node1        node1's activation fails (a step that exits 1)
//   HASETUP_TEST_FAULT=pause-at:after-stage:node2 at that point (any of the four above, with or without a host):
//                                                 writes $HASETUP_TEST_PAUSE_DIR/reached, then the whole process
//                                                 waits until $HASETUP_TEST_PAUSE_DIR/go exists (at most 120 s).
//                                                 A signal sent meanwhile is handled right after the point.
// Several, comma-separated. A point with a host applies to that host only.
import fs from 'node:fs';
import path from 'node:path';

export const FAULT_ENV = 'HASETUP_TEST_FAULT';
export const PAUSE_DIR_ENV = 'HASETUP_TEST_PAUSE_DIR';

export const KILL_POINTS = ['after-stage', 'after-activate-master', 'before-commit', 'mid-restore'] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

/** The longest a pause waits for its `go` file: a test that died must not leave hasetup waiting for ever. */
const PAUSE_LIMIT_MS = 120_000;

function faults(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[FAULT_ENV] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function faultSet(point: string, host?: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return faults(env).some((f) => f === point || (host !== undefined && f === `${point}:${host}`));
}

/**
 * Blocks the whole process (no callback, no signal handler runs meanwhile) until the test says go: the point is
 * reached exactly once, and a signal the test sends now is delivered when hasetup goes on from here.
 */
function pause(point: string, dir: string): void {
  fs.writeFileSync(path.join(dir, 'reached'), `${point}\n`);
  const go = path.join(dir, 'go');
  const tick = new Int32Array(new SharedArrayBuffer(4));
  const end = Date.now() + PAUSE_LIMIT_MS;
  while (!fs.existsSync(go) && Date.now() < end) Atomics.wait(tick, 0, 0, 10);
}

/** Stops hasetup dead, or pauses it, here when the test asked for it. */
export function killPoint(point: KillPoint, host?: string): void {
  const dir = process.env[PAUSE_DIR_ENV];
  if (dir && faultSet(`pause-at:${point}`, host)) pause(host ? `${point}:${host}` : point, dir);
  if (faultSet(point, host)) process.kill(process.pid, 'SIGKILL');
}

/** Whether the test asked for this host's activation to fail. */
export function activationFault(host: string): boolean {
  return faultSet('fail-activate', host);
}
