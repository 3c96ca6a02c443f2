import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { FILTER_NAMES, type Stats } from '../../lavalink/index.ts';
import type { Logger } from '../../logging/index.ts';
import type { PlayerEngineFactory, SourceManager } from '../contracts.ts';
import { LavalinkHttpError, lavalinkError } from '../lavalink-error.ts';
import { hostCheck, isLoopbackHost } from './host-check.ts';
import { AudioMetrics } from './metrics.ts';
import { registerPlayerRoutes } from './player-routes.ts';
import { registerNodeRoutes } from './rest-routes.ts';
import { SessionRegistry } from './session-registry.ts';
import { CpuSampler, memoryStats } from './system-stats.ts';
import { attachWebsocket } from './websocket.ts';

/** Options of {@link createAudioServer}. */
export interface AudioServerOptions {
  /** The `Authorization` every route and the websocket require. */
  password: string;
  sources: SourceManager;
  engines: PlayerEngineFactory;
  logger: Logger;
  /** Where the `gramophone_audio_*` metrics go (none when omitted). */
  metrics?: Registry;
  /** How often each playing player's state is sent (Lavalink's default: 5 s). */
  playerUpdateIntervalMs?: number;
  /** How often each session gets `stats` (Lavalink: once a minute). */
  statsIntervalMs?: number;
  /** Filters the engine applies, as `/v4/info` lists them; default: all of Lavalink's. */
  supportedFilters?: readonly string[];
  /** Events kept for a disconnected resumable session (default 10,000). */
  resumeQueueLimit?: number;
  /**
   * Host names (beyond localhost, 127.0.0.0/8 and ::1) the `Host` header may carry. Checked only
   * when `listen` binds a loopback address (see host-check.ts); default none.
   */
  allowedHosts?: readonly string[];
}

/** A running (or ready to listen) audio node. */
export interface AudioServer {
  readonly app: FastifyInstance;
  readonly sessions: SessionRegistry;
  /** Listens on host:port (port 0 = any free port) and resolves with the bound address. */
  listen(options: { host: string; port: number }): Promise<AddressInfo>;
  /** Closes every session (destroying their players), the websocket and the HTTP server. */
  close(): Promise<void>;
}

/**
 * Gramophone's Lavalink v4 node: REST and the websocket on one port, sessions with resuming,
 * players driven through the sources and the player engine, and its metrics. Every route checks
 * the password; errors answer in Lavalink's shape.
 */
export function createAudioServer(options: AudioServerOptions): AudioServer {
  const { sources, engines, logger } = options;
  const supportedFilters = [...(options.supportedFilters ?? FILTER_NAMES)];
  const startedAt = Date.now();
  const cpu = new CpuSampler();
  const authorized = passwordCheck(options.password);
  const hostAllowed = hostCheck(options.allowedHosts ?? []);
  // Set by listen(): the Host check applies only to a node bound to loopback.
  let checkHost = false;

  let sessions: SessionRegistry;
  const players = () => [...sessions.all()].flatMap((session) => [...session.players.values()]);
  const nodeStats = (): Omit<Stats, 'frameStats'> => {
    const all = players();
    return {
      players: all.length,
      playingPlayers: all.filter((player) => player.playing).length,
      uptime: Date.now() - startedAt,
      memory: memoryStats(),
      cpu: cpu.measure(),
    };
  };
  const metrics = new AudioMetrics(options.metrics, {
    players: () => players().length,
    playingPlayers: () => players().filter((player) => player.playing).length,
    ffmpegProcesses: () => engines.ffmpegProcesses,
    frameCounters: () =>
      players().map((player) => [player.engineKey, player.frames] as [object, typeof player.frames]),
  });
  sessions = new SessionRegistry({
    logger,
    sources,
    engines,
    metrics,
    playerUpdateIntervalMs: options.playerUpdateIntervalMs ?? 5000,
    statsIntervalMs: options.statsIntervalMs ?? 60_000,
    resumeQueueLimit: options.resumeQueueLimit ?? 10_000,
    nodeStats,
  });

  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, bodyLimit: 1_048_576 });
  // Some clients send `Content-Type: application/json` with no body (a DELETE): Lavalink accepts
  // that, so an empty body is "no body" here rather than Fastify's 400.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    if (typeof text !== 'string' || text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new LavalinkHttpError(400, `malformed JSON body: ${(error as Error).message}`), undefined);
    }
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('Lavalink-Api-Version', '4');
    if (checkHost && !hostAllowed(request.headers.host)) {
      request.log.warn({ host: request.headers.host }, 'audio request refused: unexpected Host');
      return reply.code(403).send(lavalinkError(request, 403, 'Forbidden'));
    }
    if (!authorized(request.headers.authorization)) {
      return reply.code(401).send(lavalinkError(request, 401, 'Unauthorized'));
    }
  });
  // Lavalink answers `application/json` without a charset, and some clients compare it exactly;
  // Fastify appends `; charset=utf-8` to what it serialises, so it is set back here.
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json'))
      reply.header('content-type', 'application/json');
    return payload;
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send(lavalinkError(request, 404, 'Not Found')));
  app.setErrorHandler((error: FastifyError | LavalinkHttpError, request, reply) => {
    const known = error instanceof LavalinkHttpError;
    const status = known ? error.status : error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500 && !(known && error.expected)) request.log.error({ err: error }, 'audio node error');
    else request.log.info({ status, message: error.message }, 'audio request refused');
    return reply.code(status).send(lavalinkError(request, status, error.message, error));
  });
  registerNodeRoutes(app, { sources, supportedFilters, nodeStats });
  registerPlayerRoutes(app, { sessions, sources, supportedFilters });
  const websocket = attachWebsocket({
    server: app.server,
    sessions,
    logger,
    authorized,
    hostAllowed: (host) => !checkHost || hostAllowed(host),
  });

  return {
    app,
    sessions,
    async listen({ host, port }) {
      checkHost = isLoopbackHost(host);
      await app.listen({ host, port });
      return app.server.address() as AddressInfo;
    },
    async close() {
      await sessions.closeAll();
      await websocket.close();
      await app.close();
    },
  };
}

/** Compares passwords in constant time (hashing first makes the lengths equal). */
function passwordCheck(password: string): (given: string | undefined) => boolean {
  const expected = createHash('sha256').update(password).digest();
  return (given) =>
    given !== undefined && timingSafeEqual(createHash('sha256').update(given).digest(), expected);
}
