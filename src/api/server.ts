import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { registerOpsRoutes } from '../health/index.ts';
import { withCorrelationId } from '../logging/index.ts';
import type { AppContext } from '../runtime/index.ts';
import { registerErrorHandling } from './errors.ts';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The api role's HTTP server. A request's id (the caller's `X-Request-Id` when well-formed,
 * else a new one) is its correlation id: it is on every log line, handed on with bus
 * messages and jobs, and sent back in `X-Request-Id`.
 */
export function buildApiServer(context: Pick<AppContext, 'logger' | 'health' | 'metrics'>): FastifyInstance {
  const app = Fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    bodyLimit: 1_048_576,
  });
  // Runs the rest of the request inside the correlation context (the way
  // @fastify/request-context does: the chain continues from inside `run`).
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    withCorrelationId(String(request.id), done);
  });
  registerErrorHandling(app);
  registerOpsRoutes(app, context);
  return app;
}
