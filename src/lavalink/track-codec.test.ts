import { describe, expect, it } from 'vitest';
import { DataWriter, decodeModifiedUtf8, encodeModifiedUtf8 } from './data-io.ts';
import {
  decodeTrack,
  decodeTrackMessage,
  encodeTrack,
  isEncodedTrack,
  TrackCodecError,
  type TrackInfo,
} from './index.ts';

// From Lavalink's docs/api/rest.md (Track Decoding): a version 2 track written by Lavalink.
const DOCS_RICK_V2 =
  'QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA==';
// From lavalink-client's docs (decode.multipleTracks): version 3 tracks written by Lavalink v4,
// with artworkUrl and isrc; the deezer one carries lavasrc's source-specific fields.
const CLIENT_SOUNDCLOUD_V3 =
  'QAABJAMAClRhbGsgYSBMb3QACjQwNHZpbmNlbnQAAAAAAAHr1gBxTzpodHRwczovL2FwaS12Mi5zb3VuZGNsb3VkLmNvbS9tZWRpYS9zb3VuZGNsb3VkOnRyYWNrczo4NTE0MjEwNzYvMzUyYTRiOTAtNzYxOS00M2E5LWJiOGItMjIxMzE0YzFjNjNhL3N0cmVhbS9obHMAAQAsaHR0cHM6Ly9zb3VuZGNsb3VkLmNvbS80MDR2aW5jZW50L3RhbGstYS1sb3QBADpodHRwczovL2kxLnNuZGNkbi5jb20vYXJ0d29ya3MtRTN1ek5Gc0Y4QzBXLTAtb3JpZ2luYWwuanBnAQAMUVpITkExOTg1Nzg0AApzb3VuZGNsb3VkAAAAAAAAAAA=';
const CLIENT_DEEZER_V3 =
  'QAACDgMACk5vIERpZ2dpdHkAC0JsYWNrc3RyZWV0AAAAAAAEo4AABjkxNjQ5NgABAB9odHRwczovL2RlZXplci5jb20vdHJhY2svOTE2NDk2AQBpaHR0cHM6Ly9lLWNkbnMtaW1hZ2VzLmR6Y2RuLm5ldC9pbWFnZXMvY292ZXIvZGFlN2EyNjViNzlmYjcxMjc4Y2RlMjUwNDg0OWQ2ZjcvMTAwMHgxMDAwLTAwMDAwMC04MC0wLTAuanBnAQAMVVNJUjE5NjAwOTc4AAZkZWV6ZXIBAChObyBEaWdnaXR5OiBUaGUgVmVyeSBCZXN0IE9mIEJsYWNrc3RyZWV0AQAjaHR0cHM6Ly93d3cuZGVlemVyLmNvbS9hbGJ1bS8xMDMyNTQBACJodHRwczovL3d3dy5kZWV6ZXIuY29tL2FydGlzdC8xODYxAQBqaHR0cHM6Ly9lLWNkbnMtaW1hZ2VzLmR6Y2RuLm5ldC9pbWFnZXMvYXJ0aXN0L2YxNmNhYzM2ZmVjMzkxZjczN2I3ZDQ4MmY1YWM3M2UzLzEwMDB4MTAwMC0wMDAwMDAtODAtMC0wLmpwZwEAT2h0dHBzOi8vY2RuLXByZXZpZXctYS5kemNkbi5uZXQvc3RyZWFtL2MtYTE1Yjg1NzFhYTYyMDBjMDQ0YmY1OWM3NmVkOTEyN2MtNi5tcDMAAAAAAAAAAAA=';

const fullInfo: TrackInfo = {
  identifier: '/music/ünïcødé 😀 \u0000 track.flac',
  isSeekable: true,
  author: 'Ωmega Ensemble 🎻',
  length: 3_723_004,
  isStream: false,
  position: 61_250,
  title: 'Tëst — “quoted” 🎵 title',
  uri: 'file:///music/track.flac',
  artworkUrl: 'https://example.org/cover.jpg',
  isrc: 'USRC17607839',
  sourceName: 'local',
};

/** Builds a message by hand the way an older lavaplayer wrote it. */
function legacyMessage(version: 1 | 2, info: TrackInfo): string {
  const body = new DataWriter();
  if (version === 2) body.writeByte(2);
  body.writeUTF(info.title);
  body.writeUTF(info.author);
  body.writeLong(info.length);
  body.writeUTF(info.identifier);
  body.writeBoolean(info.isStream);
  if (version === 2) body.writeNullableText(info.uri);
  body.writeUTF(info.sourceName);
  body.writeLong(info.position);
  const message = new DataWriter();
  // Version 1 messages carry no TRACK_INFO_VERSIONED flag and no version byte.
  message.writeInt(body.length | ((version === 2 ? 1 : 0) << 30));
  message.writeBytes(body.toBytes());
  return Buffer.from(message.toBytes()).toString('base64');
}

