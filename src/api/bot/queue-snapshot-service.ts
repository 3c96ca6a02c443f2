import { z } from 'zod';
import { type PlayerStore, positionNow, type QueuedTrack } from '../../music/index.ts';
import { ApiError } from '../errors.ts';

const queueTrackSchema = z.object({
  encoded: z.string().describe('Lavalink’s encoded track'),
  title: z.string(),
  author: z.string(),
  uri: z.string().nullable(),
  identifier: z.string(),
  sourceName: z.string(),
  lengthMs: z.number().int().describe('0 for streams of unknown length'),
  isStream: z.boolean(),
  artworkUrl: z.string().nullable(),
  requesterId: z.string().nullable().describe('Null when nobody asked (autoplay)'),
  addedAt: z.string(),
});

/** What `GET /api/bot/guilds/:guildId/queue` answers. */
export const queueSnapshotSchema = z
  .object({
    guildId: z.string(),
    voiceChannelId: z.string().nullable(),
    textChannelId: z.string().nullable(),
    current: queueTrackSchema.nullable(),
    upcoming: z.array(queueTrackSchema),
    positionMs: z
      .number()
      .int()
      .describe('Where the current track is now: the stored position plus the time since, unless paused'),
    paused: z.boolean(),
    loop: z.string().describe('off, track or queue'),
    volume: z.number().int(),
    filterPreset: z.string().nullable(),
    autoplay: z.boolean(),
    updatedAt: z.iso.datetime().describe('When the bot last saved the player'),
  })
  .meta({ id: 'QueueSnapshot' });
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>;

/**
 * A guild's queue as the bot last saved it. For now it reads the persisted `music_players` row;
 * a live answer from the gateway over the bus can replace the reader without changing the shape.
 */
export class QueueSnapshotService {
  constructor(
    private readonly players: Pick<PlayerStore, 'read'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 404 NO_PLAYER when the guild has no player. */
  async snapshot(guildId: string): Promise<QueueSnapshot> {
    const stored = await this.players.read(guildId);
    if (!stored) throw new ApiError(404, 'NO_PLAYER', 'This server has no music player.');
    const { record: player, updatedAt } = stored;
    const current = player.tracks[player.currentIndex] ?? null;
    const positionMs = positionNow(player, this.now(), !player.paused);
    return {
      guildId,
      voiceChannelId: player.voiceChannelId,
      textChannelId: player.textChannelId,
      current: current ? toQueueTrack(current) : null,
      upcoming: player.tracks.slice(player.currentIndex + 1).map(toQueueTrack),
      positionMs,
      paused: player.paused,
      loop: player.loop,
      volume: player.volume,
      filterPreset: player.filterPreset,
      autoplay: player.autoplay,
      updatedAt: updatedAt.toISOString(),
    };
  }
}

function toQueueTrack(track: QueuedTrack) {
  const { info } = track;
  return {
    encoded: track.encoded,
    title: info.title,
    author: info.author,
    uri: info.uri,
    identifier: info.identifier,
    sourceName: info.sourceName,
    lengthMs: info.length,
    isStream: info.isStream,
    artworkUrl: info.artworkUrl,
    requesterId: track.requesterId,
    addedAt: track.addedAt,
  };
}
