import { defineConfig } from 'vitest/config';

// Two projects: unit tests are pure and fast; e2e tests drive the built CLI against real
// servers in the lab, one lab per test file (separate names and subnets), so files can run in parallel.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: true,
          maxWorkers: 2,
        },
      },
    ],
  },
});