describe('Java modified UTF-8', () => {
  it('writes NUL as C0 80 and astral characters as two 3-byte surrogates', () => {
    expect([...encodeModifiedUtf8('\u0000')]).toEqual([0xc0, 0x80]);
    expect([...encodeModifiedUtf8('😀')]).toEqual([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]);
    expect([...encodeModifiedUtf8('aé€')]).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  });

  it('round-trips every kind of character', () => {
    const text = 'plain, é, €, 😀, \u0000, 𝄞';
    expect(decodeModifiedUtf8(encodeModifiedUtf8(text))).toBe(text);
  });

  it('rejects truncated sequences', () => {
    expect(() => decodeModifiedUtf8(Uint8Array.of(0xe2, 0x82))).toThrow(TrackCodecError);
  });
});

describe('encoded track codec', () => {
  it("decodes the version 2 example of Lavalink's docs", () => {
    const decoded = decodeTrackMessage(DOCS_RICK_V2);
    expect(decoded.version).toBe(2);
    expect(decoded.info).toEqual({
      identifier: 'dQw4w9WgXcQ',
      isSeekable: true,
      author: 'RickAstleyVEVO',
      length: 212000,
      isStream: false,
      position: 0,
      title: 'Rick Astley - Never Gonna Give You Up',
      uri: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      artworkUrl: null,
      isrc: null,
      sourceName: 'youtube',
    });
  });

  it('decodes version 3 tracks of a real Lavalink v4 and re-encodes them byte for byte', () => {
    const soundcloud = decodeTrackMessage(CLIENT_SOUNDCLOUD_V3);
    expect(soundcloud.version).toBe(3);
    expect(soundcloud.info).toMatchObject({
      title: 'Talk a Lot',
      author: '404vincent',
      length: 125910,
      artworkUrl: 'https://i1.sndcdn.com/artworks-E3uzNFsF8C0W-0-original.jpg',
      isrc: 'QZHNA1985784',
      sourceName: 'soundcloud',
    });
    expect(soundcloud.sourceData).toHaveLength(0);
    expect(encodeTrack(soundcloud.info)).toBe(CLIENT_SOUNDCLOUD_V3);

    const deezer = decodeTrackMessage(CLIENT_DEEZER_V3);
    expect(deezer.info).toMatchObject({ title: 'No Diggity', isrc: 'USIR19600978', sourceName: 'deezer' });
    // lavasrc's own fields (album, artist, preview…) sit between sourceName and position.
    expect(deezer.sourceData.length).toBeGreaterThan(0);
    expect(encodeTrack(deezer.info, { sourceData: deezer.sourceData })).toBe(CLIENT_DEEZER_V3);
  });

  it('round-trips every field of version 3, including non-ASCII text and a position', () => {
    const encoded = encodeTrack(fullInfo);
    expect(Buffer.from(encoded, 'base64')[4]).toBe(3);
    expect(decodeTrack(encoded)).toEqual(fullInfo);
  });

  it('round-trips null uri, artworkUrl and isrc, and a live stream', () => {
    const stream: TrackInfo = {
      ...fullInfo,
      isStream: true,
      isSeekable: false,
      length: 0,
      position: 0,
      uri: null,
      artworkUrl: null,
      isrc: null,
      sourceName: 'http',
    };
    expect(decodeTrack(encodeTrack(stream))).toEqual(stream);
  });

  it('writes the header as size | TRACK_INFO_VERSIONED << 30', () => {
    const bytes = Buffer.from(encodeTrack(fullInfo), 'base64');
    const header = bytes.readInt32BE(0);
    expect(header >>> 30).toBe(1);
    expect(header & 0x3fffffff).toBe(bytes.length - 4);
  });

  it('decodes unversioned (version 1) and version 2 messages', () => {
    const v1 = decodeTrackMessage(legacyMessage(1, fullInfo));
    expect(v1.version).toBe(1);
    expect(v1.info).toEqual({ ...fullInfo, uri: null, artworkUrl: null, isrc: null });
    const v2 = decodeTrackMessage(legacyMessage(2, fullInfo));
    expect(v2.version).toBe(2);
    expect(v2.info).toEqual({ ...fullInfo, artworkUrl: null, isrc: null });
  });

  it('rejects what is not an encoded track with a TrackCodecError', () => {
    for (const bad of [
      '',
      'not base64!',
      'QUJD',
      DOCS_RICK_V2.slice(0, 60),
      Buffer.alloc(12).toString('base64'),
    ]) {
      expect(() => decodeTrack(bad), bad).toThrow(TrackCodecError);
      expect(isEncodedTrack(bad)).toBe(false);
    }
    expect(isEncodedTrack(DOCS_RICK_V2)).toBe(true);
  });

  it('refuses to encode a text longer than writeUTF allows', () => {
    expect(() => encodeTrack({ ...fullInfo, title: 'x'.repeat(70_000) })).toThrow(/65535/);
  });
});
