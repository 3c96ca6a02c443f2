import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { HealthRegistry } from './health-registry.ts';

/**
 * `/healthz` (alive), `/readyz` (dependencies reachable) and `/metrics` (Prometheus text),
 * mounted on the api server and on the METRICS_PORT server alike.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: { health: HealthRegistry; metrics: Registry }) {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const report = await deps.health.readiness();
    return reply
      .code(report.ready ? 200 : 503)
      .send({ status: report.ready ? 'ready' : 'not_ready', ...report });
  });
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const text = await deps.metrics.metrics();
    return reply.type(deps.metrics.contentType).send(text);
  });
}
