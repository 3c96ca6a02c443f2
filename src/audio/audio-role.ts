import Fastify, { type FastifyBaseLogger, type FastifyError } from 'fastify';
import type { RoleDefinition } from '../runtime/index.ts';
import { lavalinkError } from './lavalink-error.ts';

/** The protocol version this node reports on `/version` (Lavalink's own numbering). */
export const AUDIO_NODE_VERSION = '4.0.0-gramophone';

/**
 * The audio role: Gramophone's built-in Lavalink v4 node on AUDIO_HOST:AUDIO_PORT. This
 * foundation serves the node's shell — the password check on every route, Lavalink's error
 * shape and `/version` — so clients can already probe it; the players come on top of it.
 */
export const audioRole: RoleDefinition = {
  name: 'audio',
  async start(context) {
    const { config, logger } = context;
    const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
    app.addHook('onRequest', async (request, reply) => {
      if (request.headers.authorization !== config.AUDIO_PASSWORD) {
        return reply.code(401).send(lavalinkError(request, 401, 'Unauthorized'));
      }
    });
    app.get('/version', async (_request, reply) => reply.type('text/plain').send(AUDIO_NODE_VERSION));
    app.setNotFoundHandler((request, reply) => reply.code(404).send(lavalinkError(request, 404, 'Not Found')));
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'audio node error');
      return reply.code(status).send(lavalinkError(request, status, error.message));
    });
    await app.listen({ host: config.AUDIO_HOST, port: config.AUDIO_PORT });
    context.health.add({
      name: 'audio',
      check: async () => {
        if (!app.server.listening) throw new Error('audio node is not listening');
      },
    });
    return { stop: () => app.close() };
  },
};
