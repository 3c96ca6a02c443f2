import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { type AppleCatalogue, AppleRenderer, DEFAULT_APPLE_CATALOGUE } from './catalogue.ts';

export interface AppleMusicEmulatorOptions {
  host?: string;
  port?: number;
  catalogue?: AppleCatalogue;
  /** The developer token the API accepts as `Authorization: Bearer …`. */
  developerToken?: string;
}

export interface AppleMusicEmulator {
  /** As APPLE_MUSIC_API_URL: `http://127.0.0.1:PORT/v1`. */
  apiUrl: string;
  /** As ITUNES_API_URL (the keyless lookup at `/lookup`). */
  itunesUrl: string;
  developerToken: string;
  /** Method and path (with query) of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

export const DEFAULT_APPLE_DEVELOPER_TOKEN = 'emulated-apple-music-developer-token';

/** Apple's error document: `{"errors":[{id,title,detail,status,code}]}` with string status and code. */
const errors = (reply: FastifyReply, status: number, title: string, detail: string, code: string) =>
  reply
    .code(status)
    .send({ errors: [{ id: `EMU${status}${code}`, title, detail, status: String(status), code }] });

/**
 * Emulates the Apple Music API's catalogue reads (songs, albums, playlists and their `/tracks`,
 * behind a developer token) and the keyless iTunes lookup API (`/lookup?id=…&entity=song`).
 */
export async function startAppleMusicEmulator(
  options: AppleMusicEmulatorOptions = {},
): Promise<AppleMusicEmulator> {
  const token = options.developerToken ?? DEFAULT_APPLE_DEVELOPER_TOKEN;
  const r = new AppleRenderer(options.catalogue ?? DEFAULT_APPLE_CATALOGUE);
  const requests: string[] = [];
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addHook('onRequest', async (request, reply) => {
    requests.push(`${request.method} ${request.url}`);
    // Apple answers a missing or bad developer token with a bare 401.
    if (request.url.startsWith('/v1/') && request.headers.authorization !== `Bearer ${token}`)
      return reply.code(401).send('');
  });
  const params = (request: FastifyRequest) => request.params as { storefront: string; id: string };
  const offsetOf = (request: FastifyRequest) =>
    Math.max(0, Number.parseInt((request.query as { offset?: string }).offset ?? '0', 10) || 0);
  const notFound = (reply: FastifyReply) =>
    errors(reply, 404, 'Resource Not Found', 'Resource with requested id was not found', '40400');

  app.get('/v1/catalog/:storefront/songs/:id', async (request, reply) => {
    const { storefront, id } = params(request);
    const song = r.song(id);
    return song ? { data: [r.songResource(song, storefront)] } : notFound(reply);
  });
  app.get('/v1/catalog/:storefront/albums/:id', async (request, reply) => {
    const { storefront, id } = params(request);
    const album = r.album(id);
    return album ? { data: [r.albumResource(album, storefront, 300)] } : notFound(reply);
  });
  app.get('/v1/catalog/:storefront/albums/:id/tracks', async (request, reply) => {
    const { storefront, id } = params(request);
    const album = r.album(id);
    if (!album) return notFound(reply);
    const path = `/v1/catalog/${storefront}/albums/${id}/tracks`;
    return r.page(path, r.songsOf(album.songIds, storefront), offsetOf(request), 300);
  });
  app.get('/v1/catalog/:storefront/playlists/:id', async (request, reply) => {
    const { storefront, id } = params(request);
    const playlist = r.playlist(id);
    return playlist ? { data: [r.playlistResource(playlist, storefront, 100)] } : notFound(reply);
  });
  app.get('/v1/catalog/:storefront/playlists/:id/tracks', async (request, reply) => {
    const { storefront, id } = params(request);
    const playlist = r.playlist(id);
    if (!playlist) return notFound(reply);
    const path = `/v1/catalog/${storefront}/playlists/${id}/tracks`;
    return r.page(path, r.songsOf(playlist.songIds, storefront), offsetOf(request), 100);
  });
  app.get('/lookup', async (request) => {
    const q = request.query as { id?: string; country?: string; entity?: string };
    const country = (q.country ?? 'us').toLowerCase();
    const results: unknown[] = [];
    for (const id of (q.id ?? '').split(',')) {
      const song = r.song(id);
      if (song) results.push(r.lookupSong(song, country));
      const album = r.album(id);
      if (album) {
        results.push(r.lookupAlbum(album, country));
        if (q.entity === 'song')
          for (const songId of album.songIds) {
            const s = r.song(songId);
            if (s) results.push(r.lookupSong(s, country));
          }
      }
    }
    return { resultCount: results.length, results };
  });
  app.setNotFoundHandler((_request, reply) =>
    errors(reply, 404, 'Resource Not Found', 'Resource not found', '40400'),
  );

  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const origin = `http://${host}:${(app.server.address() as AddressInfo).port}`;
  return {
    apiUrl: `${origin}/v1`,
    itunesUrl: origin,
    developerToken: token,
    requests,
    close: () => app.close(),
  };
}
