import { z } from 'zod';
import { BusPayloadError } from './errors.ts';

/**
 * The wire format shared by every transport: JSON envelopes, one schema per channel kind.
 * The memory bus uses it too, so both transports accept and refuse exactly the same payloads.
 */

export const DEFAULT_KEY_PREFIX = 'gramophone:';

/** Topics, addresses, commands and instance ids end up in channel names: keep them tame. */
export const busNameSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .max(200, { error: 'must be at most 200 characters' })
  .regex(/^\S+$/, { error: 'must not contain whitespace' });

export const keyPrefixSchema = z
  .string()
  .max(100, { error: 'must be at most 100 characters' })
  .regex(/^\S*$/, { error: 'must not contain whitespace' });

/** Throws a TypeError naming what was wrong, for programming errors such as an empty topic. */
export function assertBusName(what: string, value: string): void {
  const result = busNameSchema.safeParse(value);
  if (!result.success) {
    throw new TypeError(`Bus ${what} "${value}" ${result.error.issues[0]?.message ?? 'is invalid'}`);
  }
}

export interface BusChannels {
  event(topic: string): string;
  command(address: string): string;
  reply(instanceId: string): string;
  readonly eventPrefix: string;
  readonly commandPrefix: string;
}

/** Channel names: `<prefix>evt:<topic>`, `<prefix>cmd:<address>`, `<prefix>reply:<instanceId>`. */
export function busChannels(keyPrefix: string): BusChannels {
  const eventPrefix = `${keyPrefix}evt:`;
  const commandPrefix = `${keyPrefix}cmd:`;
  return {
    eventPrefix,
    commandPrefix,
    event: (topic) => `${eventPrefix}${topic}`,
    command: (address) => `${commandPrefix}${address}`,
    reply: (instanceId) => `${keyPrefix}reply:${instanceId}`,
  };
}

const common = {
  v: z.literal(1),
  source: busNameSchema,
  correlationId: z.string().min(1).max(200).optional(),
};

export const eventEnvelopeSchema = z.object({
  ...common,
  kind: z.literal('event'),
  topic: busNameSchema,
  payload: z.unknown().optional(),
  publishedAt: z.number().int().nonnegative(),
});

export const commandEnvelopeSchema = z.object({
  ...common,
  kind: z.literal('command'),
  id: z.string().min(1).max(100),
  address: busNameSchema,
  command: busNameSchema,
  payload: z.unknown().optional(),
  sentAt: z.number().int().nonnegative(),
});

const replyCommon = {
  v: z.literal(1),
  kind: z.literal('reply'),
  id: z.string().min(1).max(100),
  source: busNameSchema,
};

export const replyEnvelopeSchema = z.discriminatedUnion('status', [
  z.object({ ...replyCommon, status: z.literal('ok'), payload: z.unknown().optional() }),
  z.object({
    ...replyCommon,
    status: z.literal('error'),
    error: z.object({
      code: z.string().min(1).max(100),
      message: z.string().max(2000),
      details: z.unknown().optional(),
    }),
  }),
  z.object({ ...replyCommon, status: z.literal('no_handler') }),
]);

export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;
export type CommandEnvelope = z.infer<typeof commandEnvelopeSchema>;
export type ReplyEnvelope = z.infer<typeof replyEnvelopeSchema>;

/** JSON text of an envelope; a payload JSON cannot carry becomes a BusPayloadError. */
export function encodeEnvelope(envelope: EventEnvelope | CommandEnvelope | ReplyEnvelope): string {
  try {
    return JSON.stringify(envelope);
  } catch (error) {
    const what = envelope.kind === 'event' ? `topic "${envelope.topic}"` : `command ${envelope.id}`;
    throw new BusPayloadError(
      `Bus payload for ${what} is not JSON-serializable: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses and validates one message; never throws (a peer's bad message must not crash us). */
export function decodeEnvelope<T>(schema: z.ZodType<T>, raw: string): DecodeResult<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    return { ok: false, reason: z.prettifyError(result.error) };
  }
  return { ok: true, value: result.data };
}
