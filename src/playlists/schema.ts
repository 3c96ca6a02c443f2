import { bigint, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { timestamps } from '../db/schema.ts';

/** The playlists capability's tables: one migration history for all (drizzle/), see src/db/schema.ts. */

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
