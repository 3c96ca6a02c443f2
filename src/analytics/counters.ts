import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';

export type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];

export const dimensions = ['track', 'artist', 'requester', 'hour', 'command'] as const;
export type Dimension = (typeof dimensions)[number];

/** A track's title, author and URI: what its key alone does not say. */
export interface TrackLabel {
  title: string;
  author: string;
  uri: string | null;
}

/** One counter an event adds to. */
export interface Counter {
  dimension: Dimension;
  key: string;
  count: number;
  ms: number;
  label: TrackLabel | null;
}

/** A track's key: the same track from another source is another track. */
export function trackKey(sourceName: string, identifier: string): string {
  return `${sourceName}:${identifier}`;
}

/**
 * Takes the guild's analytics lock until the transaction ends. Every write to a guild's
 * counters holds it (recording, moving a window, rebuilding), so they apply one after another
 * and none is counted twice or lost.
 */
export async function lockGuildAnalytics(tx: Transaction, guildId: string): Promise<void> {
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${`gramophone.analytics:${guildId}`}, 0))`,
  );
}

/**
 * Adds counters of an event that started at `at` to scope `all` and to every sliding scope
 * whose window has started by then. Labels are kept on scope `all` only.
 */
export async function addCounters(
  tx: Transaction,
  guildId: string,
  at: Date,
  counters: Counter[],
): Promise<void> {
  const values = sql.join(
    counters.map(
      (c) =>
        sql`(${c.dimension}::text, ${c.key}::text, ${c.count}::int, ${c.ms}::bigint, ${c.label ? JSON.stringify(c.label) : null}::jsonb)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    INSERT INTO analytics_counts AS counted (guild_id, scope, dimension, key, count, ms, label)
    SELECT ${guildId}, scopes.scope, c.dimension, c.key, c.count, c.ms, CASE WHEN scopes.scope = 'all' THEN c.label END
    FROM (VALUES ${values}) AS c (dimension, key, count, ms, label)
    CROSS JOIN (
      SELECT 'all'::text AS scope
      UNION ALL
      SELECT scope FROM analytics_windows WHERE guild_id = ${guildId} AND starts_at <= ${at.toISOString()}::timestamptz
    ) AS scopes
    ON CONFLICT (guild_id, scope, dimension, key) DO UPDATE SET
      count = counted.count + excluded.count,
      ms = counted.ms + excluded.ms,
      label = coalesce(excluded.label, counted.label)`);
}

/**
 * The counters of every raw event that started in `[from, until)` (ISO instants, or
 * `-infinity` / `infinity`), as rows `(dimension, key, count, ms, latest_id)`: the recorders'
 * counters, computed in bulk. `latest_id` is the key's last recorded raw row (for labels).
 */
export function rawCounters(guildId: string, from: string, until: string): SQL {
  const played = sql`guild_id = ${guildId} AND started_at >= ${from}::timestamptz AND started_at < ${until}::timestamptz`;
  const figures = sql`count(*)::int AS count, sum(ms_played)::bigint AS ms, max(id) AS latest_id`;
  return sql`
    SELECT 'track' AS dimension, source_name || ':' || track_identifier AS key, ${figures}
    FROM play_events WHERE ${played} GROUP BY 2
    UNION ALL
    SELECT 'artist', track_author, ${figures} FROM play_events WHERE ${played} GROUP BY 2
    UNION ALL
    SELECT 'requester', requester_id, ${figures} FROM play_events WHERE ${played} AND requester_id IS NOT NULL GROUP BY 2
    UNION ALL
    SELECT 'hour', extract(hour FROM started_at AT TIME ZONE 'UTC')::int::text, ${figures}
    FROM play_events WHERE ${played} GROUP BY 2
    UNION ALL
    SELECT 'command', command, count(*)::int, 0::bigint, max(id) FROM command_uses
    WHERE guild_id = ${guildId} AND at >= ${from}::timestamptz AND at < ${until}::timestamptz GROUP BY 2`;
}
