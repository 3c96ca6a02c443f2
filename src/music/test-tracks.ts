import type { QueuedTrack } from './queue-model.ts';

/** A queued track for tests: only what a test cares about needs saying. */
export function aTrack(
  title: string,
  overrides: Partial<QueuedTrack['info']> & { requesterId?: string | null } = {},
): QueuedTrack {
  const { requesterId = '100000000000000001', ...info } = overrides;
  return {
    encoded: `encoded:${title}`,
    info: {
      identifier: title,
      isSeekable: true,
      author: 'Test Artist',
      length: 180_000,
      isStream: false,
      position: 0,
      title,
      uri: `https://example.test/${title}.mp3`,
      artworkUrl: null,
      isrc: null,
      sourceName: 'http',
      ...info,
    },
    requesterId,
    addedAt: '2026-11-23T00:00:00.000Z',
  };
}
