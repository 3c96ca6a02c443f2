import type { ListenInput, ListenSource } from '../listen-input.ts';
import type { ImportFileKind, SkipReason } from './types.ts';

/** What a row mapper needs besides the row; the location is added by the caller on a skip. */
export interface MappingContext {
  userId: string;
  /** Plays shorter than this are skipped as 'too-short' (0: keep every play that was heard). */
  minMsPlayed: number;
}

export type RowResult =
  | { kind: 'listen'; input: ListenInput }
  | { kind: 'skip'; reason: SkipReason; detail: string };
type Skip = Extract<RowResult, { kind: 'skip' }>;

const skip = (reason: SkipReason, detail: string): Skip => ({ kind: 'skip', reason, detail });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The archive refuses a whole batch when one listen breaks its schema (listen-input-schema.ts),
 * so every listen made here must already fit it: names of 1–1,000 characters once trimmed, at
 * most 50 artists, ms counts that fit an int4, ISRCs of at most 32 characters. These are plain
 * checks rather than a zod parse per row, which would cost a third of the import's speed; a
 * test runs every listen the fixtures make through the schema.
 */
const MAX_NAME = 1_000;
const MAX_MS = 2_147_483_647;

function nonEmptyString(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const length = value.trim().length;
  return length > 0 && length <= MAX_NAME ? value : null;
}

function isMsCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_MS;
}

const SPOTIFY_TRACK_URI = /^spotify:track:([0-9A-Za-z]{22})$/;
const SPOTIFY_TRACK_URL = /open\.spotify\.com\/(?:intl-[a-z-]+\/)?track\/([0-9A-Za-z]{22})/;
/** Extended history `ts`: ISO 8601 in UTC, seconds precision ("2021-03-04T05:06:07Z"). */
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
/** Account-data `endTime`: "YYYY-MM-DD HH:mm", UTC. */
const MINUTE_UTC = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})$/;

function listen(
  context: MappingContext,
  source: ListenSource,
  playedAt: Date,
  endedAt: Date | null,
  msPlayed: number | null,
  track: ListenInput['track'],
): RowResult {
  const input: ListenInput = { userId: context.userId, playedAt, msPlayed, source, track };
  if (endedAt) input.endedAt = endedAt;
  return { kind: 'listen', input };
}

function playLength(msPlayed: number, context: MappingContext): Skip | null {
  if (msPlayed === 0) return skip('zero-length', 'ms_played is 0');
  if (msPlayed < context.minMsPlayed) return skip('too-short', `played ${msPlayed} ms`);
  return null;
}

/** A row of Streaming_History_Audio_*.json (or the older endsong_*.json): `ts` is the END. */
function spotifyExtended(row: Record<string, unknown>, context: MappingContext): RowResult {
  const ts = row.ts;
  const msPlayed = row.ms_played;
  if (typeof ts !== 'string' || !ISO_UTC.test(ts))
    return skip('malformed', 'ts is missing or not an ISO UTC time');
  if (!isMsCount(msPlayed)) return skip('malformed', 'ms_played is missing or not a whole number');
  const title = nonEmptyString(row.master_metadata_track_name);
  if (title === null) {
    if (nonEmptyString(row.spotify_episode_uri) ?? nonEmptyString(row.episode_name))
      return skip('podcast', 'podcast episode');
    if (nonEmptyString(row.audiobook_chapter_uri) ?? nonEmptyString(row.audiobook_title))
      return skip('audiobook', 'audiobook chapter');
    return skip('malformed', 'master_metadata_track_name is missing');
  }
  const artist = nonEmptyString(row.master_metadata_album_artist_name);
  if (artist === null) return skip('malformed', 'master_metadata_album_artist_name is missing');
  const short = playLength(msPlayed, context);
  if (short) return short;
  const endedAt = Date.parse(ts);
  const uri =
    typeof row.spotify_track_uri === 'string' ? SPOTIFY_TRACK_URI.exec(row.spotify_track_uri) : null;
  return listen(context, 'spotify-import', new Date(endedAt - msPlayed), new Date(endedAt), msPlayed, {
    title,
    artists: [artist],
    album: nonEmptyString(row.master_metadata_album_album_name),
    spotifyTrackId: uri?.[1] ?? null,
  });
}

