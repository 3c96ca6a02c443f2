import type { FastifyInstance, FastifyReply } from 'fastify';
import { requireSession } from '../../http/index.ts';
import { ApiError } from '../errors.ts';
import { type SessionService, sameSecret } from './session-service.ts';

/** Cookie holding the session secret. */
export const SESSION_COOKIE = 'gramophone_session';
/** Header a state-changing request must carry: the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Registered on the panel's (encapsulated) plugin, after @fastify/cookie: resolves the session
 * cookie on every panel request and refuses a state-changing request of a
 * logged-in caller whose `X-CSRF-Token` isn't the session's token (403 CSRF_FAILED). The
 * SameSite=Lax cookie already keeps most cross-site posts out; the header closes the rest
 * (same-site subdomains, older browsers).
 */
export function registerAuth(
  app: FastifyInstance,
  sessions: SessionService,
  options: { secureCookies: boolean },
): void {
  app.decorateRequest('panelSession', null);
  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    request.panelSession = await sessions.authenticate(token);
    const session = request.panelSession;
    if (session?.renewed && token) setSessionCookie(reply, token, session.expiresAt, options.secureCookies);
    if (!session || SAFE_METHODS.has(request.method)) return;
    const given = request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !sameSecret(given, session.csrfToken)) {
      throw new ApiError(
        403,
        'CSRF_FAILED',
        'This request changes something: send the X-CSRF-Token header from GET /api/auth/me.',
      );
    }
  });
}

export { requireSession };

/** Sets the session cookie: httpOnly, SameSite=Lax, Secure behind https. */
export function setSessionCookie(reply: FastifyReply, token: string, expires: Date, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
