import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/index.ts';
import { ApiError, errorResponses, requireSession } from '../../http/index.ts';
import { historyLinkAttempts } from '../schema.ts';
import { ScrobbleError } from '../scrobble/index.ts';
import type { ScrobbleClients } from './scrobble-clients.ts';
import type { ScrobbleLinks } from './scrobble-links.ts';

/** How long a Last.fm web-auth attempt may take (its token lives 60 min; the user needs a few). */
export const LASTFM_LINK_TTL_MS = 10 * 60_000;
/** The panel's listening page, where the Last.fm callback sends the browser back. */
export const LISTENING_PAGE_PATH = '/me/listening';

export interface ScrobbleLinkRoutesOptions {
  database: Database;
  links: ScrobbleLinks;
  clients: ScrobbleClients;
  /** The panel's public origin (PUBLIC_URL), for the callback and the redirect back. */
  publicUrl: string;
  now?: () => Date;
}

const linkedSchema = z.object({ service: z.enum(['listenbrainz', 'lastfm']), externalName: z.string() });

/**
 * Linking ListenBrainz (a user token, checked with `/1/validate-token`) and Last.fm (web auth:
 * a single-use `state` in `history_link_attempts`, then `auth.getSession`) for scrobbling. The
 * token or session key is stored sealed in `history_links`. Listing and unlinking are the
 * generic `/history/links` routes.
 */
export const scrobbleLinkRoutes: FastifyPluginAsyncZod<ScrobbleLinkRoutesOptions> = async (app, options) => {
  const { database, links, clients, publicUrl } = options;
  const now = options.now ?? (() => new Date());

  app.put(
    '/history/links/listenbrainz',
    {
      schema: {
        tags: ['history'],
        summary: 'Link a ListenBrainz account by its user token, for scrobbling (needs X-CSRF-Token)',
        description:
          'The token (listenbrainz.org/settings) is checked with ListenBrainz’s `/1/validate-token`; an invalid one is 400 INVALID_TOKEN and nothing is stored.',
        body: z.object({ token: z.string().trim().min(1).max(200) }),
        response: { 200: linkedSchema, ...errorResponses(400, 401, 403, 429, 502) },
      },
    },
    async (request) => {
      const { userId } = requireSession(request);
      let check: Awaited<ReturnType<typeof clients.listenbrainz.validateToken>>;
      try {
        check = await clients.listenbrainz.validateToken(request.body.token);
      } catch (error) {
        if (error instanceof ScrobbleError)
          throw new ApiError(
            502,
            'SERVICE_UNAVAILABLE',
            `ListenBrainz could not check the token: ${error.message}`,
          );
        throw error;
      }
      if (!check.valid)
        throw new ApiError(
          400,
          'INVALID_TOKEN',
          'ListenBrainz does not know this user token: copy it again from listenbrainz.org/settings.',
          { path: ['token'] },
        );
      await links.save(userId, 'listenbrainz', check.userName, request.body.token);
      return { service: 'listenbrainz' as const, externalName: check.userName };
    },
  );

  app.post(
    '/history/lastfm/link',
    {
      schema: {
        tags: ['history'],
        summary: 'Start linking a Last.fm account: the web-auth page to open (needs X-CSRF-Token)',
        description:
          'Answers Last.fm’s authorisation page; Last.fm sends the browser back to `/api/me/history/lastfm/callback`. 503 LASTFM_NOT_CONFIGURED without LASTFM_API_KEY and LASTFM_SHARED_SECRET.',
        response: { 200: z.object({ url: z.string() }), ...errorResponses(401, 403, 429, 503) },
      },
    },
    async (request) => {
      const { userId } = requireSession(request);
      const lastfm = requireLastFm(clients);
      const state = randomBytes(24).toString('base64url');
      const at = now();
      await database.db.insert(historyLinkAttempts).values({
        state,
        userId,
        service: 'lastfm',
        createdAt: at,
        expiresAt: new Date(at.getTime() + LASTFM_LINK_TTL_MS),
      });
      const callback = new URL(`${publicUrl}/api/me/history/lastfm/callback`);
      callback.searchParams.set('state', state);
      return { url: lastfm.authorizeUrl(callback.href) };
    },
  );

  app.get(
    '/history/lastfm/callback',
    {
      schema: {
        tags: ['history'],
        summary:
          'Where Last.fm sends the browser back: stores the session key, then redirects to the listening page',
        description:
          'Redirects to the panel’s listening page with `?linked=lastfm`, or `?link_error=` `expired_state` (unknown, used, expired or another user’s state), `denied` (no token), `lastfm_refused`, `lastfm_unavailable`.',
        querystring: z.object({
          token: z.string().max(200).optional(),
          state: z.string().max(200).optional(),
        }),
        response: errorResponses(401, 429, 503),
      },
    },
    async (request, reply) => {
      const { userId } = requireSession(request);
      const lastfm = requireLastFm(clients);
      const back = (query: string) => reply.redirect(`${publicUrl}${LISTENING_PAGE_PATH}?${query}`);
      const { token, state } = request.query;
      // Used in the same transaction as it is checked: a replayed callback finds it used.
      const claimed = state
        ? await database.db
            .update(historyLinkAttempts)
            .set({ usedAt: now() })
            .where(
              and(
                eq(historyLinkAttempts.state, state),
                eq(historyLinkAttempts.userId, userId),
                eq(historyLinkAttempts.service, 'lastfm'),
                isNull(historyLinkAttempts.usedAt),
                gt(historyLinkAttempts.expiresAt, now()),
              ),
            )
            .returning({ state: historyLinkAttempts.state })
        : [];
      if (claimed.length === 0) return back('link_error=expired_state');
      if (!token) return back('link_error=denied');
      try {
        const session = await lastfm.getSession(token);
        await links.save(userId, 'lastfm', session.userName, session.sessionKey);
      } catch (error) {
        if (!(error instanceof ScrobbleError)) throw error;
        request.log.warn({ err: error }, 'Last.fm link failed');
        return back(error.retryable ? 'link_error=lastfm_unavailable' : 'link_error=lastfm_refused');
      }
      return back('linked=lastfm');
    },
  );
};

function requireLastFm(clients: ScrobbleClients) {
  if (!clients.lastfm)
    throw new ApiError(
      503,
      'LASTFM_NOT_CONFIGURED',
      'Last.fm linking is not set up on this server: the operator must set LASTFM_API_KEY and LASTFM_SHARED_SECRET.',
    );
  return clients.lastfm;
}
