import { and, desc, eq, gte, ilike, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/index.ts';
import type { ListenSource } from './listen-input.ts';
import { historyAlbums, historyListens, historyTracks } from './schema.ts';

/** One listen as the panel's log shows it. */
export interface LoggedListen {
  id: number;
  playedAt: string;
  msPlayed: number | null;
  source: ListenSource;
  track: {
    title: string;
    artists: string;
    album: string | null;
    durationMs: number | null;
    spotifyTrackId: string | null;
  };
}

export interface ListenLogQuery {
  /** From a previous page's `nextCursor`; absent for the newest listens. */
  cursor?: string | undefined;
  limit: number;
  source?: ListenSource | undefined;
  /** Listens that started at or after. */
  from?: Date | undefined;
  /** Listens that started before. */
  to?: Date | undefined;
  /** Words found in the title, the artists or the album (case-insensitive). */
  q?: string | undefined;
}

export interface ListenLogPage {
  listens: LoggedListen[];
  /** Pass it back as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
}

/** A cursor that does not decode: the route answers 400. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
}

/**
 * A user's raw listening log, newest first, paged by keyset (played at, id) on the
 * `(user_id, played_at, id)` index: page 1,000 costs what page 1 does.
 */
export class ListenLog {
  constructor(private readonly database: Pick<Database, 'db'>) {}

  async page(userId: string, query: ListenLogQuery): Promise<ListenLogPage> {
    const where: (SQL | undefined)[] = [eq(historyListens.userId, userId)];
    if (query.source) where.push(eq(historyListens.source, query.source));
    if (query.from) where.push(gte(historyListens.playedAt, query.from));
    if (query.to) where.push(lt(historyListens.playedAt, query.to));
    if (query.q) {
      const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push(
        or(
          ilike(historyTracks.title, pattern),
          ilike(historyTracks.artistLine, pattern),
          ilike(historyAlbums.title, pattern),
        ),
      );
    }
    if (query.cursor) {
      const { playedAt, id } = decodeCursor(query.cursor);
      where.push(
        sql`(${historyListens.playedAt}, ${historyListens.id}) < (${playedAt}::timestamptz, ${id}::bigint)`,
      );
    }
    const rows = await this.database.db
      .select({
        id: historyListens.id,
        playedAt: historyListens.playedAt,
        msPlayed: historyListens.msPlayed,
        source: historyListens.source,
        title: historyTracks.title,
        artists: historyTracks.artistLine,
        album: historyAlbums.title,
        durationMs: historyTracks.durationMs,
        spotifyTrackId: historyTracks.spotifyId,
      })
      .from(historyListens)
      .innerJoin(historyTracks, eq(historyTracks.id, historyListens.trackId))
      .leftJoin(historyAlbums, eq(historyAlbums.id, historyTracks.albumId))
      .where(and(...where))
      .orderBy(desc(historyListens.playedAt), desc(historyListens.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      listens: page.map((row) => ({
        id: Number(row.id),
        playedAt: row.playedAt.toISOString(),
        msPlayed: row.msPlayed,
        source: row.source as ListenSource,
        track: {
          title: row.title,
          artists: row.artists,
          album: row.album,
          durationMs: row.durationMs,
          spotifyTrackId: row.spotifyTrackId,
        },
      })),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.playedAt, Number(last.id)) : null,
    };
  }
}

function encodeCursor(playedAt: Date, id: number): string {
  return Buffer.from(`${playedAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { playedAt: string; id: number } {
  const [playedAt, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!playedAt || !id || Number.isNaN(Date.parse(playedAt)) || !/^\d{1,18}$/.test(id)) {
    throw new InvalidCursorError('cursor is not one this API gave');
  }
  return { playedAt, id: Number(id) };
}
