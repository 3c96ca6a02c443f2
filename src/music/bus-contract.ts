import { z } from 'zod';
import { queueOperationSchema } from './contract.ts';

/**
 * The music bot's bus contract: the panel (or any role) reads and changes a guild's queue
 * only through these commands, sent to the gateway address; the gateway applies the same
 * checks as the slash commands, for the acting user's id.
 */
export const MUSIC_SNAPSHOT_COMMAND = 'music.snapshot';
export const MUSIC_OPERATION_COMMAND = 'music.operation';
/** Loads one of the acting user's playlists (or one shared with the guild) into the queue, as `/playlist load`. */
export const MUSIC_PLAYLIST_COMMAND = 'music.playlist';
/** What the connected audio nodes can play (`playableSourcesSchema`, contract.ts); no payload. */
export const MUSIC_SOURCES_COMMAND = 'music.sources';
/** Topic of every queue and player change (`musicQueueEventSchema`, contract.ts). */
export const MUSIC_QUEUE_TOPIC = 'music.queue';

const snowflake = z.string().regex(/^\d{15,21}$/);

export const musicSnapshotRequestSchema = z.object({ guildId: snowflake });
export const musicOperationRequestSchema = z.object({
  guildId: snowflake,
  userId: snowflake,
  operation: queueOperationSchema,
  /**
   * The panel's summon: the voice channel the bot joins for a `join` or for an `add` that finds
   * no player, instead of the acting user's own (who need not be in voice). Only for members who
   * manage the server; the gateway checks the channel is a voice channel the bot may join.
   */
  voiceChannelId: snowflake.optional(),
});
export type MusicOperationRequest = z.infer<typeof musicOperationRequestSchema>;

/** Replied to with a `musicOperationReplySchema` answer (contract.ts), as an `add`. */
export const musicPlaylistRequestSchema = z.object({
  guildId: snowflake,
  userId: snowflake,
  playlistId: z.number().int().positive(),
  next: z.boolean().optional(),
  /** The panel's summon, as for an `add`: where the bot joins when it is in no voice channel. */
  voiceChannelId: snowflake.optional(),
});
export type MusicPlaylistRequest = z.infer<typeof musicPlaylistRequestSchema>;
