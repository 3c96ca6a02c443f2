import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The tables. Every change here is followed by `npm run db:generate`, which writes a new SQL
 * migration under `drizzle/`; those files are committed and applied by `gramophone migrate`.
 */

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** A Discord guild the bot has seen. `leftAt` is set while the bot is not in it. */
export const guilds = pgTable('guilds', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  icon: text('icon'),
  ownerId: text('owner_id'),
  joinedAt: timestamp('joined_at', { withTimezone: true }),
  leftAt: timestamp('left_at', { withTimezone: true }),
  ...timestamps,
});

/**
 * A guild's settings as one validated document (see `src/settings`). `revision` grows with
 * each write so concurrent editors can detect that they raced.
 */
export const guildSettings = pgTable('guild_settings', {
  guildId: text('guild_id')
    .primaryKey()
    .references(() => guilds.id, { onDelete: 'cascade' }),
  data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
  revision: integer('revision').notNull().default(1),
  updatedBy: text('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A Discord user who logged in to the panel or used the bot. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  username: text('username').notNull(),
  globalName: text('global_name'),
  avatar: text('avatar'),
  /** Discord's locale for the user, refreshed at every login. */
  locale: text('locale'),
  /** The language the user chose in the panel (`en`, `de`, …); a login leaves it alone. */
  panelLocale: text('panel_locale'),
  ...timestamps,
});

/** Who changed what in a guild, with the before/after of each changed field. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    guildId: text('guild_id')
      .notNull()
      .references(() => guilds.id, { onDelete: 'cascade' }),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    target: text('target'),
    changes: jsonb('changes').notNull().default(sql`'{}'::jsonb`),
    requestId: text('request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('audit_log_guild_created_idx').on(table.guildId, table.createdAt.desc(), table.id.desc()),
  ],
);

/**
 * A control panel login. The cookie holds a random 256-bit secret; only its SHA-256 is stored,
 * so a database leak does not hand out sessions. `id` is the public handle (listing, revoking).
 * The user's Discord tokens live here, server-side only, to list their guilds.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    userAgent: text('user_agent'),
    discordAccessToken: text('discord_access_token').notNull(),
    discordRefreshToken: text('discord_refresh_token'),
    discordTokenExpiresAt: timestamp('discord_token_expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('sessions_user_idx').on(table.userId)],
);

/**
 * An OAuth2 login in progress: the state (hashed) and its PKCE verifier, kept until the
 * callback or a few minutes at most.
 */
export const oauthLoginAttempts = pgTable('oauth_login_attempts', {
  stateHash: text('state_hash').primaryKey(),
  codeVerifier: text('code_verifier').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

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

/** A user's playlist; `guildId` set means it is shared with that guild's members. */
export const playlists = pgTable(
  'playlists',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ownerId: text('owner_id').notNull(),
    name: text('name').notNull(),
    sharedGuildId: text('shared_guild_id'),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('playlists_owner_name_idx').on(table.ownerId, table.name),
    index('playlists_shared_guild_idx').on(table.sharedGuildId),
  ],
);

/** The tracks of a playlist in order (`position` from 0, kept dense). */
export const playlistTracks = pgTable(
  'playlist_tracks',
  {
    playlistId: bigint('playlist_id', { mode: 'number' })
      .notNull()
      .references(() => playlists.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    encoded: text('encoded').notNull(),
    info: jsonb('info').notNull(),
  },
  (table) => [primaryKey({ columns: [table.playlistId, table.position] })],
);

/*
 * Analytics (src/analytics). `play_events` above and `member_events`, `command_uses` below hold
 * the raw facts. The panel's figures come from counters kept up to date in the same
 * transaction as each raw insert, so a summary reads a few dozen rows, not a guild's history:
 * - `analytics_counts`: per guild, scope and dimension (`track`, `artist`, `requester`,
 *   `hour` of day UTC, `command`) and key, a count and milliseconds. Scope `all` counts
 *   everything; scopes `1d`, `7d`, `30d` count what started since their `analytics_windows`
 *   start, which moves forward hour by hour (the events that left are subtracted when a summary
 *   asks). A top ten is then an index scan, whatever the history.
 * - `analytics_member_daily`: joins, leaves and the member count at the day's last event.
 * `rebuildRollups(guildId)` recomputes a guild's counters from the raw rows.
 */

/** Counters per guild, scope (`all`, `1d`, `7d`, `30d`), dimension and key. */
export const analyticsCounts = pgTable(
  'analytics_counts',
  {
    guildId: text('guild_id').notNull(),
    scope: text('scope').notNull(),
    dimension: text('dimension').notNull(),
    key: text('key').notNull(),
    count: integer('count').notNull().default(0),
    ms: bigint('ms', { mode: 'number' }).notNull().default(0),
    /** What a key alone does not say: a track's title, author and URI as last played (scope `all`). */
    label: jsonb('label'),
  },
  (table) => [
    primaryKey({ columns: [table.guildId, table.scope, table.dimension, table.key] }),
    index('analytics_counts_top_idx').on(
      table.guildId,
      table.scope,
      table.dimension,
      table.count.desc(),
      table.key,
    ),
  ],
);

/** Where each sliding scope of a guild starts: its counters hold what started since. */
export const analyticsWindows = pgTable(
  'analytics_windows',
  {
    guildId: text('guild_id').notNull(),
    scope: text('scope').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.guildId, table.scope] })],
);

/** A member joined or left a guild; `memberCount` is the guild's count after it. */
export const memberEvents = pgTable(
  'member_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    kind: text('kind').notNull(),
    memberCount: integer('member_count').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('member_events_guild_at_idx').on(table.guildId, table.at)],
);

/** Joins, leaves and the member count after the day's last event, per guild per UTC day. */
export const analyticsMemberDaily = pgTable(
  'analytics_member_daily',
  {
    guildId: text('guild_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    joins: integer('joins').notNull().default(0),
    leaves: integer('leaves').notNull().default(0),
    memberCount: integer('member_count').notNull(),
    lastEventAt: timestamp('last_event_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.guildId, table.day] })],
);

/** A slash command someone used in a guild. */
export const commandUses = pgTable(
  'command_uses',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    guildId: text('guild_id').notNull(),
    userId: text('user_id').notNull(),
    command: text('command').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (table) => [index('command_uses_guild_at_idx').on(table.guildId, table.at)],
);
