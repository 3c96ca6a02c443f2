import { and, asc, desc, eq, gt, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { type PlaylistTrack, playlistTrackSchema } from './playlist-rules.ts';
import { playlists, playlistTracks } from './schema.ts';

/** A playlist's own row. */
export interface PlaylistRecord {
  id: number;
  ownerId: string;
  name: string;
  /** The guild whose members may load it, or null (private). */
  sharedGuildId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A playlist as lists show it: its row and how many tracks it holds. */
export interface PlaylistSummary extends PlaylistRecord {
  trackCount: number;
}

const record = {
  id: playlists.id,
  ownerId: playlists.ownerId,
  name: playlists.name,
  sharedGuildId: playlists.sharedGuildId,
  createdAt: playlists.createdAt,
  updatedAt: playlists.updatedAt,
};

const sameName = (name: string): SQL => sql`lower(${playlists.name}) = lower(${name})`;

/**
 * The playlist tables' reads and writes, and nothing else: the rules (caps, who may do what,
 * dense positions) are PlaylistService's. An instance runs on the database or, from
 * `transaction`, inside one transaction.
 */
export class PlaylistRepository {
  constructor(private readonly db: Db) {}

  transaction<T>(work: (repository: PlaylistRepository) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(new PlaylistRepository(tx)));
  }

  /**
   * Serialises, until the transaction ends, the writes of one owner that check names or the
   * playlist count: a row lock cannot guard a name that does not exist yet.
   */
  async lockOwner(ownerId: string): Promise<void> {
    await this.db.execute(
      sql`SELECT pg_advisory_xact_lock(hashtextextended(${`gramophone.playlists:${ownerId}`}, 0))`,
    );
  }

  /** The owner's playlist called `name` (any case); with `forUpdate`, locked to the transaction's end. */
  async ownByName(
    ownerId: string,
    name: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<PlaylistRecord | null> {
    const query = this.db
      .select(record)
      .from(playlists)
      .where(and(eq(playlists.ownerId, ownerId), sameName(name)));
    const [row] = options.forUpdate ? await query.for('update') : await query;
    return row ?? null;
  }

  /** The oldest playlist called `name` that another owner shares with the guild. */
  async sharedByName(guildId: string, name: string, exceptOwnerId: string): Promise<PlaylistRecord | null> {
    const [row] = await this.db
      .select(record)
      .from(playlists)
      .where(and(eq(playlists.sharedGuildId, guildId), ne(playlists.ownerId, exceptOwnerId), sameName(name)))
      .orderBy(asc(playlists.createdAt), asc(playlists.id))
      .limit(1);
    return row ?? null;
  }

  /** Playlist `id` when the user owns it or it is shared with the guild, else null. */
  async visibleById(userId: string, guildId: string, id: number): Promise<PlaylistRecord | null> {
    const [row] = await this.db
      .select(record)
      .from(playlists)
      .where(
        and(eq(playlists.id, id), or(eq(playlists.ownerId, userId), eq(playlists.sharedGuildId, guildId))),
      );
    return row ?? null;
  }

  /** Whether the owner has a playlist called `name` (any case) other than `exceptId`. */
  async nameTaken(ownerId: string, name: string, exceptId?: number): Promise<boolean> {
    const conditions = [eq(playlists.ownerId, ownerId), sameName(name)];
    if (exceptId !== undefined) conditions.push(ne(playlists.id, exceptId));
    const rows = await this.db
      .select({ id: playlists.id })
      .from(playlists)
      .where(and(...conditions))
      .limit(1);
    return rows.length > 0;
  }

  async countOwned(ownerId: string): Promise<number> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int` })
      .from(playlists)
      .where(eq(playlists.ownerId, ownerId));
    return row?.count ?? 0;
  }

  /** The user's playlists (by name), then the ones others share with the guild (by name). */
  async summaries(userId: string, guildId: string): Promise<PlaylistSummary[]> {
    const trackCount = sql<number>`(SELECT count(*)::int FROM ${playlistTracks} WHERE ${playlistTracks.playlistId} = ${playlists.id})`;
    return this.db
      .select({ ...record, trackCount })
      .from(playlists)
      .where(or(eq(playlists.ownerId, userId), eq(playlists.sharedGuildId, guildId)))
      .orderBy(
        desc(sql`${playlists.ownerId} = ${userId}`),
        asc(sql`lower(${playlists.name})`),
        asc(playlists.id),
      );
  }

  async trackCount(playlistId: number): Promise<number> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int` })
      .from(playlistTracks)
      .where(eq(playlistTracks.playlistId, playlistId));
    return row?.count ?? 0;
  }

  /** The tracks in order; stored info is validated on the way out. */
  async tracks(playlistId: number): Promise<PlaylistTrack[]> {
    const rows = await this.db
      .select({ encoded: playlistTracks.encoded, info: playlistTracks.info })
      .from(playlistTracks)
      .where(eq(playlistTracks.playlistId, playlistId))
      .orderBy(asc(playlistTracks.position));
    return rows.map((row) => playlistTrackSchema.parse(row));
  }

  async insert(values: {
    ownerId: string;
    name: string;
    sharedGuildId: string | null;
  }): Promise<PlaylistRecord> {
    const [row] = await this.db.insert(playlists).values(values).returning(record);
    if (!row) throw new Error('inserting a playlist returned no row');
    return row;
  }

  /** Writes `tracks` at positions `from`, `from + 1`… (0-based). */
  async appendTracks(playlistId: number, from: number, tracks: readonly PlaylistTrack[]): Promise<void> {
    if (tracks.length === 0) return;
    await this.db.insert(playlistTracks).values(
      tracks.map((track, i) => ({
        playlistId,
        position: from + i,
        encoded: track.encoded,
        info: track.info,
      })),
    );
  }

  /** Deletes the track at `position` (0-based) and closes the gap; null when there is none. */
  async removeTrackAt(playlistId: number, position: number): Promise<PlaylistTrack | null> {
    const [removed] = await this.db
      .delete(playlistTracks)
      .where(and(eq(playlistTracks.playlistId, playlistId), eq(playlistTracks.position, position)))
      .returning({ encoded: playlistTracks.encoded, info: playlistTracks.info });
    if (!removed) return null;
    // The primary key is checked row by row, so shifting in place could collide with a row
    // not yet moved: park the later rows on negative positions first, then bring them back
    // one lower.
    const later = and(eq(playlistTracks.playlistId, playlistId), gt(playlistTracks.position, position));
    await this.db
      .update(playlistTracks)
      .set({ position: sql`-${playlistTracks.position}` })
      .where(later);
    await this.db
      .update(playlistTracks)
      .set({ position: sql`-${playlistTracks.position} - 1` })
      .where(and(eq(playlistTracks.playlistId, playlistId), lt(playlistTracks.position, 0)));
    return playlistTrackSchema.parse(removed);
  }

  async update(
    id: number,
    changes: { name?: string; sharedGuildId?: string | null },
  ): Promise<PlaylistRecord> {
    const [row] = await this.db
      .update(playlists)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(playlists.id, id))
      .returning(record);
    if (!row) throw new Error(`playlist ${id} vanished while updating it`);
    return row;
  }

  /** Deletes the playlist; its tracks go with it (ON DELETE CASCADE). */
  async delete(id: number): Promise<void> {
    await this.db.delete(playlists).where(eq(playlists.id, id));
  }
}
