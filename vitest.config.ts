import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Suites that need a real Redis server. They run whenever REDIS_URL is set (CI sets it); a
 * fresh clone with only Node and npm runs everything else. PostgreSQL suites choose the same
 * way through DATABASE_URL (test/support/databases.ts).
 */
const needsRedis = ['src/bus/redis-bus.test.ts', 'test/api/rate-limit-redis.test.ts'];

/**
 * The dashboard's browser suites drive Debian's chromium (CI installs it; `apt-get install -y
 * chromium`). Without it they are left out, as the Redis suites are without REDIS_URL.
 */
const needsChromium = existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium') ? [] : ['test/browser/**'];

/**
 * Test files run in this many forks at once. vitest's default is one fewer than the cores
 * (one fork on CI's two), which leaves a core idle while e2e files wait on child processes,
 * sleeps and the network. TEST_FORKS overrides it (docs/testing.md has the measurements).
 */
function testForks(): number {
  const fromEnv = Number(process.env.TEST_FORKS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  return Math.max(2, availableParallelism());
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(process.env.REDIS_URL ? [] : needsRedis), ...needsChromium],
    // Forked workers inherit environment set in global setup (NODE_EXTRA_CA_CERTS is read
    // only when a process starts), and native addons behave better in processes than threads.
    pool: 'forks',
    poolOptions: { forks: { maxForks: testForks(), minForks: 1 } },
    // Every run leaves per-file timings in test-results/timings.json: `npm run test:slowest`.
    reporters: ['default', './test/support/timing-reporter.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
