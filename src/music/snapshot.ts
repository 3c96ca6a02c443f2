import { z } from 'zod';
import type { PlayerRecord } from './player-store.ts';
import { currentTrack, loopModes, queuedTrackSchema, upcomingTracks } from './queue-model.ts';

/** A guild's queue as the panel and bus see it. */
export const queueSnapshotSchema = z.object({
  guildId: z.string(),
  voiceChannelId: z.string().nullable(),
  textChannelId: z.string().nullable(),
  current: queuedTrackSchema.nullable(),
  positionMs: z.number(),
  upcoming: z.array(queuedTrackSchema),
  /** Recently played, most recent first (up to 10). */
  history: z.array(queuedTrackSchema),
  paused: z.boolean(),
  loop: z.enum(loopModes),
  volume: z.number(),
  filterPreset: z.string().nullable(),
  autoplay: z.boolean(),
});
export type QueueSnapshot = z.infer<typeof queueSnapshotSchema>;

export function snapshotOf(record: PlayerRecord, positionMs: number): QueueSnapshot {
  return {
    guildId: record.guildId,
    voiceChannelId: record.voiceChannelId,
    textChannelId: record.textChannelId,
    current: currentTrack(record),
    positionMs: Math.round(positionMs),
    upcoming: upcomingTracks(record),
    history: record.tracks
      .slice(Math.max(0, record.currentIndex - 10), Math.max(0, record.currentIndex))
      .reverse(),
    paused: record.paused,
    loop: record.loop,
    volume: record.volume,
    filterPreset: record.filterPreset,
    autoplay: record.autoplay,
  };
}
