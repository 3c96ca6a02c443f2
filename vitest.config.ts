import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Forked workers inherit environment set in global setup (NODE_EXTRA_CA_CERTS is read
    // only when a process starts), and native addons behave better in processes than threads.
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
