import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { RateLimitTier } from '../../http/index.ts';
import { errorResponses, guildGuardErrors, guildParamsSchema, requireSession } from '../../http/index.ts';
import {
  liveQueueReplySchema,
  musicOperationReplySchema,
  playableSourcesSchema,
  queueOperationSchema,
} from '../contract.ts';
import { EventStream, type EventStreamOptions } from './event-stream.ts';
import type { GuildEventHub } from './guild-event-hub.ts';
import type { LiveMusicService } from './live-music-service.ts';
import { retryAfterOfRefusal } from './music-refusals.ts';

export interface LiveMusicRoutesOptions {
  music: LiveMusicService;
  events: GuildEventHub;
  stream: EventStreamOptions;
  /** The lenient tier: a browser keeps one stream open and reconnects now and then. */
  eventsRateLimit: RateLimitTier;
}

// Own component names: the bot API's persisted queue is already `QueueSnapshot`.
const operationSchema = queueOperationSchema.meta({
  id: 'QueueOperation',
  description:
    'One operation, exactly as the bot’s slash commands accept it. Positions count the upcoming tracks from 1.',
});
const operationReplySchema = musicOperationReplySchema.meta({ id: 'QueueOperationResult' });
/** Refusals of the gateway and its absence, besides the guard's (which has 400, 403, 404, 429). */
const musicErrors = errorResponses(409, 429, 503);

/**
 * The live queue (`/queue`, `/queue/operations`) and the guild's event stream (`/events`).
 * Registered inside the guild-scoped plugin, so the guild access guard runs first on all three.
 */
export const liveMusicRoutes: FastifyPluginAsyncZod<LiveMusicRoutesOptions> = async (app, options) => {
  app.addHook('preClose', () => options.events.close());

  app.get(
    '/queue',
    {
      schema: {
        tags: ['music'],
        summary: 'The live queue: now playing (with its position), upcoming, recent history, player settings',
        params: guildParamsSchema,
        response: {
          200: liveQueueReplySchema,
          ...guildGuardErrors,
          ...errorResponses(503),
        },
      },
    },
    async (request) => ({ snapshot: await options.music.snapshot(request.params.guildId) }),
  );

  app.get(
    '/sources',
    {
      schema: {
        tags: ['music'],
        summary: 'What the bot can play: the sources of its connected audio nodes',
        description:
          'YouTube, SoundCloud and the mirrored Spotify, Apple Music and Deezer links are listed only when the audio node has yt-dlp (docs/audio-sources.md).',
        params: guildParamsSchema,
        response: { 200: playableSourcesSchema, ...guildGuardErrors, ...errorResponses(503) },
      },
    },
    async () => options.music.playableSources(),
  );

  app.post(
    '/queue/operations',
    {
      schema: {
        tags: ['music'],
        summary:
          'Change the queue or the player as the caller (needs X-CSRF-Token); same rules as the slash commands',
        description:
          'Carried out by the bot for the logged-in user, who must be a member of the server; adding a track first needs them in a voice channel, or `voiceChannelId` naming where to summon the bot (managers control a playing player from anywhere). Every operation is recorded in the audit log as `music.<type>` with the caller as actor. Refusals come back with the bot’s code as `error`: 403 DJ_ONLY, NOT_A_MEMBER; 404 NO_PLAYER, NO_MATCHES; 409 NOT_IN_VOICE, NOT_SAME_VOICE, NOTHING_PLAYING, QUEUE_FULL, NOT_SEEKABLE, NOTHING_BEFORE, CANNOT_JOIN, ALREADY_VOTED, WRONG_VOICE_CHANNEL; 400 BAD_POSITION, SEEK_OUT_OF_RANGE, TRACK_TOO_LONG, LOAD_FAILED, UNKNOWN_PRESET, VALIDATION_FAILED; 429 ADD_RATE_LIMITED (`add` faster than the member’s rate, MUSIC_ADD_RATE; `Retry-After` and `details.retryAfterSeconds` say when to try again); 503 AUDIO_UNAVAILABLE, GATEWAY_UNAVAILABLE.',
        params: guildParamsSchema,
        querystring: z.object({
          voiceChannelId: z
            .string()
            .regex(/^\d{15,21}$/, 'a Discord channel id')
            .optional()
            .describe(
              'Summon: the voice channel the bot joins for `join`, or for an `add` when it is in none — the caller need not be in voice (CANNOT_JOIN when it may not join there)',
            ),
        }),
        body: operationSchema,
        response: { 200: operationReplySchema, ...guildGuardErrors, ...musicErrors },
      },
    },
    async (request, reply) => {
      try {
        return await options.music.operate(
          request.params.guildId,
          {
            userId: requireSession(request).userId,
            requestId: String(request.id),
            callerRequestId: request.callerRequestId,
          },
          request.body,
          request.query.voiceChannelId,
        );
      } catch (error) {
        const retryAfter = retryAfterOfRefusal(error);
        if (retryAfter !== null) reply.header('retry-after', String(retryAfter));
        throw error;
      }
    },
  );

  app.get(
    '/events',
    {
      config: { rateLimit: options.eventsRateLimit },
      schema: {
        tags: ['music'],
        summary: 'Server-Sent Events: queue and player changes, settings changes (lenient rate limit)',
        description:
          'Events: `ready` (first, without Last-Event-ID: fetch the queue now), `queue` `{ guildId, cause, snapshot }`, `settings` `{ guildId, settings, diff, actorId }`, `resync` `{ guildId, reason }` (what was missed is gone: refetch). Every event has an id; reconnecting with `Last-Event-ID` (or `?lastEventId=`) replays the missed events. A heartbeat comment every 15 s; the stream ends after 5 minutes and the browser reconnects.',
        params: guildParamsSchema,
        querystring: z.object({
          lastEventId: z
            .string()
            .max(64)
            .optional()
            .describe('For clients that cannot send the Last-Event-ID header; the header wins'),
        }),
        // Loose: the validated headers replace request.headers, and the others must stay.
        headers: z.looseObject({ 'last-event-id': z.string().max(64).optional() }),
        response: {
          // Keyed by content type, so only this answer is documented as a stream (errors are JSON).
          200: {
            description: 'The event stream',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...guildGuardErrors,
          ...errorResponses(503),
        },
      },
    },
    async (request, reply) => {
      // An empty id is what a client that saw nothing yet may send: the same as none.
      const lastEventId = request.headers['last-event-id'] || request.query.lastEventId || undefined;
      const stream = new EventStream(options.stream);
      try {
        const leave = await options.events.join(request.params.guildId, lastEventId, stream);
        stream.onClose(leave);
      } catch (error) {
        stream.body.destroy();
        throw error;
      }
      return (
        reply
          .header('content-type', 'text/event-stream; charset=utf-8')
          .header('cache-control', 'no-cache, no-transform')
          .header('x-accel-buffering', 'no')
          // A stream skips the serializer; the 200 schema above only documents the wire format.
          .send(stream.body as unknown as string)
      );
    },
  );
};
