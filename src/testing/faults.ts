// A test hook inside the product (hence src/testing/): fault injection for the e2e tests and bench/killpoints.ts
// (README, Development). HASETUP_TEST_FAULT names points where hasetup stops dead
// (SIGKILL of its own process, as a crash or `kill -9` would) or where a host's activation fails, so the e2e
// tests can prove what every host is left with. Ignored unless set; never set it in production.
//
//   HASETUP_TEST_FAULT=after-stage:node2          killed once node2 is staged (files written, not activated)
//   HASETUP_TEST_FAULT=after-activate-master      killed once the master is activated, before any backup
//   HASETUP_TEST_FAULT=before-commit              killed once every host is activated, before any records it
//   HASETUP_TEST_FAULT=mid-restore:node1          (rollback and deploy revert) killed once node1's files are back, before activation
//   HASETUP_TEST_FAULT=fail-activate:node1        node1's activation fails (a step that exits 1)
// Several, comma-separated. A point with a host applies to that host only.

export const FAULT_ENV = 'HASETUP_TEST_FAULT';

export const KILL_POINTS = ['after-stage', 'after-activate-master', 'before-commit', 'mid-restore'] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

function faults(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[FAULT_ENV] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function faultSet(point: string, host?: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return faults(env).some((f) => f === point || (host !== undefined && f === `${point}:${host}`));
}

/** Stops hasetup dead here when the test asked for it. */
export function killPoint(point: KillPoint, host?: string): void {
  if (faultSet(point, host)) process.kill(process.pid, 'SIGKILL');
}

/** Whether the test asked for this host's activation to fail. */
export function activationFault(host: string): boolean {
  return faultSet('fail-activate', host);
}
