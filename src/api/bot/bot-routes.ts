import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { HealthRegistry } from '../../health/index.ts';
import { errorResponses, guildParamsSchema } from '../../http/index.ts';
import { ApiError } from '../errors.ts';
import type { RateLimitTier } from '../plugins/security.ts';
import type { BotApiKeys } from './bot-api-keys.ts';
import { type QueueSnapshotService, queueSnapshotSchema } from './queue-snapshot-service.ts';

export interface BotRoutesOptions {
  keys: BotApiKeys;
  queues: QueueSnapshotService;
  health: HealthRegistry;
  /** The roles this process runs. */
  roles: readonly string[];
  instanceId: string;
  lenientRateLimit: RateLimitTier;
}

const security = [{ botApiKey: [] }];
/** Every bot route can answer these, from the key check and the rate limit. */
const keyErrors = errorResponses(401, 429, 503);

/**
 * `/api/bot/*`: for services of a split deployment (another process, a stream overlay, a
 * status page) that hold a key of BOT_API_KEYS. No session, no CSRF: the key is the caller.
 * The check runs first on every route of this plugin, before validation.
 */
export const botRoutes: FastifyPluginAsyncZod<BotRoutesOptions> = async (app, options) => {
  app.addHook('onRequest', async (request, reply) => {
    const verdict = options.keys.verify(request.headers.authorization);
    if (verdict === 'disabled') {
      throw new ApiError(503, 'BOT_API_DISABLED', 'The bot API is off: set BOT_API_KEYS to enable it.');
    }
    if (verdict !== 'valid') {
      reply.header('www-authenticate', 'Bearer realm="gramophone-bot-api"');
      throw new ApiError(
        401,
        'UNAUTHENTICATED',
        verdict === 'missing'
          ? 'Send Authorization: Bearer <key> with a key of BOT_API_KEYS.'
          : 'This key is not one of BOT_API_KEYS.',
      );
    }
  });

  app.get(
    '/api/bot/health',
    {
      config: { rateLimit: options.lenientRateLimit },
      schema: {
        tags: ['bot'],
        summary: 'This process: its roles and whether it is ready (always 200; see `ready`)',
        security,
        response: {
          200: z.object({
            ready: z.boolean(),
            instanceId: z.string(),
            roles: z.array(z.string()),
            uptimeSeconds: z.number().int(),
            checks: z.array(
              z.object({ name: z.string(), ok: z.boolean(), ms: z.number(), error: z.string().optional() }),
            ),
          }),
          ...keyErrors,
        },
      },
    },
    async () => {
      const report = await options.health.readiness();
      return {
        ready: report.ready,
        instanceId: options.instanceId,
        roles: [...options.roles],
        uptimeSeconds: Math.floor(process.uptime()),
        checks: report.checks,
      };
    },
  );

  app.get(
    '/api/bot/guilds/:guildId/queue',
    {
      schema: {
        tags: ['bot'],
        summary:
          'A guild’s queue as the bot last saved it: current track, upcoming, position, player settings',
        security,
        params: guildParamsSchema,
        response: { 200: queueSnapshotSchema, ...keyErrors, ...errorResponses(400, 404) },
      },
    },
    async (request) => options.queues.snapshot(request.params.guildId),
  );
};
