import { defineConfig } from 'vitest/config';

// Two projects: unit tests are pure and fast; e2e tests drive the built CLI against real servers in
// the lab, one lab per test file. e2e files run one at a time: failover timings are measured there, and
// two files' labs competing for this machine's 2 cores would measure the machine, not hasetup.
export default defineConfig({
  test: {
    projects: [
      // TZ: reports show local time with its zone (src/report/format.ts); snapshots must not depend on the machine's.
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], env: { TZ: 'UTC' } } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
