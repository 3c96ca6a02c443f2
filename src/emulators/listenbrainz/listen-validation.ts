/**
 * ListenBrainz's checks on `POST /1/submit-listens` (`webserver/views/api.py` `submit_listen` and
 * `webserver/views/api_tools.py` `validate_listen`), in the order LB runs them, so the first
 * problem a client hits here is the one LB would name.
 */
export type ListenType = 'single' | 'playing_now' | 'import';

export interface SubmittedListen {
  /** Absent for playing_now. */
  listened_at?: number;
  track_metadata: {
    artist_name: string;
    track_name: string;
    release_name?: string;
    additional_info?: Record<string, unknown>;
  };
}

export type SubmissionVerdict =
  | { ok: true; listenType: ListenType; listens: SubmittedListen[] }
  | { ok: false; error: string };

export const MAX_LISTENS_PER_REQUEST = 1000;
export const MAX_LISTEN_SIZE = 10240;
export const MAX_LISTEN_PAYLOAD_SIZE = 10_240_000;
/** 2002-10-01T00:00:00Z: nothing was scrobbled before Audioscrobbler existed. */
export const LISTEN_MINIMUM_TS = 1_033_430_400;
/** LB accepts timestamps up to an hour ahead, for clock skew. */
const MAX_FUTURE_SKEW_S = 3600;
const MAX_TAGS = 50;
const MAX_TAG_LENGTH = 64;
const MAX_DURATION_MS = 24 * 24 * 3600 * 1000;

const LISTEN_TYPES: readonly string[] = ['single', 'playing_now', 'import'];

const fail = (error: string): SubmissionVerdict => ({ ok: false, error });

export function validateSubmission(rawBody: string, nowMs: number): SubmissionVerdict {
  if (Buffer.byteLength(rawBody) > MAX_LISTEN_PAYLOAD_SIZE)
    return fail(`Payload too large. Payload should be less than ${MAX_LISTEN_PAYLOAD_SIZE} bytes.`);
  let data: unknown;
  try {
    data = JSON.parse(rawBody);
  } catch (error) {
    return fail(`Cannot parse JSON document: ${(error as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || !('payload' in data) || !('listen_type' in data))
    return fail('Invalid JSON document submitted.');
  const { payload, listen_type: listenType } = data as { payload: unknown; listen_type: unknown };
  if (typeof listenType !== 'string' || !LISTEN_TYPES.includes(listenType))
    return fail('JSON document requires a valid listen_type key.');
  if (!Array.isArray(payload)) return fail('The payload in the JSON document should be a list of listens.');
  if (payload.length === 0) return fail('JSON document does not contain any listens.');
  if (Buffer.byteLength(rawBody) > payload.length * MAX_LISTEN_SIZE)
    return fail(
      `JSON document is too large. In aggregate, listens may not be larger than ${MAX_LISTEN_SIZE} characters.`,
    );
  if ((listenType === 'single' || listenType === 'playing_now') && payload.length > 1)
    return fail(
      'JSON document contains more than listen for a single/playing_now. It should contain only one.',
    );
  if (payload.length > MAX_LISTENS_PER_REQUEST)
    return fail(`Too many listens. You may not submit more than ${MAX_LISTENS_PER_REQUEST} listens at once.`);
  for (const listen of payload) {
    const error = listenError(listen, listenType as ListenType, nowMs);
    if (error) return fail(error);
  }
  return { ok: true, listenType: listenType as ListenType, listens: payload as SubmittedListen[] };
}

function listenError(listen: unknown, listenType: ListenType, nowMs: number): string | null {
  if (typeof listen !== 'object' || listen === null || Array.isArray(listen))
    return 'Listen is empty and cannot be validated.';
  const record = listen as Record<string, unknown>;
  const keys = Object.keys(record);
  if (listenType === 'playing_now') {
    if ('listened_at' in record)
      return 'JSON document must not contain listened_at while submitting playing_now.';
    if (keys.some((key) => key !== 'track_metadata'))
      return 'JSON document may only contain track_metadata as top level key';
  } else {
    if (!('listened_at' in record)) return 'JSON document must contain the key listened_at at the top level.';
    const listenedAt = record.listened_at;
    if (typeof listenedAt !== 'number' || !Number.isInteger(listenedAt))
      return 'JSON document must contain an int value for listened_at.';
    if (keys.some((key) => key !== 'listened_at' && key !== 'track_metadata'))
      return 'JSON document may only contain listened_at and track_metadata top level keys';
    if (listenedAt < LISTEN_MINIMUM_TS)
      return `Value for key listened_at is too low. listened_at timestamp should be greater than ${LISTEN_MINIMUM_TS} (2002-10-01 00:00:00 UTC).`;
    if (listenedAt > Math.floor(nowMs / 1000) + MAX_FUTURE_SKEW_S)
      return 'Value for key listened_at is too high.';
  }
  const metadata = record.track_metadata;
  if (typeof metadata !== 'object' || metadata === null)
    return 'JSON document must contain the key track_metadata at the top level.';
  const meta = metadata as Record<string, unknown>;
  for (const field of ['track_name', 'artist_name'] as const) {
    if (!(field in meta)) return `JSON document does not contain required track_metadata.${field}.`;
    if (typeof meta[field] !== 'string') return `track_metadata.${field} must be a single string.`;
    if ((meta[field] as string).trim() === '')
      return `JSON document does not contain required track_metadata.${field}.`;
  }
  if ('release_name' in meta && meta.release_name !== null && typeof meta.release_name !== 'string')
    return 'track_metadata.release_name must be a single string.';
  return additionalInfoError(meta.additional_info);
}

function additionalInfoError(info: unknown): string | null {
  if (info === undefined || info === null) return null;
  if (typeof info !== 'object' || Array.isArray(info))
    return 'track_metadata.additional_info must be an object.';
  const record = info as Record<string, unknown>;
  if ('tags' in record) {
    const tags = record.tags;
    if (!Array.isArray(tags)) return 'track_metadata.additional_info.tags must be a list.';
    if (tags.length > MAX_TAGS) return `JSON document may not contain more than ${MAX_TAGS} items in tags.`;
    for (const tag of tags)
      if (typeof tag !== 'string' || tag.length > MAX_TAG_LENGTH)
        return `JSON document may not contain tags longer than ${MAX_TAG_LENGTH} characters.`;
  }
  const hasDuration = 'duration' in record && record.duration !== null;
  const hasDurationMs = 'duration_ms' in record && record.duration_ms !== null;
  if (hasDuration && hasDurationMs) return 'JSON document should not contain both duration and duration_ms.';
  const durationMs = hasDuration
    ? Number(record.duration) * 1000
    : hasDurationMs
      ? Number(record.duration_ms)
      : null;
  if (durationMs !== null) {
    const raw = hasDuration ? record.duration : record.duration_ms;
    const name = hasDuration ? 'duration' : 'duration_ms';
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw <= 0)
      return `Value for ${name} is invalid, should be a positive integer.`;
    if (durationMs > MAX_DURATION_MS)
      return `Value for ${name} is too large, max permitted value is 24 days.`;
  }
  return null;
}
