import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HealthRegistry } from '../health/index.ts';
import { silentLogger } from '../logging/index.ts';
import { createMetricsRegistry } from '../metrics/index.ts';
import { ApiError, buildApiServer } from './index.ts';

function anApp() {
  const health = new HealthRegistry(200);
  const app = buildApiServer({
    logger: silentLogger(),
    health,
    metrics: createMetricsRegistry({ instance: 'test', roles: 'api' }),
  });
  const body = z.object({ volume: z.number().int().max(200), name: z.string().min(1) });
  app.post('/echo', async (request) => body.parse(request.body));
  app.get('/boom', async () => {
    throw new Error('secret internals at /srv/db password=hunter2');
  });
  app.get('/full', async () => {
    throw new ApiError(409, 'QUEUE_FULL', 'The queue is full (1000 tracks).', { max: 1000 });
  });
  return { app, health };
}

describe('api server errors', () => {
  it('answers invalid input with 400 and the path of each bad field', async () => {
    const { app } = anApp();
    const response = await app.inject({ method: 'POST', url: '/echo', payload: { volume: 500, name: '' } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body).toMatchObject({ error: 'VALIDATION_FAILED', requestId: response.headers['x-request-id'] });
    expect(body.details.map((d: { path: string }) => d.path).sort()).toEqual(['name', 'volume']);
  });

  it('answers malformed JSON with 400 in the same shape', async () => {
    const { app } = anApp();
    const response = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"volume": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'FST_ERR_CTP_INVALID_JSON_BODY',
      requestId: expect.any(String),
    });
  });

  it('hides an unexpected error behind a 500 without its message or stack', async () => {
    const { app } = anApp();
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('at ');
    expect(response.json()).toEqual({
      error: 'INTERNAL',
      message: 'Something went wrong on our side.',
      requestId: response.headers['x-request-id'],
    });
  });

  it('renders an expected failure by its identifier', async () => {
    const { app } = anApp();
    const response = await app.inject({ method: 'GET', url: '/full' });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ error: 'QUEUE_FULL', details: { max: 1000 } });
  });

  it('reports not ready, naming the failing check, while a dependency is down', async () => {
    const { app, health } = anApp();
    health.add({ name: 'database', check: async () => {} });
    health.add({
      name: 'bus',
      check: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      },
    });
    health.add({ name: 'slow', check: () => new Promise(() => {}) });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    const checks = response.json().checks as { name: string; ok: boolean; error?: string }[];
    expect(checks.find((c) => c.name === 'database')?.ok).toBe(true);
    expect(checks.find((c) => c.name === 'bus')).toMatchObject({
      ok: false,
      error: expect.stringContaining('ECONNREFUSED'),
    });
    expect(checks.find((c) => c.name === 'slow')).toMatchObject({
      ok: false,
      error: 'no answer within 200 ms',
    });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
