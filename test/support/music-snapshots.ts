/** Queue snapshots as the gateway sends them over the bus, for tests and benches. */
import type { TrackInfo } from '../../src/lavalink/index.ts';
import { encodeTrack } from '../../src/lavalink/index.ts';
import type { QueueSnapshot } from '../../src/music/index.ts';

type QueuedTrack = QueueSnapshot['upcoming'][number];

/**
 * A queued local file, with a real lavaplayer-encoded track (so its size is realistic); only
 * what a test cares about needs saying.
 */
export function aQueuedTrack(
  title: string,
  overrides: Partial<TrackInfo> & { requesterId?: string | null } = {},
): QueuedTrack {
  const { requesterId = '100000000000000001', ...infoOverrides } = overrides;
  const info: TrackInfo = {
    identifier: `/srv/music/${title}.ogg`,
    isSeekable: true,
    author: 'Test Artist',
    length: 180_000,
    isStream: false,
    position: 0,
    title,
    uri: `file:///srv/music/${title}.ogg`,
    artworkUrl: null,
    isrc: null,
    sourceName: 'local',
    ...infoOverrides,
  };
  return {
    encoded: encodeTrack(info),
    info,
    requesterId,
    addedAt: '2026-11-23T00:00:00.000Z',
  };
}

/** A playing player: `titles[0]` now, the rest upcoming. */
export function aQueueSnapshot(guildId: string, titles: readonly string[] = []): QueueSnapshot {
  const [current, ...upcoming] = titles.map((title) => aQueuedTrack(title));
  return {
    guildId,
    voiceChannelId: current ? '200000000000000001' : null,
    textChannelId: current ? '200000000000000002' : null,
    current: current ?? null,
    positionMs: 0,
    upcoming,
    history: [],
    paused: false,
    loop: 'off',
    volume: 100,
    filterPreset: null,
    autoplay: false,
  };
}
