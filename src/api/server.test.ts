import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HealthRegistry } from '../health/index.ts';
import { createLogger, silentLogger } from '../logging/index.ts';
import { createMetricsRegistry } from '../metrics/index.ts';
import { ApiError, buildApiServer } from './index.ts';

/** A JSON logger whose lines land in `lines`. */
function aCapturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', format: 'json', destination }), lines };
}

function anApp(logger = silentLogger()) {
  const health = new HealthRegistry(200);
  const app = buildApiServer({
    logger,
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
    const { logger, lines } = aCapturingLogger();
    const { app, health } = anApp(logger);
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
    // Anyone may ask: names and outcomes only. The reasons (addresses…) are in the log.
    expect(response.json()).toEqual({
      status: 'not_ready',
      ready: false,
      checks: [
        { name: 'database', ok: true },
        { name: 'bus', ok: false },
        { name: 'slow', ok: false },
      ],
    });
    expect(response.body).not.toContain('127.0.0.1');
    const warning = lines.find((line) => line.msg === 'not ready: bus, slow');
    expect(warning?.failing).toEqual([
      { name: 'bus', error: 'connect ECONNREFUSED 127.0.0.1:6379' },
      { name: 'slow', error: 'no answer within 200 ms' },
    ]);
    // The next probe failing the same way does not log it again.
    await app.inject({ method: 'GET', url: '/readyz' });
    expect(lines.filter((line) => String(line.msg).startsWith('not ready'))).toHaveLength(1);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('api server request ids and logs', () => {
  it('always answers with an id of its own, keeping a caller’s X-Request-Id apart as theirs', async () => {
    const { logger, lines } = aCapturingLogger();
    const { app } = anApp(logger);
    let seen: { id: string; callerRequestId: string | undefined } | undefined;
    app.get('/whoami', async (request) => {
      seen = { id: String(request.id), callerRequestId: request.callerRequestId };
      return {};
    });
    const response = await app.inject({
      method: 'GET',
      url: '/whoami',
      headers: { 'x-request-id': 'req-caller-1' },
    });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen).toEqual({ id: response.headers['x-request-id'], callerRequestId: 'req-caller-1' });
    const incoming = lines.find((line) => line.msg === 'incoming request');
    expect(incoming).toMatchObject({
      reqId: seen?.id,
      req: { url: '/whoami', callerRequestId: 'req-caller-1' },
    });

    const malformed = await app.inject({
      method: 'GET',
      url: '/whoami',
      headers: { 'x-request-id': 'bad id\n<x>' },
    });
    expect(malformed.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen?.callerRequestId).toBeUndefined();
  });

  it('never logs the query string of an auth URL (the OAuth code and state)', async () => {
    const { logger, lines } = aCapturingLogger();
    const { app } = anApp(logger);
    app.get('/api/auth/discord/callback', async () => ({}));
    app.get('/api/guilds', async () => ({}));
    await app.inject({
      method: 'GET',
      url: '/api/auth/discord/callback?code=C0DE-SECRET&state=ST4TE-SECRET',
    });
    await app.inject({ method: 'GET', url: '/api/guilds?page=2' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('C0DE-SECRET');
    expect(text).not.toContain('ST4TE-SECRET');
    const urls = lines
      .filter((line) => line.msg === 'incoming request')
      .map((line) => (line.req as { url: string }).url);
    expect(urls).toEqual(['/api/auth/discord/callback?[redacted]', '/api/guilds?page=2']);
  });
});
