import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { CheckResult, HealthRegistry } from './health-registry.ts';

/**
 * `/healthz` (alive), `/readyz` (dependencies reachable) and `/metrics` (Prometheus text),
 * mounted on the api server and on the METRICS_PORT server alike.
 *
 * `/readyz` answers anyone, so it names each check and whether it passed, nothing more: a
 * failure's reason (driver errors carry addresses, hosts, user names) goes to the log.
 */
export function registerOpsRoutes(app: FastifyInstance, deps: { health: HealthRegistry; metrics: Registry }) {
  const logFailures = failureLogger(app.log);
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    const report = await deps.health.readiness();
    logFailures(report.checks);
    return reply.code(report.ready ? 200 : 503).send({
      status: report.ready ? 'ready' : 'not_ready',
      ready: report.ready,
      checks: report.checks.map(({ name, ok }) => ({ name, ok })),
    });
  });
  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    const text = await deps.metrics.metrics();
    return reply.type(deps.metrics.contentType).send(text);
  });
}

/**
 * Logs the failing checks with their reasons when they change (a probe every few seconds
 * would otherwise repeat the same warning), and once when every check passes again.
 */
function failureLogger(log: FastifyBaseLogger): (checks: CheckResult[]) => void {
  let last = '[]';
  return (checks) => {
    const failing = checks.filter((check) => !check.ok).map(({ name, error }) => ({ name, error }));
    const now = JSON.stringify(failing);
    if (now === last) return;
    if (failing.length > 0)
      log.warn({ failing }, `not ready: ${failing.map((check) => check.name).join(', ')}`);
    else log.info('ready: every check passes again');
    last = now;
  };
}
