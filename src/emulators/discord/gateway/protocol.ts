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

export const identifySchema = z.looseObject({
  token: z.string().min(1),
  intents: z.number(),
  properties: z.looseObject({}),
  shard: z.tuple([z.number().int(), z.number().int()]).optional(),
  compress: z.boolean().optional(),
  large_threshold: z.number().int().min(50).max(250).optional(),
  presence: z.unknown().optional(),
});

export const resumeSchema = z.looseObject({
  token: z.string().min(1),
  session_id: z.string().min(1),
  seq: z.number().int().nullable(),
});

export const voiceStateSchema = z.looseObject({
  guild_id: z.string(),
  channel_id: z.string().nullable(),
  self_mute: z.boolean().default(false),
  self_deaf: z.boolean().default(false),
});

export const requestMembersSchema = z.looseObject({
  guild_id: z.union([z.string(), z.array(z.string())]),
  query: z.string().optional(),
  limit: z.number().int().min(0).default(0),
  presences: z.boolean().optional(),
  user_ids: z.union([z.string(), z.array(z.string()).max(100)]).optional(),
  nonce: z.string().max(32).optional(),
});

/** Serialises an op other than DISPATCH. */
export function frame(op: number, d: unknown): string {
  return JSON.stringify({ op, d, s: null, t: null });
}
