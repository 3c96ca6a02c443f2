import { existsSync } from 'node:fs';
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

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(process.env.REDIS_URL ? [] : needsRedis), ...needsChromium],
    // Forked workers inherit environment set in global setup (NODE_EXTRA_CA_CERTS is read
    // only when a process starts), and native addons behave better in processes than threads.
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
