import { STATUS_CODES } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { ErrorResponse } from '../lavalink/index.ts';

/**
 * An error the node answers with a given HTTP status and message. `expected` errors (a track
 * that fails to load, a voice server that refuses) are logged quietly even when they are 5xx.
 */
export class LavalinkHttpError extends Error {
  override name = 'LavalinkHttpError';

  constructor(
    readonly status: number,
    message: string,
    readonly expected = status < 500,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Lavalink's error body: `{ timestamp, status, error, message, path }`, plus `trace` (the stack)
 * when the request asked for it with `?trace=true`.
 */
export function lavalinkError(
  request: Pick<FastifyRequest, 'url' | 'query'>,
  status: number,
  message: string,
  error?: Error,
): ErrorResponse {
  const body: ErrorResponse = {
    timestamp: Date.now(),
    status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    path: request.url.split('?')[0] ?? request.url,
  };
  const query = request.query as Record<string, unknown> | undefined;
  if (query?.trace === 'true') body.trace = error?.stack ?? `${body.error}: ${message}`;
  return body;
}
