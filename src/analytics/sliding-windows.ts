import { sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import { lockGuildAnalytics, rawCounters, type Transaction } from './counters.ts';
import type { AnalyticsRange } from './window.ts';

type SlidingScope = Exclude<AnalyticsRange, 'all'>;

/**
 * Keeps the counters of the sliding scopes (`1d`, `7d`, `30d`) in step with their window.
 *
 * A scope's counters hold every event that started since its `analytics_windows.starts_at`;
 * the recorders add new events to it. When a summary wants a later start (the clock moved into
 * a new hour), `moveTo` subtracts the events in between — an hour's worth, read from the raw
 * tables by their (guild, time) index — so reading a window never sums its history. A scope
 * never seen, or left behind by more than its length, is counted afresh from the raw rows.
 */
export class SlidingWindows {
  constructor(private readonly database: Pick<Database, 'db'>) {}

  /** Makes `scope`'s counters hold what started at or after `from`. */
  async moveTo(guildId: string, scope: SlidingScope, from: Date, lengthMs: number): Promise<void> {
    // The common case, a window already there, costs one indexed read and no lock.
    if (this.#isCurrent(await this.#start(guildId, scope), from)) return;
    await this.database.db.transaction(async (tx) => {
      await lockGuildAnalytics(tx, guildId);
      const start = await this.#start(guildId, scope, tx);
      if (this.#isCurrent(start, from)) return; // another request moved it meanwhile
      if (start && from.getTime() - start.getTime() < lengthMs) {
        await subtract(tx, guildId, scope, start, from);
      } else {
        await recount(tx, guildId, scope, from);
      }
      await tx.execute(sql`
        INSERT INTO analytics_windows (guild_id, scope, starts_at)
        VALUES (${guildId}, ${scope}, ${from.toISOString()}::timestamptz)
        ON CONFLICT (guild_id, scope) DO UPDATE SET starts_at = excluded.starts_at`);
    });
  }

  /**
   * Moving back is impossible (what left was subtracted); a window already ahead — another api
   * process whose clock crossed the hour first — is served as it is.
   */
  #isCurrent(start: Date | null, from: Date): boolean {
    return start !== null && start.getTime() >= from.getTime();
  }

  async #start(guildId: string, scope: SlidingScope, tx?: Transaction): Promise<Date | null> {
    // Epoch milliseconds: both drivers return a float8 as a number; timestamps they don't agree on.
    const result = await (tx ?? this.database.db).execute(
      sql`SELECT (extract(epoch FROM starts_at) * 1000)::float8 AS start_ms
        FROM analytics_windows WHERE guild_id = ${guildId} AND scope = ${scope}`,
    );
    const startMs = (result as unknown as { rows: { start_ms: number }[] }).rows[0]?.start_ms;
    return startMs === undefined ? null : new Date(Number(startMs));
  }
}

/**
 * Takes the events of `[from, until)` out of the scope's counters (they are all there: they
 * were counted while the window held them), then drops keys left at zero. An upsert of negative
 * counts finds each row by its primary key, whatever the table's statistics say.
 */
async function subtract(tx: Transaction, guildId: string, scope: string, from: Date, until: Date) {
  await tx.execute(sql`
    INSERT INTO analytics_counts AS counted (guild_id, scope, dimension, key, count, ms)
    SELECT ${guildId}, ${scope}, dimension, key, -count, -ms
    FROM (${rawCounters(guildId, from.toISOString(), until.toISOString())}) AS gone
    ON CONFLICT (guild_id, scope, dimension, key) DO UPDATE SET
      count = counted.count + excluded.count, ms = counted.ms + excluded.ms`);
  await tx.execute(sql`
    DELETE FROM analytics_counts WHERE guild_id = ${guildId} AND scope = ${scope}
      AND dimension IN ('track', 'artist', 'requester', 'hour', 'command') AND count <= 0`);
}

/** Counts the scope afresh: every event that started at or after `from`. */
async function recount(tx: Transaction, guildId: string, scope: string, from: Date) {
  await tx.execute(sql`DELETE FROM analytics_counts WHERE guild_id = ${guildId} AND scope = ${scope}`);
  await tx.execute(sql`
    INSERT INTO analytics_counts (guild_id, scope, dimension, key, count, ms)
    SELECT ${guildId}, ${scope}, dimension, key, count, ms
    FROM (${rawCounters(guildId, from.toISOString(), 'infinity')}) AS counted`);
}
