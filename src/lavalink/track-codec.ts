/**
 * The encoded track: base64 of one lavaplayer `MessageOutput` message, exactly as
 * `DefaultAudioPlayerManager.encodeTrack` writes it, so encoded strings move freely between this
 * node, real Lavalink nodes and client libraries that decode them locally.
 *
 * Message: `int header = size | flags << 30` (flag 1 = TRACK_INFO_VERSIONED, so a version byte
 * follows), then `title, author (UTF), length (long), identifier (UTF), isStream (bool)`,
 * `uri (nullable text, v2+)`, `artworkUrl, isrc (nullable text, v3)`, `sourceName (UTF)`, the
 * source manager's own fields, and `position (long)` last.
 */
import { DataReader, DataWriter, TrackCodecError } from './data-io.ts';
import type { TrackInfo } from './schemas/track.ts';

export { TrackCodecError } from './data-io.ts';

const TRACK_INFO_VERSIONED = 1;
/** The version this node writes (lavaplayer 2.x, Lavalink v4). */
export const TRACK_INFO_VERSION = 3;
const MESSAGE_SIZE_MASK = 0x3fffffff;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const BASE64_URL = /^[A-Za-z0-9_-]*={0,2}$/;

/** Everything an encoded track holds, including what TrackInfo does not show. */
export interface DecodedTrackMessage {
  /** 1–3: which fields the writer knew. */
  version: number;
  info: TrackInfo;
  /**
   * The source manager's own fields between `sourceName` and `position` (e.g. the container
   * probe of lavaplayer's http/local sources). Empty for tracks of this node; kept so a decoded
   * foreign track re-encodes byte for byte.
   */
  sourceData: Uint8Array;
}

/** Options of {@link encodeTrack}. */
export interface EncodeTrackOptions {
  /** Source-specific fields to write after `sourceName` (empty by default). */
  sourceData?: Uint8Array;
}

/**
 * Encodes track info as a version 3 lavaplayer message in base64. `isSeekable` is not part of
 * the format (lavaplayer derives it from the source), so it does not survive a round trip
 * unless it equals `!isStream`.
 *
 * @throws TrackCodecError when a text is longer than 65535 bytes or a number is not whole.
 */
export function encodeTrack(info: TrackInfo, options: EncodeTrackOptions = {}): string {
  const body = new DataWriter();
  body.writeByte(TRACK_INFO_VERSION);
  body.writeUTF(info.title);
  body.writeUTF(info.author);
  body.writeLong(info.length);
  body.writeUTF(info.identifier);
  body.writeBoolean(info.isStream);
  body.writeNullableText(info.uri);
  body.writeNullableText(info.artworkUrl);
  body.writeNullableText(info.isrc);
  body.writeUTF(info.sourceName);
  body.writeBytes(options.sourceData ?? new Uint8Array(0));
  body.writeLong(info.position);

  const message = new DataWriter();
  message.writeInt(body.length | (TRACK_INFO_VERSIONED << 30));
  message.writeBytes(body.toBytes());
  return Buffer.from(message.toBytes()).toString('base64');
}

/**
 * Decodes an encoded track of any version (1–3) into its info.
 *
 * @throws TrackCodecError when the string is not base64 or not a well-formed track message.
 */
export function decodeTrack(encoded: string): TrackInfo {
  return decodeTrackMessage(encoded).info;
}

/**
 * Decodes an encoded track with its version and source-specific bytes.
 *
 * @throws TrackCodecError when the string is not base64 or not a well-formed track message.
 */
export function decodeTrackMessage(encoded: string): DecodedTrackMessage {
  const text = encoded.trim();
  if (text === '' || !(BASE64.test(text) || BASE64_URL.test(text))) {
    throw new TrackCodecError('the encoded track is not base64');
  }
  const bytes = new Uint8Array(Buffer.from(text, 'base64'));
  const outer = new DataReader(bytes);
  const header = outer.readInt();
  const flags = (header >>> 30) & 0b11;
  const size = header & MESSAGE_SIZE_MASK;
  if (size === 0) throw new TrackCodecError('the encoded track holds no message');
  if (size > outer.remaining) {
    throw new TrackCodecError(`the message claims ${size} bytes but only ${outer.remaining} follow`);
  }
  const input = new DataReader(outer.readBytes(size));
  const version = (flags & TRACK_INFO_VERSIONED) !== 0 ? input.readByte() : 1;
  if (version < 1 || version > TRACK_INFO_VERSION) {
    throw new TrackCodecError(`unsupported track info version ${version}`);
  }

  const title = input.readUTF();
  const author = input.readUTF();
  const length = input.readLong();
  const identifier = input.readUTF();
  const isStream = input.readBoolean();
  const uri = version >= 2 ? input.readNullableText() : null;
  const artworkUrl = version >= 3 ? input.readNullableText() : null;
  const isrc = version >= 3 ? input.readNullableText() : null;
  const sourceName = input.readUTF();
  // The source's own fields have a layout only that source knows; the position is always the
  // last long of the message, so what lies between is kept as opaque bytes.
  if (input.remaining < 8) throw new TrackCodecError('the encoded track ends before its position');
  const sourceData = input.readBytes(input.remaining - 8);
  const position = input.readLong();

  return {
    version,
    info: {
      identifier,
      isSeekable: !isStream,
      author,
      length,
      isStream,
      position,
      title,
      uri,
      artworkUrl,
      isrc,
      sourceName,
    },
    sourceData,
  };
}

/** Whether `encoded` decodes as a track (for validation without keeping the result). */
export function isEncodedTrack(encoded: string): boolean {
  try {
    decodeTrackMessage(encoded);
    return true;
  } catch (error) {
    if (error instanceof TrackCodecError || error instanceof RangeError) return false;
    throw error;
  }
}
