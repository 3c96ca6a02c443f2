import type { FastifyRequest } from 'fastify';
import { ApiError } from '../http/index.ts';

/** C0 and C1 control characters (NUL included): no query parameter of ours takes one. */
const CONTROL = /\p{Cc}/u;

/**
 * Refuses a query string carrying control characters with 400 VALIDATION_FAILED naming the
 * parameters, before any route sees it: a NUL would otherwise reach PostgreSQL, which refuses
 * it in text (a 500, and the statement in the log).
 */
export function refuseControlCharactersInQuery(request: FastifyRequest): void {
  const query = request.query as Record<string, unknown> | undefined;
  if (!query) return;
  const bad = Object.entries(query)
    .filter(([, value]) => [value].flat().some((item) => typeof item === 'string' && CONTROL.test(item)))
    .map(([name]) => ({ path: name, message: 'must not contain control characters' }));
  if (bad.length > 0) throw new ApiError(400, 'VALIDATION_FAILED', 'The request is not valid.', bad);
}
