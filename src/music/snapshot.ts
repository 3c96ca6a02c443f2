import type { QueueSnapshot } from './contract.ts';
import { parseFilterSet } from './filter-presets.ts';
import type { PlayerRecord } from './player-store.ts';
import { currentTrack, upcomingTracks } from './queue-model.ts';

/** A player's record as the queue the panel and the bus see (`queueSnapshotSchema`). */
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
    filters: parseFilterSet(record.filterPreset),
    autoplay: record.autoplay,
  };
}
