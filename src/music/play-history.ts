import { and, count, desc, eq, gte, ilike, isNotNull, max, ne, or } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { playEvents } from './schema.ts';

/** One play as /history lists it. */
export interface PastPlay {
  title: string;
  author: string;
  uri: string | null;
  requesterId: string | null;
  startedAt: Date;
  endReason: string;
}

/** A track played in the guild, with a link the audio node can load again. */
export interface RecentTrack {
  title: string;
  author: string;
  uri: string;
}

/** A track the guild played often, with a link the audio node can load again. */
export interface FrequentTrack {
  sourceName: string;
  identifier: string;
  uri: string;
  title: string;
  plays: number;
}

/**
 * Reads a guild's listening history from `play_events` (a row is written when a play ends).
 * Both queries go through the `(guild_id, started_at)` index.
 */
export class PlayHistory {
  constructor(private readonly db: Db) {}

  /** The guild's plays, most recent first. */
  async recent(guildId: string, page: { offset: number; limit: number }): Promise<PastPlay[]> {
    return this.db
      .select({
        title: playEvents.trackTitle,
        author: playEvents.trackAuthor,
        uri: playEvents.trackUri,
        requesterId: playEvents.requesterId,
        startedAt: playEvents.startedAt,
        endReason: playEvents.endReason,
      })
      .from(playEvents)
      .where(eq(playEvents.guildId, guildId))
      .orderBy(desc(playEvents.startedAt), desc(playEvents.id))
      .offset(page.offset)
      .limit(page.limit);
  }

  /**
   * The guild's tracks played most recently (one row per source and identifier), those with a
   * link only; with `containing`, those whose title or author contains it (any case). For
   * /play's suggestions.
   */
  async recentTracks(
    guildId: string,
    options: { containing: string; limit: number },
  ): Promise<RecentTrack[]> {
    const pattern = `%${options.containing.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db
      .select({
        title: max(playEvents.trackTitle),
        author: max(playEvents.trackAuthor),
        uri: max(playEvents.trackUri),
      })
      .from(playEvents)
      .where(
        and(
          eq(playEvents.guildId, guildId),
          isNotNull(playEvents.trackUri),
          options.containing
            ? or(ilike(playEvents.trackTitle, pattern), ilike(playEvents.trackAuthor, pattern))
            : undefined,
        ),
      )
      .groupBy(playEvents.sourceName, playEvents.trackIdentifier)
      .orderBy(desc(max(playEvents.startedAt)))
      .limit(options.limit);
    return rows.map((row) => ({ title: row.title ?? '', author: row.author ?? '', uri: row.uri ?? '' }));
  }

  async count(guildId: string): Promise<number> {
    const [row] = await this.db
      .select({ plays: count() })
      .from(playEvents)
      .where(eq(playEvents.guildId, guildId));
    return row?.plays ?? 0;
  }

  /**
   * The tracks played most since `since` (one row per source and identifier), leaving out
   * `except` and tracks without a link. Ties go to the track played most recently.
   */
  async mostPlayed(
    guildId: string,
    options: { since: Date; limit: number; except?: { sourceName: string; identifier: string } | null },
  ): Promise<FrequentTrack[]> {
    const { except } = options;
    const rows = await this.db
      .select({
        sourceName: playEvents.sourceName,
        identifier: playEvents.trackIdentifier,
        uri: max(playEvents.trackUri),
        title: max(playEvents.trackTitle),
        plays: count(),
      })
      .from(playEvents)
      .where(
        and(
          eq(playEvents.guildId, guildId),
          gte(playEvents.startedAt, options.since),
          isNotNull(playEvents.trackUri),
          except
            ? or(
                ne(playEvents.sourceName, except.sourceName),
                ne(playEvents.trackIdentifier, except.identifier),
              )
            : undefined,
        ),
      )
      .groupBy(playEvents.sourceName, playEvents.trackIdentifier)
      .orderBy(desc(count()), desc(max(playEvents.startedAt)))
      .limit(options.limit);
    return rows.map((row) => ({
      sourceName: row.sourceName,
      identifier: row.identifier,
      uri: row.uri ?? '',
      title: row.title ?? '',
      plays: Number(row.plays),
    }));
  }
}
