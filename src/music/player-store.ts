import { eq, isNotNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { type QueuedTrack, queuedTrackSchema } from './contract.ts';
import { type LoopMode, loopModes } from './player-options.ts';
import { currentTrack } from './queue-model.ts';
import { musicPlayers } from './schema.ts';

/** A guild's player as it is kept in PostgreSQL (table `music_players`). */
export interface PlayerRecord {
  guildId: string;
  voiceChannelId: string | null;
  textChannelId: string | null;
  tracks: QueuedTrack[];
  currentIndex: number;
  /** Where the current track was at `positionAt`. */
  positionMs: number;
  positionAt: Date;
  paused: boolean;
  loop: LoopMode;
  volume: number;
  filterPreset: string | null;
  autoplay: boolean;
  nowPlayingMessageId: string | null;
}

const tracksSchema = z.array(queuedTrackSchema);
const loopSchema = z.enum(loopModes);

/**
 * Reads and writes `music_players`. A whole-state save happens on every change; positions of
 * all playing guilds are written together in one statement on a timer, so the write rate does
 * not grow with the number of guilds.
 */
export class PlayerStore {
  constructor(private readonly db: Db) {}

  async load(guildId: string): Promise<PlayerRecord | null> {
    return (await this.read(guildId))?.record ?? null;
  }

  /** The record and when the gateway last saved it (the bot API reports that). */
  async read(guildId: string): Promise<{ record: PlayerRecord; updatedAt: Date } | null> {
    const [row] = await this.db.select().from(musicPlayers).where(eq(musicPlayers.guildId, guildId));
    return row ? { record: toRecord(row), updatedAt: row.updatedAt } : null;
  }

  /** Players that were in a voice channel: the ones to bring back after a restart. */
  async loadConnected(): Promise<PlayerRecord[]> {
    const rows = await this.db.select().from(musicPlayers).where(isNotNull(musicPlayers.voiceChannelId));
    return rows.map(toRecord);
  }

  async save(record: PlayerRecord): Promise<void> {
    const values = { ...record, updatedAt: new Date() };
    await this.db
      .insert(musicPlayers)
      .values(values)
      .onConflictDoUpdate({
        target: musicPlayers.guildId,
        set: { ...values, revision: sql`${musicPlayers.revision} + 1` },
      });
  }

  /** Writes many guilds' positions in one statement. */
  async savePositions(positions: { guildId: string; positionMs: number; at: Date }[]): Promise<void> {
    if (positions.length === 0) return;
    const rows = sql.join(
      positions.map(
        (p) => sql`(${p.guildId}, ${Math.round(p.positionMs)}::integer, ${p.at.toISOString()}::timestamptz)`,
      ),
      sql`, `,
    );
    await this.db.execute(sql`
      UPDATE ${musicPlayers} AS p SET position_ms = v.position_ms, position_at = v.position_at
      FROM (VALUES ${rows}) AS v(guild_id, position_ms, position_at)
      WHERE p.guild_id = v.guild_id`);
  }

  async delete(guildId: string): Promise<void> {
    await this.db.delete(musicPlayers).where(eq(musicPlayers.guildId, guildId));
  }
}

/**
 * Where the current track is at `now`: the saved position plus the time since it was saved
 * while the track `advancing` (playing, not paused), never past the end of a track with a length.
 */
export function positionNow(record: PlayerRecord, now: number, advancing: boolean): number {
  const track = currentTrack(record);
  if (!track) return 0;
  const elapsed = advancing ? Math.max(0, now - record.positionAt.getTime()) : 0;
  const position = record.positionMs + elapsed;
  return !track.info.isStream && track.info.length > 0 ? Math.min(position, track.info.length) : position;
}

function toRecord(row: typeof musicPlayers.$inferSelect): PlayerRecord {
  return {
    guildId: row.guildId,
    voiceChannelId: row.voiceChannelId,
    textChannelId: row.textChannelId,
    tracks: tracksSchema.parse(row.tracks),
    currentIndex: row.currentIndex,
    positionMs: row.positionMs,
    positionAt: row.positionAt,
    paused: row.paused,
    loop: loopSchema.parse(row.loop),
    volume: row.volume,
    filterPreset: row.filterPreset,
    autoplay: row.autoplay,
    nowPlayingMessageId: row.nowPlayingMessageId,
  };
}
