import type { FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';

/** Lavalink's error body: `{ timestamp, status, error, message, path }` (`trace` only on request). */
export function lavalinkError(request: FastifyRequest, status: number, message: string) {
  return {
    timestamp: Date.now(),
    status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    path: request.url.split('?')[0],
  };
}
