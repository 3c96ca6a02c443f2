import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../src/api/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { HealthRegistry } from '../../src/health/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';

/** Needs a Redis server: REDIS_URL, or the one on 127.0.0.1:6379. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function anApiProcess(redisUrl: string): Promise<FastifyInstance> {
  const app = buildApiServer(
    {
      logger: silentLogger(),
      health: new HealthRegistry(),
      metrics: createMetricsRegistry({ instance: 'test', roles: 'api' }),
      config: parseConfig({ REDIS_URL: redisUrl }),
    },
    { rateLimits: { normal: { max: 4, timeWindow: 60_000 } } },
  );
  // Registered as a plugin so it loads after the rate limiter, like the panel's routes.
  app.register(async (routes) => {
    routes.get('/api/ping', async () => ({ pong: true }));
  });
  apps.push(app);
  await app.ready();
  return app;
}

describe('rate limits in Redis', () => {
  it('shares one budget between api processes', async () => {
    const [first, second] = [await anApiProcess(REDIS_URL), await anApiProcess(REDIS_URL)];
    // A fresh address per run, so parallel runs on one Redis don't share counters.
    const remoteAddress = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    const statuses: number[] = [];
    for (const app of [first, second, first, second, first]) {
      statuses.push((await app.inject({ method: 'GET', url: '/api/ping', remoteAddress })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('lets requests through while Redis is unreachable rather than failing them', async () => {
    const app = await anApiProcess('redis://127.0.0.1:1');
    for (let i = 0; i < 6; i++) {
      const response = await app.inject({ method: 'GET', url: '/api/ping', remoteAddress: '10.9.9.9' });
      expect(response.statusCode).toBe(200);
    }
  });
});
