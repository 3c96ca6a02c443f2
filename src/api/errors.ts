import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { ApiError } from '../http/index.ts';
import type { ApiErrorBody, FieldIssue } from './contract.ts';
import { wantsDashboardPage } from './dashboard.ts';

export type { ApiErrorBody };

export { ApiError };

/**
 * Renders every failure in the one shape: validation as 400 with field paths, our ApiErrors
 * as they say, Fastify's own 4xx as they are, and anything else as a 500 whose message hides
 * the internals (the log has them, under the same request id).
 */
export function registerErrorHandling(
  app: FastifyInstance,
  options: { dashboardPage?: (request: FastifyRequest, reply: FastifyReply) => unknown } = {},
): void {
  app.setErrorHandler((error: FastifyError | ApiError | ZodError, request, reply) => {
    const requestId = String(request.id);
    if (error instanceof ZodError) {
      return reply.code(400).send({
        error: 'VALIDATION_FAILED',
        message: 'The request is not valid.',
        details: error.issues.map((i): FieldIssue => ({ path: i.path.join('.'), message: i.message })),
        requestId,
      } satisfies ApiErrorBody);
    }
    if (error instanceof ApiError) {
      return reply
        .code(error.statusCode)
        .send({ error: error.code, message: error.message, details: error.details, requestId });
    }
    const status = (error as FastifyError).statusCode ?? 500;
    if ((error as FastifyError).validation) {
      return reply.code(400).send({
        error: 'VALIDATION_FAILED',
        message: error.message,
        details: (error as FastifyError).validation?.map((v) => ({
          path: validationPath(v.instancePath, v.params),
          message: v.message,
        })),
        requestId,
      });
    }
    if (status >= 400 && status < 500) {
      return reply.code(status).send({
        error: (error as FastifyError).code ?? 'BAD_REQUEST',
        message: error.message,
        requestId,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({
      error: 'INTERNAL',
      message: 'Something went wrong on our side.',
      requestId,
    } satisfies ApiErrorBody);
  });
  app.setNotFoundHandler((request, reply) => {
    // A page of the dashboard (/servers/123/music) is the dashboard's to route, not a 404.
    if (options.dashboardPage && wantsDashboardPage(request)) return options.dashboardPage(request, reply);
    return reply.code(404).send({
      error: 'NOT_FOUND',
      message: `No route for ${request.method} ${request.url.split('?')[0]}.`,
      requestId: String(request.id),
    } satisfies ApiErrorBody);
  });
}

/**
 * A field's dotted path; for refused unknown fields (zod's `unrecognized_keys`, reported at the
 * object itself) the path names the unknown keys, so the caller sees which field was wrong.
 */
function validationPath(instancePath: string, params: unknown): string {
  const path = instancePath.replace(/^\//, '').replaceAll('/', '.');
  const keys = (params as { keys?: unknown } | undefined)?.keys;
  if (Array.isArray(keys) && keys.length > 0) return [path, keys.join(',')].filter(Boolean).join('.');
  return path;
}
