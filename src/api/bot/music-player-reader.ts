import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, tables } from '../../db/index.ts';
import { trackInfoSchema } from '../../lavalink/index.ts';

/** A queued track as the music bot stores it in `music_players.tracks`. */
export const storedTrackSchema = z.object({
  encoded: z.string(),
  info: trackInfoSchema,
  requesterId: z.string().nullable(),
  addedAt: z.string(),
});
export type StoredTrack = z.infer<typeof storedTrackSchema>;

export interface StoredPlayer {
  guildId: string;
  voiceChannelId: string | null;
  textChannelId: string | null;
  tracks: StoredTrack[];
  currentIndex: number;
  positionMs: number;
  positionAt: Date;
  paused: boolean;
  loop: string;
  volume: number;
  filterPreset: string | null;
  autoplay: boolean;
  updatedAt: Date;
}

/**
 * Reads a guild's persisted player (`music_players`), the state the gateway writes on every
 * change. Read-only: the api never drives the player from here.
 */
export class MusicPlayerReader {
  constructor(private readonly db: Db) {}

  async find(guildId: string): Promise<StoredPlayer | null> {
    const [row] = await this.db
      .select()
      .from(tables.musicPlayers)
      .where(eq(tables.musicPlayers.guildId, guildId));
    if (!row) return null;
    return {
      guildId: row.guildId,
      voiceChannelId: row.voiceChannelId,
      textChannelId: row.textChannelId,
      tracks: z.array(storedTrackSchema).parse(row.tracks),
      currentIndex: row.currentIndex,
      positionMs: row.positionMs,
      positionAt: row.positionAt,
      paused: row.paused,
      loop: row.loop,
      volume: row.volume,
      filterPreset: row.filterPreset,
      autoplay: row.autoplay,
      updatedAt: row.updatedAt,
    };
  }
}
