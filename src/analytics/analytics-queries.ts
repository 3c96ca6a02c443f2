import type { Database } from '../db/index.ts';
import type { Dimension, TrackLabel } from './counters.ts';
import type { AnalyticsRange, AnalyticsWindow } from './window.ts';

/** A counter's figures in a scope. */
export interface CountedKey {
  key: string;
  count: number;
  ms: number;
}

/** One row of `figures`: a counter, where it ranks in its list, and what names it. */
export interface FigureRow extends CountedKey {
  list: Dimension;
  /** From 1 in a top list (0 for hours); a bigint, so a string on some drivers. */
  rank: number | string;
  label: TrackLabel | null;
  name: string | null;
}

export type Figures = Record<Dimension, FigureRow[]>;

export interface MemberDayRow {
  day: string;
  joins: number;
  leaves: number;
  memberCount: number;
}

/**
 * The reads behind a summary: index ranges over a guild's counters (or, for members, at most a
 * window's days), so the cost doesn't grow with the guild's history. The sliding scopes must
 * have been moved to the window first (`SlidingWindows.moveTo`).
 */
export class AnalyticsQueries {
  constructor(private readonly database: Pick<Database, 'query'>) {}

  /**
   * Everything a summary counts, in one statement: the 24 hours of the day, and the top
   * `limit` tracks (with their labels), artists, requesters (with their names) and
   * `commandLimit` commands, each list an index scan in order (`rank` from 1).
   */
  async figures(
    guildId: string,
    scope: AnalyticsRange,
    limit: number,
    commandLimit: number,
  ): Promise<Figures> {
    const ranked = (dimension: Dimension, limitParam: string) => `(
      SELECT key, count::float8 AS count, ms::float8 AS ms,
        row_number() OVER (ORDER BY c.count DESC NULLS LAST, key) AS rank
      FROM analytics_counts AS c WHERE guild_id = $1 AND scope = $2 AND dimension = '${dimension}'
      ORDER BY c.count DESC NULLS LAST, key LIMIT ${limitParam})`;
    const { rows } = await this.database.query<FigureRow>(
      `SELECT 'hour' AS list, key, count::float8 AS count, ms::float8 AS ms, 0::bigint AS rank,
         NULL::jsonb AS label, NULL::text AS name
       FROM analytics_counts WHERE guild_id = $1 AND scope = $2 AND dimension = 'hour'
       UNION ALL
       SELECT 'track', t.key, t.count, t.ms, t.rank, labelled.label, NULL
       FROM ${ranked('track', '$3')} AS t
       LEFT JOIN analytics_counts AS labelled ON labelled.guild_id = $1 AND labelled.scope = 'all'
         AND labelled.dimension = 'track' AND labelled.key = t.key
       UNION ALL
       SELECT 'artist', key, count, ms, rank, NULL, NULL FROM ${ranked('artist', '$3')} AS t
       UNION ALL
       SELECT 'requester', t.key, t.count, t.ms, t.rank, NULL, coalesce(u.global_name, u.username)
       FROM ${ranked('requester', '$3')} AS t LEFT JOIN users AS u ON u.id = t.key
       UNION ALL
       SELECT 'command', key, count, ms, rank, NULL, NULL FROM ${ranked('command', '$4')} AS t`,
      [guildId, scope, limit, commandLimit],
    );
    const figures: Figures = { hour: [], track: [], artist: [], requester: [], command: [] };
    for (const row of rows) figures[row.list].push(row);
    for (const list of Object.values(figures)) list.sort((a, b) => Number(a.rank) - Number(b.rank));
    return figures;
  }

  /**
   * Joins, leaves and the member count at each day's last event, oldest first: the daily
   * rollup for the window's whole days, the raw events for the rest (see `AnalyticsWindow`).
   * For `all`, by month (`day` the month's first), so years of history stay a short series.
   */
  async memberDays(guildId: string, window: AnalyticsWindow): Promise<MemberDayRow[]> {
    if (!window.from) {
      const { rows } = await this.database.query<MemberDayRow>(
        `SELECT to_char(date_trunc('month', day::timestamp), 'YYYY-MM-DD') AS day,
           sum(joins)::int AS joins, sum(leaves)::int AS leaves,
           (array_agg(member_count ORDER BY day DESC))[1] AS "memberCount"
         FROM analytics_member_daily WHERE guild_id = $1 GROUP BY 1 ORDER BY 1`,
        [guildId],
      );
      return rows;
    }
    const columns = `to_char(day, 'YYYY-MM-DD') AS day, joins, leaves, member_count AS "memberCount"`;
    const { rows } = await this.database.query<MemberDayRow>(
      `SELECT ${columns} FROM analytics_member_daily
       WHERE guild_id = $1 AND day >= $5::date AND day < $6::date
       UNION ALL
       SELECT to_char((at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD'),
         (count(*) FILTER (WHERE kind = 'join'))::int, (count(*) FILTER (WHERE kind = 'leave'))::int,
         (array_agg(member_count ORDER BY at DESC, id DESC))[1]
       FROM member_events
       WHERE guild_id = $1 AND ((at >= $2::timestamptz AND at < $3::timestamptz) OR at >= $4::timestamptz)
       GROUP BY 1
       ORDER BY 1`,
      [
        guildId,
        window.from.toISOString(),
        window.rawGapFrom.toISOString(),
        window.rawGapUntil.toISOString(),
        window.wholeDaysFrom,
        window.wholeDaysUntil,
      ],
    );
    return rows;
  }

  /** The member count after the guild's latest join or leave, or null when none was seen. */
  async currentMemberCount(guildId: string): Promise<number | null> {
    const { rows } = await this.database.query<{ memberCount: number }>(
      `SELECT member_count AS "memberCount" FROM analytics_member_daily
       WHERE guild_id = $1 ORDER BY day DESC LIMIT 1`,
      [guildId],
    );
    return rows[0]?.memberCount ?? null;
  }
}
