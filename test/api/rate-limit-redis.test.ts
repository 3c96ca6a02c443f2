import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../src/api/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { HealthRegistry } from '../../src/health/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import { testKeyPrefix } from '../support/isolation.ts';

/** Needs a Redis server: REDIS_URL, or the one on 127.0.0.1:6379. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

const MAX = 4;

async function anApiProcess(redisUrl: string, keyPrefix: string): Promise<FastifyInstance> {
  const app = buildApiServer(
    {
      logger: silentLogger(),
      health: new HealthRegistry(),
      metrics: createMetricsRegistry({ instance: 'test', roles: 'api' }),
      config: parseConfig({ REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix }),
    },
    { rateLimits: { normal: { max: MAX, timeWindow: 60_000 } } },
  );
  // Registered as a plugin so it loads after the rate limiter, like the panel's routes.
  app.register(async (routes) => {
    routes.get('/api/ping', async () => ({ pong: true }));
  });
  apps.push(app);
  await app.ready();
  return app;
}

/**
 * Resolves once `app`'s rate limiter counts in Redis. Until its client is connected (it gives up
 * waiting after 1 s, then keeps retrying) every request passes uncounted (`skipOnError`): a
 * request from a throwaway address shows a full budget then, and one less once Redis counts it.
 */
async function untilCountingInRedis(app: FastifyInstance): Promise<void> {
  await expect
    .poll(
      async () => {
        const remoteAddress = `10.255.${randomInt(256)}.${randomInt(1, 255)}`;
        const response = await app.inject({ method: 'GET', url: '/api/ping', remoteAddress });
        return Number(response.headers['x-ratelimit-remaining']);
      },
      { timeout: 15_000, interval: 100 },
    )
    .toBe(MAX - 1);
}

describe('rate limits in Redis', () => {
  it('shares one budget between api processes', async () => {
    // A fresh prefix per run, so parallel runs on one Redis don't share counters.
    const keyPrefix = testKeyPrefix('rate-limit');
    const [first, second] = [
      await anApiProcess(REDIS_URL, keyPrefix),
      await anApiProcess(REDIS_URL, keyPrefix),
    ];
    await Promise.all([untilCountingInRedis(first), untilCountingInRedis(second)]);
    const remoteAddress = '10.0.0.1';
    const statuses: number[] = [];
    for (const app of [first, second, first, second, first]) {
      statuses.push((await app.inject({ method: 'GET', url: '/api/ping', remoteAddress })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    // The counter lives under REDIS_KEY_PREFIX.
    const raw = new Redis(REDIS_URL);
    try {
      expect(await raw.get(`${keyPrefix}ratelimit:${remoteAddress}`)).toBe('5');
    } finally {
      await raw.quit();
    }
  });

  it('lets requests through while Redis is unreachable rather than failing them', async () => {
    const app = await anApiProcess('redis://127.0.0.1:1', testKeyPrefix('rate-limit'));
    for (let i = 0; i < 6; i++) {
      const response = await app.inject({ method: 'GET', url: '/api/ping', remoteAddress: '10.9.9.9' });
      expect(response.statusCode).toBe(200);
    }
  });
});
