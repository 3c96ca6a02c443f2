import { encodeTrack } from '../../lavalink/index.ts';
import type { Track, TrackInfo } from '../contracts.ts';

/** Encodes track info into lavaplayer's base64 form. */
export type TrackEncoder = (info: TrackInfo) => string;

/** The protocol module's codec: what every other Lavalink node and client decodes. */
export const defaultTrackEncoder: TrackEncoder = (info) => encodeTrack(info);

/** Lavaplayer's placeholders when a file carries no tags, which clients already know to show. */
export const UNKNOWN_TITLE = 'Unknown title';
export const UNKNOWN_ARTIST = 'Unknown artist';

/** Tags are untrusted input: the codec refuses texts over 65535 bytes, and no client shows that much. */
const MAX_TEXT = 1000;

/** The fields every source must supply; the rest have Lavalink's defaults. */
export type TrackFields = Pick<
  TrackInfo,
  'identifier' | 'title' | 'author' | 'length' | 'isStream' | 'uri' | 'sourceName'
> &
  Partial<Pick<TrackInfo, 'artworkUrl' | 'isrc'>>;

/**
 * Control characters (a NUL a FLAC tag may carry, line breaks, bidi overrides) become spaces:
 * PostgreSQL refuses a NUL in text, and the bot shows these texts to people.
 */
const CONTROL = /[\p{Cc}\u202a-\u202e\u2066-\u2069]/gu;

const clip = (raw: string) => {
  const text = raw.replace(CONTROL, ' ').trim();
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
};

/**
 * Builds a full Track whose `encoded` form decodes to the same info. `isSeekable` is always
 * `!isStream`: the encoded format has no such field, decoders derive it that way.
 */
export function buildTrack(encode: TrackEncoder, fields: TrackFields): Track {
  const info: TrackInfo = {
    identifier: fields.identifier,
    isSeekable: !fields.isStream,
    author: clip(fields.author) || UNKNOWN_ARTIST,
    length: fields.isStream ? 0 : Math.max(0, Math.round(fields.length)),
    isStream: fields.isStream,
    position: 0,
    title: clip(fields.title) || UNKNOWN_TITLE,
    uri: fields.uri,
    artworkUrl: fields.artworkUrl ?? null,
    isrc: fields.isrc ?? null,
    sourceName: fields.sourceName,
  };
  return { encoded: encode(info), info, pluginInfo: {}, userData: {} };
}
