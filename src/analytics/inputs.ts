import { z } from 'zod';

const discordId = z.string().regex(/^\d{15,21}$/, { error: 'must be a Discord id' });
const wholeMs = z.number().int().min(0);

/**
 * A track's length as Lavalink reports it. Streams report Java's Long.MAX_VALUE, which a JS
 * number can't hold exactly (nor a PostgreSQL bigint once rounded up): anything beyond 2^53 is
 * stored as 0, "unknown length", the way Lavalink itself says 0 for some streams.
 */
const trackLength = z
  .number()
  .min(0)
  .refine((length) => Number.isInteger(length), { error: 'must be whole milliseconds' })
  .transform((length) => (length > Number.MAX_SAFE_INTEGER ? 0 : length));

/**
 * What the music bot reports when a play ends. It is shaped like the bot's own finished play
 * (`track` is a queued track: Lavalink's `info` plus who asked), so the bot can pass that
 * object as it is; unknown fields are ignored.
 */
export const playEventInputSchema = z
  .object({
    guildId: discordId,
    track: z.object({
      info: z.object({
        title: z.string().max(1000),
        author: z.string().max(1000),
        uri: z.string().max(2000).nullable().default(null),
        identifier: z.string().min(1).max(1000),
        sourceName: z.string().min(1).max(100),
        length: trackLength,
      }),
      /** Null for tracks nobody asked for (autoplay). */
      requesterId: discordId.nullable(),
    }),
    /** Who was in the voice channel (the bot excluded) when the play started. */
    listenerIds: z.array(discordId).max(10_000).default([]),
    /** Defaults to `listenerIds.length`; larger when the id list was capped. */
    listenerCount: wholeMs.optional(),
    startedAt: z.date(),
    endedAt: z.date(),
    msPlayed: wholeMs,
    /** How it ended: `finished`, `skipped`, `stopped`, `failed`, `left`… */
    endReason: z.string().regex(/^[a-z_]{1,32}$/, { error: 'must be a short lower-case word' }),
  })
  .refine((play) => play.endedAt.getTime() >= play.startedAt.getTime(), {
    error: 'must not be before startedAt',
    path: ['endedAt'],
  });

/** The recorder's input (see `playEventInputSchema`). */
export type PlayEventInput = z.input<typeof playEventInputSchema>;
export type PlayEvent = z.output<typeof playEventInputSchema>;

export const memberEventInputSchema = z.object({
  guildId: discordId,
  userId: discordId,
  kind: z.enum(['join', 'leave']),
  /** The guild's member count after this join or leave. */
  memberCount: wholeMs,
  at: z.date(),
});
export type MemberEventInput = z.input<typeof memberEventInputSchema>;

export const commandUseInputSchema = z.object({
  guildId: discordId,
  userId: discordId,
  /** The command as typed, subcommand included: `play`, `playlist add`. */
  command: z.string().trim().min(1).max(100),
  at: z.date(),
});
export type CommandUseInput = z.input<typeof commandUseInputSchema>;
