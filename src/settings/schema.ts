import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { guilds } from '../db/schema.ts';

/** The settings capability's tables: one migration history for all (drizzle/), see src/db/schema.ts. */

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
    /** The caller's `X-Request-Id`, when they sent one: theirs, recorded apart from ours. */
    callerRequestId: text('caller_request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('audit_log_guild_created_idx').on(table.guildId, table.createdAt.desc(), table.id.desc()),
  ],
);
