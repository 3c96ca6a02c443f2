import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Stats } from '../../lavalink/index.ts';
import type { SourceManager } from '../contracts.ts';
import { LavalinkHttpError } from '../lavalink-error.ts';
import { AUDIO_NODE_VERSION, nodeInfo } from './node-info.ts';
import { decodeOr400, loadTracks } from './track-loading.ts';
import { parseOr400 } from './validation.ts';

/** What the node-wide routes read. */
export interface NodeRoutesContext {
  readonly sources: SourceManager;
  readonly supportedFilters: readonly string[];
  nodeStats(): Omit<Stats, 'frameStats'>;
}

const loadTracksQuery = z.object({ identifier: z.string().min(1, { error: 'must not be empty' }) });
// Lavalink still accepts the v3 name `track` for the encoded track.
const decodeTrackQuery = z
  .object({ encodedTrack: z.string().min(1).optional(), track: z.string().min(1).optional() })
  .refine((query) => query.encodedTrack !== undefined || query.track !== undefined, {
    error: 'encodedTrack: no track to decode provided',
  });
const decodeTracksBody = z.array(z.string().min(1)).min(1, { error: 'no tracks to decode provided' });

/** `/version`, `/v4/info`, `/v4/stats`, `/v4/loadtracks`, `/v4/decodetrack`, `/v4/decodetracks`. */
export function registerNodeRoutes(app: FastifyInstance, context: NodeRoutesContext): void {
  app.get('/version', async (_request, reply) => reply.type('text/plain').send(AUDIO_NODE_VERSION));

  app.get('/v4/info', async () => nodeInfo(context.sources.names, context.supportedFilters));

  // `frameStats` is always missing here (it is per websocket session).
  app.get('/v4/stats', async () => context.nodeStats());

  app.get('/v4/loadtracks', async (request) => {
    const { identifier } = parseOr400(loadTracksQuery, request.query, 'loadtracks query');
    return loadTracks(context.sources, identifier);
  });

  app.get('/v4/decodetrack', async (request) => {
    const query = parseOr400(decodeTrackQuery, request.query, 'decodetrack query');
    return decodeOr400((query.encodedTrack ?? query.track) as string);
  });

  app.post('/v4/decodetracks', async (request) => {
    if (request.body === undefined)
      throw new LavalinkHttpError(400, 'invalid decodetracks body: expected a JSON array');
    const encoded = parseOr400(decodeTracksBody, request.body, 'decodetracks body');
    return encoded.map((track) => decodeOr400(track));
  });
}
