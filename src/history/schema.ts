import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { users } from '../db/schema.ts';

/**
 * The listening history's tables: one migration history for all (drizzle/), see src/db/schema.ts.
 * A user's listens point into a normalised catalogue shared by every user, so statistics group
 * by integer ids, not by strings. Design: docs/architecture.md "Listening history".
 */

/**
 * An artist, keyed by its normalised name (`catalogue-keys.ts`): the same artist reached with a
 * Spotify id (polling, export) and by name only (voice, ListenBrainz) is one row, which is what
 * per-artist statistics need. `spotifyId` is the first one seen.
 */
export const historyArtists = pgTable('history_artists', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  key: text('key').notNull().unique('history_artists_key_unique'),
  name: text('name').notNull(),
  spotifyId: text('spotify_id'),
});

/** An album, keyed by its normalised album artist + title. */
export const historyAlbums = pgTable('history_albums', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  key: text('key').notNull().unique('history_albums_key_unique'),
  title: text('title').notNull(),
  artistName: text('artist_name').notNull(),
  spotifyId: text('spotify_id'),
});

/**
 * A track: keyed `spotify:<id>` when a source knows its Spotify id, else by its normalised
 * main artist + title. `nameKey` is that normalised artist + title for every track, so
 * statistics can merge a Spotify track with the same song heard in voice.
 */
export const historyTracks = pgTable(
  'history_tracks',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull().unique('history_tracks_key_unique'),
    nameKey: text('name_key').notNull(),
    title: text('title').notNull(),
    /** The artists as credited, joined with ", " (the display line; the rows are in history_track_artists). */
    artistLine: text('artist_line').notNull(),
    albumId: bigint('album_id', { mode: 'number' }).references(() => historyAlbums.id),
    durationMs: integer('duration_ms'),
    spotifyId: text('spotify_id'),
    isrc: text('isrc'),
  },
  (table) => [index('history_tracks_name_key_idx').on(table.nameKey)],
);

/** A track's artists in credit order (position 0 is the main artist). */
export const historyTrackArtists = pgTable(
  'history_track_artists',
  {
    trackId: bigint('track_id', { mode: 'number' })
      .notNull()
      .references(() => historyTracks.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    artistId: bigint('artist_id', { mode: 'number' })
      .notNull()
      .references(() => historyArtists.id),
  },
  (table) => [
    primaryKey({ columns: [table.trackId, table.position] }),
    index('history_track_artists_artist_idx').on(table.artistId),
  ],
);

/**
 * One listen of one user. `identity` (listen-identity.ts) is unique: every ingestion path
 * inserts with ON CONFLICT DO NOTHING on it, so the same play arriving twice is stored once.
 * `playedAt` is when the play started. Deleting a user deletes their listens.
 */
export const historyListens = pgTable(
  'history_listens',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    identity: text('identity').notNull(),
    trackId: bigint('track_id', { mode: 'number' })
      .notNull()
      .references(() => historyTracks.id),
    playedAt: timestamp('played_at', { withTimezone: true, precision: 3 }).notNull(),
    msPlayed: integer('ms_played'),
    source: text('source').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('history_listens_identity_idx').on(table.identity),
    // The log's pages and every per-period statistic: one user's listens in time order.
    index('history_listens_user_played_idx').on(table.userId, table.playedAt, table.id),
    // Top tracks/albums/artists of a user: grouped by track without touching other users.
    index('history_listens_user_track_idx').on(table.userId, table.trackId),
  ],
);

/** A user's history preferences; no row means the defaults (voice history off). */
export const historySettings = pgTable('history_settings', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** Whether the voice plays they hear become listens (off until they opt in). */
  voiceHistory: boolean('voice_history').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
