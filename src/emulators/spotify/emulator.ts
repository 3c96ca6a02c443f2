import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { SpotifyAccounts, type SpotifyClientApp } from './accounts.ts';
import { DEFAULT_SPOTIFY_CATALOGUE, type SpotifyCatalogue, SpotifyRenderer } from './catalogue.ts';
import { SpotifyControl, type SpotifyState } from './control.ts';
import { registerFaultsAndLog, registerSpotifyControlRoutes } from './control-routes.ts';
import { FaultQueue } from './faults.ts';
import { ListeningHistory } from './listening.ts';
import { apiError, BASE62_ID, noteUser, registerUserRoutes } from './user-routes.ts';

export interface SpotifyEmulatorOptions {
  host?: string;
  port?: number;
  /** Registered apps; one test app by default. */
  apps?: SpotifyClientApp[];
  catalogue?: SpotifyCatalogue;
  /** Clock for token expiry and for which plays have ended (the control API can fix it too). */
  now?: () => number;
  tokenLifetimeS?: number;
}

export interface SpotifyEmulator {
  /** The Web API base, as SPOTIFY_API_URL: `http://127.0.0.1:PORT/v1`. */
  apiUrl: string;
  /** The accounts service, as SPOTIFY_ACCOUNTS_URL (`/authorize`, `/api/token`). */
  accountsUrl: string;
  /** `http://127.0.0.1:PORT/control`: the HTTP control API. */
  controlUrl: string;
  clientId: string;
  clientSecret: string;
  accounts: SpotifyAccounts;
  control: SpotifyControl;
  /** Method and path (with query) of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

export const DEFAULT_SPOTIFY_APP: SpotifyClientApp = {
  clientId: '5f1c1e0ab7e84a4c9d2f3e6a7b8c9d0e',
  clientSecret: 'a6b2c3d4e5f60718293a4b5c6d7e8f90',
};

function paging(query: unknown, maxLimit: number, defaultLimit: number) {
  const q = (query ?? {}) as Record<string, string | undefined>;
  const offset = q.offset === undefined ? 0 : Number(q.offset);
  const limit = q.limit === undefined ? defaultLimit : Number(q.limit);
  if (!Number.isInteger(offset) || offset < 0) return { error: 'Invalid offset' } as const;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) return { error: 'Invalid limit' } as const;
  return { offset, limit } as const;
}

/**
 * Emulates the accounts service (`GET /authorize` with PKCE and auto-consent, `POST /api/token`
 * with client_credentials, authorization_code and refresh_token) and the Web API (`/v1/me`,
 * `/v1/me/player/recently-played`, `/v1/tracks|artists|albums/{id}`, playlists) on one loopback
 * port, in Spotify's wire format, with a control API (`/control/<op>`, {@link SpotifyControl})
 * for users, their listening and deliberate faults.
 */
export async function startSpotifyEmulator(options: SpotifyEmulatorOptions = {}): Promise<SpotifyEmulator> {
  const apps = options.apps ?? [DEFAULT_SPOTIFY_APP];
  const baseClock = options.now ?? Date.now;
  let fixedNow: number | null = null;
  const clock = {
    now: () => fixedNow ?? baseClock(),
    set: (ms: number | null) => {
      fixedNow = ms;
    },
  };
  const accounts = new SpotifyAccounts(apps, {
    now: clock.now,
    ...(options.tokenLifetimeS ? { tokenLifetimeS: options.tokenLifetimeS } : {}),
  });
  const requests: string[] = [];
  let renderer: SpotifyRenderer | null = null;
  const render = () => {
    if (!renderer) throw new Error('the emulator is not listening yet');
    return renderer;
  };
  const state: SpotifyState = {
    accounts,
    history: new ListeningHistory(),
    renderer: render,
    faults: new FaultQueue(),
    log: [],
    clock,
    consent: { userId: null, approve: true },
    origin: '',
    defaultClientId: (apps[0] ?? DEFAULT_SPOTIFY_APP).clientId,
  };
  const control = new SpotifyControl(state);
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, new URLSearchParams(body as string)),
  );
  app.addHook('onRequest', async (request) => {
    requests.push(`${request.method} ${request.url}`);
  });
  registerSpotifyControlRoutes(app, control);
  registerFaultsAndLog(app, state);

  app.post('/api/token', async (request, reply) => {
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    const answer = accounts.token(request.headers.authorization, form);
    return reply.code(answer.status).send(answer.body);
  });

  /** Every Web API route needs a valid token; 401 bodies are Spotify's. */
  const authed =
    (handler: (request: FastifyRequest, reply: FastifyReply, r: SpotifyRenderer) => unknown) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const auth = accounts.authenticate(request.headers.authorization);
      if (!auth.ok) return apiError(reply, auth.status, auth.message);
      if (auth.subject.kind === 'user') noteUser(request, auth.subject.userId);
      return handler(request, reply, render());
    };
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
  registerUserRoutes(app, state, authed);

  app.get(
    '/v1/tracks/:id',
    authed((request, reply, r) => {
      const id = idOf(request);
      if (!BASE62_ID.test(id)) return apiError(reply, 400, 'Invalid base62 id');
      const track = r.track(id);
      return track ? r.fullTrack(track) : apiError(reply, 404, 'Resource not found');
    }),
  );
  app.get(
    '/v1/albums/:id',
    authed((request, reply, r) => {
      const id = idOf(request);
      if (!BASE62_ID.test(id)) return apiError(reply, 400, 'Invalid base62 id');
      const album = r.album(id);
      return album ? r.fullAlbum(album, 50) : apiError(reply, 404, 'Resource not found');
    }),
  );
  app.get(
    '/v1/albums/:id/tracks',
    authed((request, reply, r) => {
      const album = r.album(idOf(request));
      if (!album) return apiError(reply, 404, 'Resource not found');
      const page = paging(request.query, 50, 20);
      if ('error' in page) return apiError(reply, 400, page.error ?? 'Bad request');
      return r.page(`/albums/${album.id}/tracks`, r.albumTracks(album), page.offset, page.limit);
    }),
  );
  app.get(
    '/v1/playlists/:id',
    authed((request, reply, r) => {
      const playlist = r.playlist(idOf(request));
      return playlist ? r.fullPlaylist(playlist, 100) : apiError(reply, 404, 'Resource not found');
    }),
  );
  app.get(
    '/v1/playlists/:id/tracks',
    authed((request, reply, r) => {
      const playlist = r.playlist(idOf(request));
      if (!playlist) return apiError(reply, 404, 'Resource not found');
      const page = paging(request.query, 100, 100);
      if ('error' in page) return apiError(reply, 400, page.error ?? 'Bad request');
      return r.page(`/playlists/${playlist.id}/tracks`, r.playlistItems(playlist), page.offset, page.limit);
    }),
  );
  app.get(
    '/v1/artists/:id',
    authed((request, reply, r) => {
      const id = idOf(request);
      if (!BASE62_ID.test(id)) return apiError(reply, 400, 'Invalid base62 id');
      const artist = r.artist(id);
      return artist ? r.fullArtist(artist) : apiError(reply, 404, 'Resource not found');
    }),
  );
  app.setNotFoundHandler((_request, reply) => apiError(reply, 404, 'Service not found'));

  await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  const origin = `http://${options.host ?? '127.0.0.1'}:${port}`;
  renderer = new SpotifyRenderer(options.catalogue ?? DEFAULT_SPOTIFY_CATALOGUE, `${origin}/v1`);
  state.origin = origin;
  const first = apps[0] ?? DEFAULT_SPOTIFY_APP;
  return {
    apiUrl: `${origin}/v1`,
    accountsUrl: origin,
    controlUrl: `${origin}/control`,
    clientId: first.clientId,
    clientSecret: first.clientSecret,
    accounts,
    control,
    requests,
    close: () => app.close(),
  };
}
