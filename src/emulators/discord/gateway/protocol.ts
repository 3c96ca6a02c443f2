import { z } from 'zod';

/** Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
export const Op = {
  DISPATCH: 0,
  HEARTBEAT: 1,
  IDENTIFY: 2,
  PRESENCE_UPDATE: 3,
  VOICE_STATE_UPDATE: 4,
  RESUME: 6,
  RECONNECT: 7,
  REQUEST_GUILD_MEMBERS: 8,
  INVALID_SESSION: 9,
  HELLO: 10,
  HEARTBEAT_ACK: 11,
} as const;

/** Gateway close codes. */
export const Close = {
  UNKNOWN_ERROR: 4000,
  UNKNOWN_OPCODE: 4001,
  DECODE_ERROR: 4002,
  NOT_AUTHENTICATED: 4003,
  AUTHENTICATION_FAILED: 4004,
  ALREADY_AUTHENTICATED: 4005,
  INVALID_SEQ: 4007,
  RATE_LIMITED: 4008,
  SESSION_TIMED_OUT: 4009,
  INVALID_SHARD: 4010,
  SHARDING_REQUIRED: 4011,
  INVALID_API_VERSION: 4012,
  INVALID_INTENTS: 4013,
  DISALLOWED_INTENTS: 4014,
} as const;

/** Any payload a client sends. */
export const inboundSchema = z.looseObject({
  op: z.number().int(),
  d: z.unknown().optional(),
});

/*
 * Inbound payloads are read as leniently as Discord reads them: optional fields may be null or
 * missing (libraries serialise unset options as null), snowflakes may come as strings or (when
 * JSON numbers) as the strings `parseDiscordJson` keeps them as.
 */

/** A snowflake: a decimal string, or a JSON number a client sent for one. */
const snowflake = z.union([
  z.string().regex(/^\d{1,20}$/),
  z
    .number()
    .int()
    .nonnegative()
    .transform((n) => String(n)),
]);
/** Missing and null both mean "not given". */
const optional = <S extends z.ZodType>(schema: S) =>
  schema
    .nullish()
    .transform((value): z.output<S> | undefined => (value === null ? undefined : (value ?? undefined)));
/** A boolean where null or missing means false, as Discord reads `self_mute`/`self_deaf`. */
const flag = z
  .boolean()
  .nullish()
  .transform((value) => value ?? false);

export const identifySchema = z.looseObject({
  token: z.string().min(1),
  intents: z.number(),
  properties: z.looseObject({}),
  shard: optional(z.tuple([z.number().int(), z.number().int()])),
  compress: optional(z.boolean()),
  large_threshold: optional(z.number().int().min(50).max(250)),
  presence: z.unknown().optional(),
});

export const resumeSchema = z.looseObject({
  token: z.string().min(1),
  session_id: z.string().min(1),
  seq: z.number().int().nullish(),
});

export const voiceStateSchema = z.looseObject({
  guild_id: snowflake,
  // Discord treats a missing channel_id like null: leave voice.
  channel_id: snowflake.nullish().transform((value) => value ?? null),
  self_mute: flag,
  self_deaf: flag,
});

export const requestMembersSchema = z.looseObject({
  guild_id: z.union([snowflake, z.array(snowflake)]),
  query: optional(z.string()),
  limit: z
    .number()
    .int()
    .min(0)
    .nullish()
    .transform((value) => value ?? 0),
  presences: optional(z.boolean()),
  user_ids: optional(z.union([snowflake, z.array(snowflake).max(100)])),
  // "If you send an invalid nonce it will be ignored" (Discord's docs): no close, no nonce echoed.
  nonce: z
    .unknown()
    .transform((value) => (typeof value === 'string' && value.length <= 32 ? value : undefined)),
});

/** Serialises an op other than DISPATCH. */
export function frame(op: number, d: unknown): string {
  return JSON.stringify({ op, d, s: null, t: null });
}
