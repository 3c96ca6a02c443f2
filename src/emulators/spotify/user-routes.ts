import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SpotifyRenderer } from './catalogue.ts';
import type { SpotifyState } from './control.ts';
import type { SpotifyPlay } from './listening.ts';

/** Spotify's error object: `{"error":{"status":404,"message":"Resource not found"}}`. */
export const apiError = (reply: FastifyReply, status: number, message: string) =>
  reply.code(status).send({ error: { status, message } });

export const BASE62_ID = /^[0-9A-Za-z]{22}$/;

const requestUsers = new WeakMap<FastifyRequest, string>();

/** Remembers which user's token made a request, for the request log. */
export function noteUser(request: FastifyRequest, userId: string): void {
  requestUsers.set(request, userId);
}

export function userOf(request: FastifyRequest): string | null {
  return requestUsers.get(request) ?? null;
}

type Authed = (
  handler: (request: FastifyRequest, reply: FastifyReply, r: SpotifyRenderer) => unknown,
) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

const RECENTLY_PLAYED_SCOPE = 'user-read-recently-played';

/** A ms cursor: digits only, as Spotify's are. */
const cursor = (value: string | undefined): number | null | undefined => {
  if (value === undefined) return undefined;
  return /^\d{1,16}$/.test(value) ? Number(value) : null;
};

/**
 * The accounts service's consent page and the Web API's per-user routes: `GET /authorize`,
 * `GET /v1/me`, `GET /v1/me/player/recently-played`.
 */
export function registerUserRoutes(app: FastifyInstance, state: SpotifyState, authed: Authed): void {
  app.get('/authorize', async (request, reply) => {
    const params = new URLSearchParams(request.query as Record<string, string>);
    // Emulator extension: `login_as` picks who consents; else the control API's choice.
    const userId = params.get('login_as') ?? state.consent.userId;
    if (userId === null || !state.history.users.has(userId))
      return reply
        .code(400)
        .type('text/plain; charset=utf-8')
        .send(`No emulated Spotify user to log in as (login_as=${params.get('login_as') ?? ''})`);
    const answer = state.accounts.authorize(params, { userId, approve: state.consent.approve });
    if ('redirect' in answer) return reply.redirect(answer.redirect, 302);
    return reply.code(answer.page.status).type('text/plain; charset=utf-8').send(answer.page.text);
  });

  const userOnly = (request: FastifyRequest, reply: FastifyReply) => {
    const auth = state.accounts.authenticate(request.headers.authorization);
    if (!auth.ok || auth.subject.kind !== 'user') {
      apiError(reply, 401, 'This request requires user authentication.');
      return null;
    }
    return auth.subject;
  };

  app.get(
    '/v1/me',
    authed((request, reply) => {
      const subject = userOnly(request, reply);
      if (!subject) return reply;
      const user = state.history.users.get(subject.userId);
      if (!user) return apiError(reply, 404, 'Resource not found');
      // Development-mode apps get neither `email` nor `country` (nor `product`) since 2026.
      return {
        display_name: user.displayName,
        external_urls: { spotify: `https://open.spotify.com/user/${user.id}` },
        href: `${state.origin}/v1/users/${user.id}`,
        id: user.id,
        images: [],
        type: 'user',
        uri: `spotify:user:${user.id}`,
      };
    }),
  );

  app.get(
    '/v1/me/player/recently-played',
    authed((request, reply, r) => {
      const subject = userOnly(request, reply);
      if (!subject) return reply;
      if (!subject.scopes.includes(RECENTLY_PLAYED_SCOPE))
        return apiError(reply, 403, 'Insufficient client scope');
      const q = request.query as Record<string, string | undefined>;
      const limit = q.limit === undefined ? 20 : Number(q.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) return apiError(reply, 400, 'Invalid limit');
      const after = cursor(q.after);
      const before = cursor(q.before);
      if (after === null) return apiError(reply, 400, 'Invalid after cursor');
      if (before === null) return apiError(reply, 400, 'Invalid before cursor');
      if (after !== undefined && before !== undefined)
        return apiError(reply, 400, 'Only one of after and before can be specified');
      const page = state.history.page(subject.userId, state.clock.now(), {
        limit,
        ...(after !== undefined ? { after } : {}),
        ...(before !== undefined ? { before } : {}),
      });
      const base = `${state.origin}/v1/me/player/recently-played`;
      const newest = page.plays[0];
      const oldest = page.plays.at(-1);
      let next: string | null = null;
      if (page.next && 'after' in page.next) next = `${base}?after=${page.next.after}&limit=${limit}`;
      if (page.next && 'before' in page.next) next = `${base}?before=${page.next.before}&limit=${limit}`;
      // Field order and presence as Spotify sends them: no `total`, cursors null when empty.
      return {
        items: page.plays.map((play) => playHistoryItem(play, r, state.origin)),
        next,
        cursors:
          newest && oldest ? { after: String(newest.playedAtMs), before: String(oldest.playedAtMs) } : null,
        limit,
        href: `${state.origin}${request.url}`,
      };
    }),
  );
}

function playHistoryItem(play: SpotifyPlay, r: SpotifyRenderer, origin: string) {
  const track = r.track(play.trackId);
  return {
    track: track ? r.fullTrack(track) : null,
    played_at: new Date(play.playedAtMs).toISOString(),
    context: contextOf(play.contextUri, origin),
  };
}

function contextOf(uri: string | null, origin: string) {
  const match = /^spotify:(album|artist|playlist|show):([0-9A-Za-z]+)$/.exec(uri ?? '');
  if (!match) return null;
  const [, type, id] = match;
  return {
    type,
    href: `${origin}/v1/${type}s/${id}`,
    external_urls: { spotify: `https://open.spotify.com/${type}/${id}` },
    uri,
  };
}
