import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/*
 * Analytics (src/analytics). `play_events` (src/music/schema.ts) and `member_events`, `command_uses` below hold
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
