import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
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

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A user's linked account at an outside service (`spotify`, `listenbrainz`, `lastfm`). Tokens
 * are sealed with the panel's TokenCipher (SECRET_KEY, as the Discord tokens are) and bound to
 * this row; unlinking deletes the row. For Spotify it also holds the archive's cursor and the
 * per-user circuit breaker, so a round reads and advances them in the listens' transaction.
 */
export const historyLinks = pgTable(
  'history_links',
  {
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    service: text('service').notNull(),
    /** The account's name there (Spotify user id, ListenBrainz user_name, Last.fm user). */
    externalName: text('external_name'),
    /** Sealed: Spotify access token, ListenBrainz user token, Last.fm session key. */
    accessToken: text('access_token').notNull(),
    /** Sealed Spotify refresh token (kept when Spotify rotates it). */
    refreshToken: text('refresh_token'),
    accessExpiresAt: at('access_expires_at'),
    linkedAt: at('linked_at').notNull().defaultNow(),
    /** Spotify: `played_at` (ms) of the newest stored play, the next round's `after`. */
    cursorMs: bigint('cursor_ms', { mode: 'number' }),
    lastArchivedAt: at('last_archived_at'),
    /** `healthy`, `needs-relink` (see stateReason), or `paused` by the circuit breaker. */
    state: text('state').notNull().default('healthy'),
    stateReason: text('state_reason'),
    /** When the user was told the link needs re-linking (told once). */
    relinkNoticeAt: at('relink_notice_at'),
    consecutiveFailures: integer('consecutive_failures').notNull().default(0),
    /** The breaker is open until then; a round after it is the half-open try. */
    breakerOpenUntil: at('breaker_open_until'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.service] }),
    index('history_links_service_idx').on(table.service, table.state),
  ],
);

/**
 * An OAuth or web-auth attempt in flight: the `state` sent to the service, its PKCE verifier
 * (sealed), and when it expires. Used once: a replayed callback finds `usedAt` set.
 */
export const historyLinkAttempts = pgTable('history_link_attempts', {
  state: text('state').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  service: text('service').notNull(),
  codeVerifier: text('code_verifier'),
  createdAt: at('created_at').notNull().defaultNow(),
  expiresAt: at('expires_at').notNull(),
  usedAt: at('used_at'),
});

/**
 * An uploaded history file and its import: where the parse stopped (`positionFile`,
 * `positionRow`) and the counts so far, written in the same transaction as each batch's listens,
 * so a restarted job resumes exactly there. read = added + present + skipped.
 */
export const historyImports = pgTable(
  'history_imports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    /** The upload on disk (under DATA_DIR), deleted once the import ends. */
    storedPath: text('stored_path').notNull(),
    bytesTotal: bigint('bytes_total', { mode: 'number' }).notNull(),
    /** `queued`, `running`, `done`, `failed`. */
    status: text('status').notNull().default('queued'),
    positionFile: text('position_file'),
    positionRow: integer('position_row'),
    rowsRead: integer('rows_read').notNull().default(0),
    added: integer('added').notNull().default(0),
    present: integer('present').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    /** Skips by reason, and the first few with their file and line. */
    skippedDetail: jsonb('skipped_detail').notNull().default({}),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    finishedAt: at('finished_at'),
  },
  (table) => [index('history_imports_user_idx').on(table.userId, table.createdAt)],
);

/**
 * The scrobble outbox: one row per voice listen and service it must reach. A row is marked
 * `sent` in the transaction that follows the service's acceptance, so a retry never sends it
 * twice; `pending` rows wait out `nextAttemptAt` (backoff, Retry-After).
 */
export const historyScrobbles = pgTable(
  'history_scrobbles',
  {
    listenId: bigint('listen_id', { mode: 'number' })
      .notNull()
      .references(() => historyListens.id, { onDelete: 'cascade' }),
    service: text('service').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** `pending`, `sent`, `dropped` (refused for good: the reason is in lastError). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    sentAt: at('sent_at'),
    lastError: text('last_error'),
  },
  (table) => [
    primaryKey({ columns: [table.listenId, table.service] }),
    index('history_scrobbles_due_idx').on(table.status, table.nextAttemptAt),
  ],
);
