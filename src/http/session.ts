import type { FastifyRequest } from 'fastify';
import { ApiError } from './api-error.ts';
import type { PanelSession } from './request-context.ts';

/** The caller's session, or 401 UNAUTHENTICATED. */
export function requireSession(request: FastifyRequest): PanelSession {
  if (!request.panelSession) {
    throw new ApiError(401, 'UNAUTHENTICATED', 'Log in first: GET /api/auth/discord/login.');
  }
  return request.panelSession;
}
