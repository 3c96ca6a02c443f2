import { Registry } from 'prom-client';
import { z } from 'zod';
import type { Logger } from '../logging/index.ts';
import { busNameSchema, DEFAULT_KEY_PREFIX, keyPrefixSchema } from './envelope.ts';
import { createMemoryBus, type MemoryBusHub } from './memory-bus.ts';
import { createRedisBus } from './redis-bus.ts';
import type { Bus } from './types.ts';

/** Options of {@link createBus}. */
export interface CreateBusOptions {
  /** REDIS_URL; without it the bus is in-memory (one process). */
  redisUrl?: string;
  /** INSTANCE_ID of this process. */
  instanceId: string;
  logger: Logger;
  /** BUS_COMMAND_TIMEOUT_MS: default wait for a command's reply. */
  commandTimeoutMs: number;
  /** Prefix of every Redis channel name; `gramophone:` by default. */
  keyPrefix?: string;
  /** Registry for the bus metrics; without one they are not registered anywhere. */
  registry?: Registry;
  /** How long to wait for Redis at startup (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Memory bus only: the hub to join (the process-wide one by default). */
  memoryHub?: MemoryBusHub;
}

const optionsSchema = z.object({
  redisUrl: z
    .string()
    .refine((value) => /^rediss?:\/\/./.test(value), {
      error: 'must be a redis:// or rediss:// URL (REDIS_URL)',
    })
    .optional(),
  instanceId: busNameSchema,
  logger: z.custom<Logger>(
    (value) => typeof value === 'object' && value !== null && typeof (value as Logger).child === 'function',
    { error: 'must be a pino logger' },
  ),
  commandTimeoutMs: z.number().int().positive(),
  keyPrefix: keyPrefixSchema.default(DEFAULT_KEY_PREFIX),
  registry: z.instanceof(Registry).optional(),
  connectTimeoutMs: z.number().int().positive().default(5000),
  memoryHub: z.unknown().optional(),
});

/**
 * The bus for this process: Redis when `redisUrl` is set (resolves once connected, rejects
 * with a BusUnavailableError naming REDIS_URL if Redis does not answer within
 * `connectTimeoutMs`), otherwise the in-memory bus.
 */
export async function createBus(options: CreateBusOptions): Promise<Bus> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new TypeError(`Invalid bus options: ${z.prettifyError(parsed.error)}`);
  }
  const { redisUrl, keyPrefix, connectTimeoutMs } = parsed.data;
  const common = {
    instanceId: options.instanceId,
    logger: options.logger,
    commandTimeoutMs: options.commandTimeoutMs,
    keyPrefix,
    registry: options.registry,
  };
  if (redisUrl === undefined) {
    return createMemoryBus({ ...common, hub: options.memoryHub });
  }
  return createRedisBus({ ...common, redisUrl, connectTimeoutMs });
}
