import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../src/api/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { HealthRegistry } from '../../src/health/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import { type PanelHarness, startPanel } from './support.ts';

describe('rate limits, security headers and the OpenAPI document', () => {
  let panel: PanelHarness;

  beforeAll(async () => {
    panel = await startPanel({
      kind: 'pglite',
      rateLimits: { strict: { max: 3, timeWindow: 60_000 }, normal: { max: 5, timeWindow: 60_000 } },
    });
  });
  afterAll(async () => {
    await panel?.close();
  });

  it('answers 429 in the API error shape with Retry-After and X-RateLimit-* once a tier is spent', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof panel.app.inject>> | undefined;
    for (let i = 0; i < 4; i++) {
      last = await panel.app.inject({
        method: 'GET',
        url: '/api/auth/discord/login',
        remoteAddress: '10.0.0.1',
      });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([302, 302, 302, 429]);
    expect(last!.headers).toMatchObject({
      'retry-after': expect.stringMatching(/^\d+$/),
      'x-ratelimit-limit': '3',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': expect.stringMatching(/^\d+$/),
    });
    expect(last!.json()).toMatchObject({
      error: 'RATE_LIMITED',
      requestId: last!.headers['x-request-id'],
      details: { limit: 3 },
    });
    // Another client is counted apart.
    const other = await panel.app.inject({
      method: 'GET',
      url: '/api/auth/discord/login',
      remoteAddress: '10.0.0.2',
    });
    expect(other.statusCode).toBe(302);
  });

  it('limits other routes with the normal tier and never limits health checks', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await panel.app.inject({ method: 'GET', url: '/api/auth/me', remoteAddress: '10.0.0.3' }))
          .statusCode,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    for (let i = 0; i < 10; i++) {
      const health = await panel.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '10.0.0.3' });
      expect(health.statusCode).toBe(200);
    }
  });

  it('sends security headers', async () => {
    const response = await panel.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      remoteAddress: '10.0.0.4',
    });
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'content-security-policy': expect.stringContaining("default-src 'self'"),
      'x-request-id': expect.any(String),
    });
  });

  it('publishes an OpenAPI document of every panel route with its error responses', async () => {
    const response = await panel.app.inject({
      method: 'GET',
      url: '/api/openapi.json',
      remoteAddress: '10.0.0.5',
    });
    expect(response.statusCode).toBe(200);
    const document = response.json() as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(document.openapi).toMatch(/^3\./);
    const panelRoutes = panel.routes.filter(
      (r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json',
    );
    const documented = panelRoutes.filter((r) => r.method !== 'HEAD');
    expect(documented.length).toBeGreaterThanOrEqual(11);
    for (const route of documented) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const operation = document.paths[path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      expect(Object.keys(operation!.responses).some((status) => Number(status) >= 400)).toBe(true);
    }
    const patch = document.paths['/api/guilds/{guildId}/settings']?.patch as unknown as {
      requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
    };
    expect(Object.keys(patch.requestBody.content['application/json']!.schema.properties)).toContain(
      'defaultVolume',
    );
    const docs = await panel.app.inject({ method: 'GET', url: '/api/docs/', remoteAddress: '10.0.0.5' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  /** Another api server on the same database and bus, with its own environment. */
  async function anotherServer(env: Record<string, string>) {
    const app = buildApiServer(
      {
        logger: silentLogger(),
        health: new HealthRegistry(),
        metrics: createMetricsRegistry({ instance: 'other', roles: 'api' }),
        config: parseConfig(env),
        database: panel.database,
        bus: panel.bus,
      },
      { rateLimits: { strict: { max: 1, timeWindow: 60_000 } } },
    );
    await app.ready();
    return app;
  }

  it('answers 503 LOGIN_NOT_CONFIGURED without DISCORD_CLIENT_ID', async () => {
    const app = await anotherServer({});
    try {
      const response = await app.inject({ method: 'GET', url: '/api/auth/discord/login' });
      expect(response.statusCode).toBe(503);
      expect(response.json().error).toBe('LOGIN_NOT_CONFIGURED');
    } finally {
      await app.close();
    }
  });

  it('counts clients by X-Forwarded-For only behind a trusted proxy (TRUST_PROXY)', async () => {
    const env = { DISCORD_CLIENT_ID: panel.emulator.applicationId, PUBLIC_URL: 'http://panel.test' };
    const login = (app: Awaited<ReturnType<typeof anotherServer>>, client: string) =>
      app.inject({
        method: 'GET',
        url: '/api/auth/discord/login',
        remoteAddress: '127.0.0.1',
        headers: { 'x-forwarded-for': client },
      });
    const trusting = await anotherServer({ ...env, TRUST_PROXY: '127.0.0.1' });
    const untrusting = await anotherServer(env);
    try {
      expect([
        (await login(trusting, '203.0.113.1')).statusCode,
        (await login(trusting, '203.0.113.2')).statusCode,
      ]).toEqual([302, 302]);
      // Without TRUST_PROXY both are the proxy's address: one budget.
      expect([
        (await login(untrusting, '203.0.113.1')).statusCode,
        (await login(untrusting, '203.0.113.2')).statusCode,
      ]).toEqual([302, 429]);
    } finally {
      await trusting.close();
      await untrusting.close();
    }
  });
});
