import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from '../logging/index.ts';
import type { HealthRegistry } from './health-registry.ts';
import { registerOpsRoutes } from './ops-routes.ts';

/** The small server on METRICS_PORT for processes whose roles serve no HTTP of their own. */
export async function startOpsServer(options: {
  host: string;
  port: number;
  health: HealthRegistry;
  metrics: Registry;
  logger: Logger;
}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: options.logger.child({ component: 'ops-server' }) as FastifyBaseLogger,
  });
  registerOpsRoutes(app, options);
  await app.listen({ host: options.host, port: options.port });
  return app;
}
