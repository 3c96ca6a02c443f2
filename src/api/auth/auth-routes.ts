import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../http/index.ts';
import { panelMeSchema, panelSessionListSchema } from '../contract.ts';
import { ApiError } from '../errors.ts';
import type { DiscordOAuthClient } from './discord-oauth-client.ts';
import { preferencesRoutes } from './preferences-routes.ts';
import { clearSessionCookie, requireSession, setSessionCookie } from './session-hooks.ts';
import {
  type DiscordRevocation,
  LOGIN_ATTEMPT_TTL_MS,
  LoginFailed,
  type SessionService,
} from './session-service.ts';

const STATE_COOKIE = 'gramophone_oauth_state';
const LOGIN_PATH = '/api/auth/discord/login';
const CALLBACK_PATH = '/api/auth/discord/callback';
/** Set on the login's move to the public host, so a proxy that rewrites `Host` can't make it loop. */
const MOVED_PARAM = 'moved';

/**
 * A page load in a browser (it asks for HTML). Only a browser keeps the state cookie per host;
 * a script calling the login route gets the authorize URL as before, wherever it asked.
 */
function isPageLoad(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

export interface AuthRoutesOptions {
  sessions: SessionService;
  /** Null when DISCORD_CLIENT_ID is unset: login answers 503 LOGIN_NOT_CONFIGURED. */
  discord: DiscordOAuthClient | null;
  secureCookies: boolean;
  /** Rate-limit settings of the strict tier (auth and destructive routes). */
  strictRateLimit: { max: number; timeWindow: number };
}

/** Logs what became of an ended session's Discord token: a failure never fails the request. */
function logRevocation(request: FastifyRequest, sessionId: string, outcome: DiscordRevocation): void {
  if (outcome.status === 'failed') {
    request.log.warn(
      { sessionId, reason: outcome.reason },
      'session ended; revoking its Discord token failed (it expires on its own)',
    );
  } else {
    request.log.info({ sessionId, discordToken: outcome.status }, 'session ended');
  }
}

/** Login with Discord, logout, the current user and their sessions. */
export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, options) => {
  const { sessions, secureCookies } = options;
  const strict = { rateLimit: options.strictRateLimit };

  app.get(
    LOGIN_PATH,
    {
      config: strict,
      schema: {
        tags: ['auth'],
        summary:
          'Start a login: redirects to Discord’s authorize page (identify guilds, PKCE S256); a page load on another host than PUBLIC_URL’s is first redirected there',
        querystring: z.object({ [MOVED_PARAM]: z.string().max(8).optional() }),
        response: {
          302: z.null().describe('Redirect to Discord, or to this route on the public host'),
          ...errorResponses(400, 429, 503),
        },
      },
    },
    async (request, reply) => {
      if (!options.discord) {
        throw new ApiError(503, 'LOGIN_NOT_CONFIGURED', 'Set DISCORD_CLIENT_ID to enable login.');
      }
      // Discord comes back to the public URL, and the state cookie must be there: a login started
      // at another name of this host (127.0.0.1 for localhost) moves to the public host first.
      // Only ever to the configured origin, whatever the request says: no open redirect.
      const publicUrl = new URL(options.discord.redirectUri);
      if (isPageLoad(request) && request.host.toLowerCase() !== publicUrl.host) {
        if (request.query[MOVED_PARAM] === undefined) {
          return reply.redirect(`${publicUrl.origin}${LOGIN_PATH}?${MOVED_PARAM}=1`, 302);
        }
        request.log.warn(
          { host: request.host, publicHost: publicUrl.host },
          'login moved to the public host but arrived on another: does the proxy forward Host (or set TRUST_PROXY)?',
        );
      }
      const { authorizeUrl, state } = await sessions.startLogin();
      reply.setCookie(STATE_COOKIE, state, {
        path: CALLBACK_PATH,
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookies,
        maxAge: LOGIN_ATTEMPT_TTL_MS / 1000,
      });
      return reply.redirect(authorizeUrl, 302);
    },
  );

  app.get(
    CALLBACK_PATH,
    {
      config: strict,
      schema: {
        tags: ['auth'],
        summary: 'Discord redirects here; sets the session cookie and redirects to / (or /?login_error=)',
        querystring: z.object({
          code: z.string().max(512).optional(),
          state: z.string().max(512).optional(),
          error: z.string().max(200).optional(),
        }),
        response: { 302: z.null().describe('Redirect to the dashboard'), ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const browserState = request.cookies[STATE_COOKIE];
      reply.clearCookie(STATE_COOKIE, { path: CALLBACK_PATH });
      const { code, state, error } = request.query;
      try {
        if (error || !code) throw new LoginFailed('denied', `Discord answered ${error ?? 'without a code'}.`);
        if (!state) throw new LoginFailed('state_mismatch', 'The callback carries no state.');
        const { token, session } = await sessions.finishLogin({
          code,
          state,
          browserState,
          userAgent: request.headers['user-agent'],
        });
        setSessionCookie(reply, token, session.expiresAt, secureCookies);
        return reply.redirect('/', 302);
      } catch (failure) {
        if (!(failure instanceof LoginFailed)) throw failure;
        request.log.warn({ reason: failure.code, detail: failure.message }, 'login failed');
        return reply.redirect(`/?login_error=${failure.code}`, 302);
      }
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: strict,
      schema: {
        tags: ['auth'],
        summary:
          'End the current session (needs X-CSRF-Token); its Discord token is revoked with the user’s last session',
        response: { 204: z.null(), ...errorResponses(401, 403, 429) },
      },
    },
    async (request, reply) => {
      // Like every write: a live session, and its CSRF token (checked by the session hook).
      // Without them nothing changes, not even the cookie: a cross-site post can't log anyone out.
      const session = requireSession(request);
      logRevocation(request, session.id, await sessions.revoke(session, session.id));
      clearSessionCookie(reply, secureCookies);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user and the CSRF token to send with every non-GET request',
        response: { 200: panelMeSchema, ...errorResponses(401, 429) },
      },
    },
    async (request) => {
      const session = requireSession(request);
      const user = await sessions.user(session);
      return {
        user: { id: user.id, username: user.username, globalName: user.globalName, avatar: user.avatar },
        csrfToken: session.csrfToken,
        sessionExpiresAt: session.expiresAt.toISOString(),
        locale: user.panelLocale,
      };
    },
  );

  await app.register(preferencesRoutes, { sessions });

  app.get(
    '/api/auth/sessions',
    {
      schema: {
        tags: ['auth'],
        summary: 'The caller’s live sessions, the current one marked',
        response: { 200: panelSessionListSchema, ...errorResponses(401, 429) },
      },
    },
    async (request) => {
      const rows = await sessions.list(requireSession(request));
      return {
        sessions: rows.map((row) => ({
          id: row.id,
          userAgent: row.userAgent,
          createdAt: row.createdAt.toISOString(),
          lastSeenAt: row.lastSeenAt.toISOString(),
          expiresAt: row.expiresAt.toISOString(),
          current: row.current,
        })),
      };
    },
  );

  app.delete(
    '/api/auth/sessions/:id',
    {
      config: strict,
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of the caller’s sessions (needs X-CSRF-Token)',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const session = requireSession(request);
      logRevocation(request, request.params.id, await sessions.revoke(session, request.params.id));
      if (request.params.id === session.id) clearSessionCookie(reply, secureCookies);
      return reply.code(204).send(null);
    },
  );
};
