import { describe, expect, it } from 'vitest';
import { decodeTrack } from '../../lavalink/index.ts';
import { buildTrack, defaultTrackEncoder, UNKNOWN_ARTIST } from './track-builder.ts';

const fields = {
  identifier: 'https://example.com/a.flac',
  author: 'Artist',
  title: 'Title',
  length: 1000,
  isStream: false,
  uri: 'https://example.com/a.flac',
  sourceName: 'http',
};

describe('buildTrack', () => {
  it('turns control characters of untrusted tags into spaces, in the info and the encoded form', () => {
    const track = buildTrack(defaultTrackEncoder, {
      ...fields,
      title: 'Evil\u0000Title\r\n\u202eoverride',
      author: '\u0000\u0007',
    });
    expect(track.info.title).toBe('Evil Title   override');
    expect(track.info.author).toBe(UNKNOWN_ARTIST);
    expect(decodeTrack(track.encoded)).toMatchObject({ title: track.info.title, author: UNKNOWN_ARTIST });
  });
});
