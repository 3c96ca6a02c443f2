import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { DEFAULT_KEY_PREFIX } from '../../bus/index.ts';
import type { RateLimitTier, RateLimitTiers } from '../../http/index.ts';
import { ApiError } from '../errors.ts';

export type { RateLimitTier, RateLimitTiers };

export const defaultRateLimits: RateLimitTiers = {
  strict: { max: 20, timeWindow: 60_000 },
  normal: { max: 300, timeWindow: 60_000 },
  lenient: { max: 1200, timeWindow: 60_000 },
};

/** Probes and scrapes must never be throttled, or an orchestrator would restart a busy process. */
const EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Security headers (helmet) and rate limits. With `redisUrl` the counters live in Redis under
 * `<keyPrefix>ratelimit:` (REDIS_KEY_PREFIX), so every api process of a deployment shares them;
 * a Redis outage lets requests through (`skipOnError`) rather than taking the panel down. A 429
 * uses the API's error shape, with `Retry-After` and the `X-RateLimit-*` headers.
 */
export function registerSecurity(
  app: FastifyInstance,
  options: { tiers: RateLimitTiers; redisUrl: string | undefined; keyPrefix?: string; https?: boolean },
): void {
  app.register(helmet, {
    // swagger-ui's page needs inline styles and its own scripts; everything else is JSON.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https://cdn.discordapp.com'],
        scriptSrc: ["'self'"],
        // The dashboard's sandbox page plays what the emulator hears, from this origin.
        mediaSrc: ["'self'", 'blob:'],
        // Over plain http (localhost, the sandbox) upgrading would point the page's own
        // requests at an https port that isn't there.
        upgradeInsecureRequests: options.https ? [] : null,
      },
    },
  });
  let redis: Redis | undefined;
  if (options.redisUrl) {
    redis = new Redis(options.redisUrl, {
      connectTimeout: 1_000,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: true,
    });
    const client = redis;
    // Without a listener an outage would be an unhandled 'error' event; skipOnError covers requests.
    client.on('error', (error) => app.log.debug({ err: error }, 'rate-limit redis error'));
    // Connected before the server listens, or every early request would pass unlimited; an
    // unreachable Redis only logs (ioredis keeps retrying in the background).
    app.register(async () => {
      await client
        .connect()
        .catch((error: Error) =>
          app.log.warn(
            { err: error },
            'rate limits: Redis unreachable, requests pass unlimited until it is back',
          ),
        );
    });
    app.addHook('onClose', async () => {
      client.disconnect();
    });
  }
  app.register(rateLimit, {
    global: true,
    max: options.tiers.normal.max,
    timeWindow: options.tiers.normal.timeWindow,
    ...(redis ? { redis, nameSpace: `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}ratelimit:` } : {}),
    skipOnError: true,
    allowList: (request) => EXEMPT.has(request.url.split('?')[0] ?? ''),
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, 'RATE_LIMITED', `Too many requests: retry in ${context.after}.`, {
        limit: context.max,
        retryAfterMs: context.ttl,
      }),
  });
}