/** A row of the account-data StreamingHistory_music_*.json: minute precision, end time. */
function spotifyAccount(row: Record<string, unknown>, context: MappingContext): RowResult {
  const endTime = typeof row.endTime === 'string' ? MINUTE_UTC.exec(row.endTime) : null;
  const msPlayed = row.msPlayed;
  if (endTime === null) return skip('malformed', 'endTime is missing or not "YYYY-MM-DD HH:mm"');
  if (!isMsCount(msPlayed)) return skip('malformed', 'msPlayed is missing or not a whole number');
  if (row.podcastName !== undefined || row.episodeName !== undefined)
    return skip('podcast', 'podcast episode');
  const title = nonEmptyString(row.trackName);
  const artist = nonEmptyString(row.artistName);
  if (title === null) return skip('malformed', 'trackName is missing');
  if (artist === null) return skip('malformed', 'artistName is missing');
  const short = playLength(msPlayed, context);
  if (short) return short;
  const endedAt = Date.parse(`${endTime[1]}T${endTime[2]}:00Z`);
  if (Number.isNaN(endedAt)) return skip('malformed', 'endTime is not a real date');
  return listen(context, 'spotify-import', new Date(endedAt - msPlayed), new Date(endedAt), msPlayed, {
    title,
    artists: [artist],
  });
}

function stringArray(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > 50) return null;
  const strings = value.filter((item): item is string => nonEmptyString(item) !== null);
  return strings.length === value.length ? strings : null;
}

/** A ListenBrainz listen: `listened_at` is the START in unix seconds; no time-heard is known. */
function listenBrainz(row: Record<string, unknown>, context: MappingContext): RowResult {
  const listenedAt = row.listened_at;
  const playedAt = new Date(typeof listenedAt === 'number' ? Math.round(listenedAt * 1000) : Number.NaN);
  if (typeof listenedAt !== 'number' || listenedAt <= 0 || Number.isNaN(playedAt.getTime()))
    return skip('malformed', 'listened_at is missing or not a unix time');
  const meta = row.track_metadata;
  if (!isRecord(meta)) return skip('malformed', 'track_metadata is missing');
  const title = nonEmptyString(meta.track_name);
  const artist = nonEmptyString(meta.artist_name);
  if (title === null) return skip('malformed', 'track_metadata.track_name is missing');
  if (artist === null) return skip('malformed', 'track_metadata.artist_name is missing');
  const info = isRecord(meta.additional_info) ? meta.additional_info : {};
  const durationMs = isMsCount(info.duration_ms)
    ? info.duration_ms
    : typeof info.duration === 'number' && info.duration > 0
      ? Math.round(info.duration * 1000)
      : null;
  const isrc = nonEmptyString(info.isrc);
  const spotifyId = typeof info.spotify_id === 'string' ? SPOTIFY_TRACK_URL.exec(info.spotify_id) : null;
  return listen(context, 'listenbrainz-import', playedAt, null, null, {
    title,
    artists: stringArray(info.artist_names) ?? [artist],
    album: nonEmptyString(meta.release_name),
    durationMs: durationMs !== null && durationMs <= MAX_MS ? durationMs : null,
    spotifyTrackId: spotifyId?.[1] ?? null,
    isrc: isrc !== null && isrc.trim().length <= 32 ? isrc : null,
  });
}

/** Maps one parsed row of a file of `kind` to a listen or a reason to skip it. */
export function mapRow(kind: ImportFileKind, value: unknown, context: MappingContext): RowResult {
  if (!isRecord(value)) return skip('malformed', 'row is not a JSON object');
  switch (kind) {
    case 'spotify-extended-audio':
      return spotifyExtended(value, context);
    case 'spotify-extended-video':
      return skip('video', 'video stream');
    case 'spotify-account-music':
      return spotifyAccount(value, context);
    case 'spotify-account-podcast':
      return skip('podcast', 'podcast episode');
    case 'listenbrainz-json':
    case 'listenbrainz-jsonl':
      return listenBrainz(value, context);
  }
}

/** Guesses a lone JSON file's row shape from its first row (null: not an export we know). */
export function kindOfRow(value: unknown, fileName: string): ImportFileKind | null {
  if (!isRecord(value)) return null;
  if ('ts' in value && 'ms_played' in value)
    return /video/i.test(fileName) ? 'spotify-extended-video' : 'spotify-extended-audio';
  if ('endTime' in value && 'msPlayed' in value)
    return 'podcastName' in value ? 'spotify-account-podcast' : 'spotify-account-music';
  if ('listened_at' in value && 'track_metadata' in value) return 'listenbrainz-json';
  return null;
}
