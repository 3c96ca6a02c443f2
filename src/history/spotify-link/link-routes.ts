import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, errorResponses, requireSession } from '../../http/index.ts';
import { type SpotifyAccountClient, SpotifyClientError } from '../spotify/index.ts';
import { type LinkRow, SPOTIFY_SERVICE, type SpotifyLinkStore } from './link-store.ts';

/** The panel page a finished (or refused) Spotify link returns to, with `?linked=` or `?link_error=`. */
export const LINK_RETURN_PAGE = '/account';

const serviceParams = z.object({
  service: z.enum(['spotify', 'listenbrainz', 'lastfm'], {
    error: 'must be spotify, listenbrainz or lastfm',
  }),
});

export const historyLinkSchema = z.object({
  service: z.string(),
  /** The account there (Spotify user id, ListenBrainz or Last.fm user name). */
  account: z.string().nullable(),
  /** `healthy`, `needs-relink` (see `reason`) or `paused` by the breaker (until `pausedUntil`). */
  state: z.enum(['healthy', 'needs-relink', 'paused']),
  reason: z.string().nullable(),
  linkedAt: z.iso.datetime(),
  lastArchivedAt: z.iso.datetime().nullable(),
  consecutiveFailures: z.number().int(),
  pausedUntil: z.iso.datetime().nullable(),
});
export const historyLinksSchema = z.object({ links: z.array(historyLinkSchema) });

const callbackQuery = z.object({
  code: z.string().max(2048).optional(),
  state: z.string().max(200).optional(),
  error: z.string().max(200).optional(),
});

export interface SpotifyLinkRoutesOptions {
  store: SpotifyLinkStore;
  /** Null when no Spotify app is configured: linking answers 404 SPOTIFY_NOT_CONFIGURED. */
  client: SpotifyAccountClient | null;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);
const stateOf = (state: string) =>
  state === 'needs-relink' || state === 'paused' ? state : ('healthy' as const);

function linkView(row: LinkRow): z.infer<typeof historyLinkSchema> {
  return {
    service: row.service,
    account: row.externalName,
    state: stateOf(row.state),
    reason: row.stateReason,
    linkedAt: row.linkedAt.toISOString(),
    lastArchivedAt: iso(row.lastArchivedAt),
    consecutiveFailures: row.consecutiveFailures,
    pausedUntil: iso(row.breakerOpenUntil),
  };
}

/**
 * Linking Spotify for the archive (authorization code + PKCE, scope user-read-recently-played
 * only) and the caller's links to outside services: list, unlink, reset the breaker. Under
 * `/api/me`; only ever the session's user.
 */
export const spotifyLinkRoutes: FastifyPluginAsyncZod<SpotifyLinkRoutesOptions> = async (
  app,
  { store, client },
) => {
  app.post(
    '/history/spotify/link',
    {
      schema: {
        tags: ['history'],
        summary: 'Start linking Spotify (needs X-CSRF-Token): the authorize URL to send the browser to',
        description:
          'The state is single-use and expires after 10 minutes. Spotify redirects back to `/api/me/history/spotify/callback`, which returns to `/account?linked=spotify` or `/account?link_error=<code>`.',
        response: { 200: z.object({ url: z.url() }), ...errorResponses(401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { userId } = requireSession(request);
      if (!client) throw notConfigured();
      const { url, state, verifier } = client.authorizeUrl();
      await store.createAttempt(userId, state, verifier);
      return { url };
    },
  );

  app.get(
    '/history/spotify/callback',
    {
      schema: {
        tags: ['history'],
        summary: 'Spotify’s redirect after consent (register PUBLIC_URL + this path with the Spotify app)',
        description:
          '302 to `/account?linked=spotify`, or `/account?link_error=<code>` with code `access_denied`, `unknown_state`, `expired_state`, `state_used`, `exchange_failed` or `not_configured`.',
        querystring: callbackQuery,
        response: { 302: z.null(), ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const { userId } = requireSession(request);
      const back = (outcome: string) => reply.redirect(`${LINK_RETURN_PAGE}?${outcome}`, 302);
      const { code, state, error } = request.query;
      if (!client) return back('link_error=not_configured');
      if (!state) return back('link_error=unknown_state');
      // The state is spent whatever the answer: a denied or replayed callback can't be reused.
      const attempt = await store.consumeAttempt(userId, state);
      if ('refused' in attempt) return back(`link_error=${attempt.refused}`);
      if (error || !code)
        return back(`link_error=${error === 'access_denied' ? 'access_denied' : 'authorize_failed'}`);
      try {
        const tokens = await client.exchangeCode(code, attempt.verifier);
        const me = await client.me(tokens.accessToken);
        await store.saveLink(userId, { externalName: me.id, ...tokens });
      } catch (failure) {
        if (!(failure instanceof SpotifyClientError)) throw failure;
        request.log.warn({ err: failure }, 'Spotify link exchange failed');
        return back('link_error=exchange_failed');
      }
      return back(`linked=${SPOTIFY_SERVICE}`);
    },
  );

  app.get(
    '/history/links',
    {
      schema: {
        tags: ['history'],
        summary: 'The caller’s linked services and the state of each',
        response: { 200: historyLinksSchema, ...errorResponses(401, 429) },
      },
    },
    async (request) => ({ links: (await store.list(requireSession(request).userId)).map(linkView) }),
  );

  app.delete(
    '/history/links/:service',
    {
      schema: {
        tags: ['history'],
        summary: 'Unlink a service (needs X-CSRF-Token): its stored tokens are deleted',
        params: serviceParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const { userId } = requireSession(request);
      if (!(await store.unlink(userId, request.params.service))) throw notLinked(request.params.service);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/history/links/:service/reset',
    {
      schema: {
        tags: ['history'],
        summary: 'Close the link’s circuit breaker (needs X-CSRF-Token): archival resumes next round',
        params: serviceParams,
        response: { 200: historyLinkSchema, ...errorResponses(400, 401, 403, 404, 429) },
      },
    },
    async (request) => {
      const { userId } = requireSession(request);
      const { service } = request.params;
      if (!(await store.resetBreaker(userId, service))) throw notLinked(service);
      const row = (await store.list(userId)).find((link) => link.service === service);
      if (!row) throw notLinked(service);
      return linkView(row);
    },
  );
};

const notConfigured = () =>
  new ApiError(
    404,
    'SPOTIFY_NOT_CONFIGURED',
    'Spotify linking is not set up on this server (SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET).',
  );
const notLinked = (service: string) =>
  new ApiError(404, 'NOT_LINKED', `You have no ${service} link.`, { path: ['service'] });
