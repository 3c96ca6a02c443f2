import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { DEFAULT_DEEZER_CATALOGUE, type DeezerCatalogue, DeezerRenderer } from './catalogue.ts';

export interface DeezerEmulatorOptions {
  host?: string;
  port?: number;
  catalogue?: DeezerCatalogue;
}

export interface DeezerEmulator {
  /** As DEEZER_API_URL: `http://127.0.0.1:PORT`. */
  apiUrl: string;
  /** Method and path (with query) of every request, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Deezer answers a missing object with HTTP 200 and this body. */
const NO_DATA = { error: { type: 'DataException', message: 'no data', code: 800 } };
const noData = (reply: FastifyReply) => reply.code(200).send(NO_DATA);

/**
 * Emulates api.deezer.com's keyless reads: /track/{id}, /album/{id} (+ /tracks), /playlist/{id}
 * (+ /tracks, `index`/`limit` paging with absolute `next`). Errors are 200s with an `error`
 * object, as Deezer sends them.
 */
export async function startDeezerEmulator(options: DeezerEmulatorOptions = {}): Promise<DeezerEmulator> {
  const requests: string[] = [];
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.addHook('onRequest', async (request) => {
    requests.push(`${request.method} ${request.url}`);
  });
  let renderer: DeezerRenderer | null = null;
  const r = () => {
    if (!renderer) throw new Error('the emulator is not listening yet');
    return renderer;
  };
  const idOf = (request: FastifyRequest) => {
    const raw = (request.params as { id: string }).id;
    return /^\d{1,19}$/.test(raw) ? Number(raw) : null;
  };
  const paging = (request: FastifyRequest) => {
    const q = request.query as Record<string, string | undefined>;
    const index = Math.max(0, Number.parseInt(q.index ?? '0', 10) || 0);
    const limit = Math.min(2000, Math.max(1, Number.parseInt(q.limit ?? '25', 10) || 25));
    return { index, limit };
  };

  app.get('/track/:id', async (request, reply) => {
    const id = idOf(request);
    const track = id === null ? null : r().track(id);
    return track ? r().fullTrack(track) : noData(reply);
  });
  app.get('/album/:id', async (request, reply) => {
    const id = idOf(request);
    const album = id === null ? null : r().album(id);
    return album ? r().fullAlbum(album) : noData(reply);
  });
  app.get('/album/:id/tracks', async (request, reply) => {
    const id = idOf(request);
    const album = id === null ? null : r().album(id);
    if (!album) return noData(reply);
    const { index, limit } = paging(request);
    return r().page(`/album/${album.id}/tracks`, r().albumTracks(album), index, limit);
  });
  app.get('/playlist/:id', async (request, reply) => {
    const id = idOf(request);
    const playlist = id === null ? null : r().playlist(id);
    return playlist ? r().fullPlaylist(playlist) : noData(reply);
  });
  app.get('/playlist/:id/tracks', async (request, reply) => {
    const id = idOf(request);
    const playlist = id === null ? null : r().playlist(id);
    if (!playlist) return noData(reply);
    const { index, limit } = paging(request);
    return r().page(`/playlist/${playlist.id}/tracks`, r().playlistTracks(playlist), index, limit);
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(200).send({ error: { type: 'DataException', message: 'no data', code: 800 } }),
  );

  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const origin = `http://${host}:${(app.server.address() as AddressInfo).port}`;
  renderer = new DeezerRenderer(options.catalogue ?? DEFAULT_DEEZER_CATALOGUE, origin);
  return { apiUrl: origin, requests, close: () => app.close() };
}
