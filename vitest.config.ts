import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'dashboard/src/**/*.test.{ts,tsx}'],
    // The machines have two cores and many tests hash for real or run servers: run files one at a time
    // so timing-sensitive assertions (health answers while the pool is busy) see a quiet machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
