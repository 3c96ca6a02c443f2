import { describe, expect, it } from 'vitest';
import { buildApiServer } from '../../src/api/index.ts';
import { createBus } from '../../src/bus/index.ts';
import { migrate } from '../../src/db/index.ts';
import { HealthRegistry } from '../../src/health/index.ts';
import { JobQueue } from '../../src/jobs/index.ts';
import { currentCorrelationId, silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { testKeyPrefix } from '../support/isolation.ts';

describe('correlation id', () => {
  it('travels from an HTTP request onto the bus (event and command) and into a job', async () => {
    const logger = silentLogger();
    const database = await (await createTestDatabase('pglite')).open();
    await migrate(database);
    const busOptions = { logger, commandTimeoutMs: 2_000, redisUrl: process.env.REDIS_URL };
    const prefix = testKeyPrefix('correlation');
    const apiBus = await createBus({ ...busOptions, instanceId: 'api-1', keyPrefix: prefix });
    const gatewayBus = await createBus({ ...busOptions, instanceId: 'gateway-1', keyPrefix: prefix });
    const jobs = new JobQueue({ database, logger, intervals: {} });
    await jobs.start();
    try {
      const seen: Record<string, string | undefined> = {};
      let eventSeen!: () => void;
      const eventArrived = new Promise<void>((resolve) => {
        eventSeen = resolve;
      });
      await gatewayBus.subscribe('settings.updated', (event) => {
        seen.event = event.correlationId;
        seen.eventContext = currentCorrelationId();
        eventSeen();
      });
      await gatewayBus.handle('gateway', 'ping', async () => {
        seen.command = currentCorrelationId();
        return 'pong';
      });
      let jobSeen!: () => void;
      const jobRan = new Promise<void>((resolve) => {
        jobSeen = resolve;
      });
      await jobs.work('correlation.check', async (_data, job) => {
        seen.job = job.correlationId;
        seen.jobContext = currentCorrelationId();
        jobSeen();
      });

      const app = buildApiServer({
        logger,
        health: new HealthRegistry(),
        metrics: createMetricsRegistry({ instance: 't', roles: 'api' }),
      });
      app.post('/probe', async () => {
        await apiBus.publish('settings.updated', { guildId: '1' });
        const reply = await apiBus.request('gateway', 'ping', {});
        await jobs.send('correlation.check', {});
        return { reply };
      });
      const response = await app.inject({
        method: 'POST',
        url: '/probe',
        headers: { 'x-request-id': 'req-abc-123' },
      });
      expect(response.statusCode).toBe(200);
      // The id is always the server's own: the caller's X-Request-Id is kept apart as theirs.
      const id = response.headers['x-request-id'];
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await Promise.all([eventArrived, jobRan]);
      expect(seen).toEqual({ event: id, eventContext: id, command: id, job: id, jobContext: id });
      await app.close();
    } finally {
      await jobs.stop({ graceful: false, timeoutMs: 1_000 });
      await apiBus.close();
      await gatewayBus.close();
      await database.close();
    }
  });

  it('replaces a malformed X-Request-Id with a fresh id', async () => {
    const app = buildApiServer({
      logger: silentLogger(),
      health: new HealthRegistry(),
      metrics: createMetricsRegistry({ instance: 't', roles: 'api' }),
    });
    const response = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\n<script>' },
    });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await app.close();
  });
});
