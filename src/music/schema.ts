import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The music capability's tables: one migration history for all (drizzle/), see src/db/schema.ts. */

/**
 * A guild's music player as the gateway last left it: the whole queue (played tracks stay, so
 * `back` works; `currentIndex` points into `tracks`), where the current track was, and what
 * the player sounded like. Written on every change and the position at least every few
 * seconds, so a restarted gateway or a new audio node resumes from here. The track list is
 * one jsonb value: PostgreSQL keeps it in TOAST, so the frequent position-only updates do not
 * rewrite it.
 */
export const musicPlayers = pgTable('music_players', {
  guildId: text('guild_id').primaryKey(),
  voiceChannelId: text('voice_channel_id'),
  textChannelId: text('text_channel_id'),
  tracks: jsonb('tracks').notNull().default(sql`'[]'::jsonb`),
  currentIndex: integer('current_index').notNull().default(-1),
  positionMs: integer('position_ms').notNull().default(0),
  positionAt: timestamp('position_at', { withTimezone: true }).notNull().defaultNow(),
  paused: boolean('paused').notNull().default(false),
  loop: text('loop').notNull().default('off'),
  volume: integer('volume').notNull().default(100),
  filterPreset: text('filter_preset'),
  autoplay: boolean('autoplay').notNull().default(false),
  nowPlayingMessageId: text('now_playing_message_id'),
  revision: integer('revision').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One play that ended: what, who asked, who listened, for how long and why it ended. The raw
 * facts behind analytics and listening history.
 */
export const playEvents = pgTable(
  'play_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    guildId: text('guild_id').notNull(),
    trackTitle: text('track_title').notNull(),
    trackAuthor: text('track_author').notNull(),
    trackUri: text('track_uri'),
    trackIdentifier: text('track_identifier').notNull(),
    sourceName: text('source_name').notNull(),
    trackLengthMs: bigint('track_length_ms', { mode: 'number' }).notNull(),
    requesterId: text('requester_id'),
    listenerIds: jsonb('listener_ids').notNull().default(sql`'[]'::jsonb`),
    listenerCount: integer('listener_count').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    msPlayed: bigint('ms_played', { mode: 'number' }).notNull(),
    endReason: text('end_reason').notNull(),
  },
  (table) => [
    index('play_events_guild_started_idx').on(table.guildId, table.startedAt),
    index('play_events_requester_started_idx').on(table.requesterId, table.startedAt),
  ],
);
