import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  activeFilterNames,
  playerUpdateSchema,
  sessionUpdateSchema,
  snowflakeSchema,
  trackChangeOf,
} from '../../lavalink/index.ts';
import type { SourceManager } from '../contracts.ts';
import { LavalinkHttpError } from '../lavalink-error.ts';
import type { SessionRegistry } from './session-registry.ts';
import { resolveTrackChange } from './track-loading.ts';
import { parseOr400 } from './validation.ts';

/** What the session and player routes need. */
export interface PlayerRoutesContext {
  readonly sessions: SessionRegistry;
  readonly sources: SourceManager;
  /** Filters the engine applies; a PATCH setting any other is refused with 400, as Lavalink does. */
  readonly supportedFilters: readonly string[];
}

const sessionParams = z.object({ sessionId: z.string().min(1) });
const playerParams = z.object({ sessionId: z.string().min(1), guildId: snowflakeSchema });
const patchQuery = z.object({ noReplace: z.enum(['true', 'false']).optional() });

/**
 * The Player and Session API: `GET /v4/sessions/{sid}/players`, `GET|PATCH|DELETE
 * /v4/sessions/{sid}/players/{guildId}` and `PATCH /v4/sessions/{sid}`.
 */
export function registerPlayerRoutes(app: FastifyInstance, context: PlayerRoutesContext): void {
  const { sessions } = context;

  app.get('/v4/sessions/:sessionId/players', async (request) => {
    const { sessionId } = parseOr400(sessionParams, request.params, 'path');
    return [...sessions.get(sessionId).players.values()].map((player) => player.toPlayer());
  });

  app.get('/v4/sessions/:sessionId/players/:guildId', async (request) => {
    const { sessionId, guildId } = parseOr400(playerParams, request.params, 'path');
    const player = sessions.get(sessionId).players.get(guildId);
    if (!player) throw new LavalinkHttpError(404, 'Player not found');
    return player.toPlayer();
  });

  app.patch('/v4/sessions/:sessionId/players/:guildId', async (request) => {
    const { sessionId, guildId } = parseOr400(playerParams, request.params, 'path');
    const session = sessions.get(sessionId);
    const { noReplace } = parseOr400(patchQuery, request.query, 'query');
    const update = parseOr400(playerUpdateSchema, request.body ?? {}, 'player update');
    const change = trackChangeOf(update);
    if (update.filters) {
      const refused = activeFilterNames(update.filters).filter(
        (name) => !context.supportedFilters.includes(name),
      );
      if (refused.length > 0) {
        throw new LavalinkHttpError(
          400,
          `Following filters are not supported by this node: ${refused.join(', ')}`,
        );
      }
    }
    const existing = session.players.get(guildId);

    // With noReplace a playing player keeps its track: nothing is loaded for it.
    const skipTrack =
      noReplace === 'true' &&
      (change.kind === 'encoded' || change.kind === 'identifier') &&
      !!existing?.track;
    // The track is resolved before anything changes, so a bad track leaves the player as it was.
    const track = skipTrack ? undefined : await resolveTrackChange(change, context.sources);
    if (!existing) await sessions.releaseGuildElsewhere(session, guildId);
    const player = session.playerFor(guildId);
    await player.apply({
      update,
      track,
      ...(change.kind === 'none' && change.userData ? { userData: change.userData } : {}),
    });
    return player.toPlayer();
  });

  app.delete('/v4/sessions/:sessionId/players/:guildId', async (request, reply) => {
    const { sessionId, guildId } = parseOr400(playerParams, request.params, 'path');
    await sessions.get(sessionId).destroyPlayer(guildId);
    return reply.code(204).send();
  });

  app.patch('/v4/sessions/:sessionId', async (request) => {
    const { sessionId } = parseOr400(sessionParams, request.params, 'path');
    const session = sessions.get(sessionId);
    const body = parseOr400(sessionUpdateSchema, request.body ?? {}, 'session update');
    if (body.resuming !== undefined) session.resuming = body.resuming;
    if (body.timeout !== undefined) session.timeoutSeconds = body.timeout;
    return { resuming: session.resuming, timeout: session.timeoutSeconds };
  });
}
