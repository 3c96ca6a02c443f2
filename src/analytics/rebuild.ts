import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import { lockGuildAnalytics, rawCounters } from './counters.ts';

/**
 * Recomputes a guild's counters and member days from its raw rows (`play_events`,
 * `member_events`, `command_uses`), in one transaction that holds the guild's analytics lock,
 * so what is recorded meanwhile waits and is then added on top. Scope `all` and the member
 * days are rebuilt at once; the sliding scopes are dropped and counted afresh by the next
 * summary that asks for them. Track labels are those of each track's last recorded play.
 *
 * For operators after a bulk import or a manual fix of raw rows, and for the benchmark that
 * seeds a million plays with SQL. Cost grows with the guild's history (seconds per million
 * plays).
 */
export async function rebuildRollups(database: Pick<Database, 'db'>, guildId: string): Promise<void> {
  await database.db.transaction(async (tx) => {
    await lockGuildAnalytics(tx, guildId);
    for (const table of ['analytics_counts', 'analytics_windows', 'analytics_member_daily']) {
      await tx.execute(sql`DELETE FROM ${sql.identifier(table)} WHERE guild_id = ${guildId}`);
    }
    // Labels by primary key, one lookup per track: no plan depends on statistics of rows just written.
    await tx.execute(sql`
      INSERT INTO analytics_counts (guild_id, scope, dimension, key, count, ms, label)
      SELECT ${guildId}, 'all', dimension, key, count, ms,
        CASE WHEN dimension = 'track' THEN (
          SELECT jsonb_build_object('title', track_title, 'author', track_author, 'uri', track_uri)
          FROM play_events WHERE id = counted.latest_id
        ) END
      FROM (${rawCounters(guildId, '-infinity', 'infinity')}) AS counted`);
    await tx.execute(sql`
      INSERT INTO analytics_member_daily (guild_id, day, joins, leaves, member_count, last_event_at)
      SELECT guild_id, (at AT TIME ZONE 'UTC')::date,
        count(*) FILTER (WHERE kind = 'join'), count(*) FILTER (WHERE kind = 'leave'),
        (array_agg(member_count ORDER BY at DESC, id DESC))[1], max(at)
      FROM member_events WHERE guild_id = ${guildId} GROUP BY 1, 2`);
  });
}
