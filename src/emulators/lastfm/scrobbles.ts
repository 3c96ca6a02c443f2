/**
 * `track.scrobble`'s batch in array notation (`artist[0]`…`artist[49]`, or unindexed for one)
 * and the per-item verdicts Last.fm reports as `ignoredMessage` codes.
 */
export interface ScrobbleItem {
  artist: string;
  track: string;
  timestamp: number;
  album: string;
  albumArtist: string;
  duration: number | null;
}

export const MAX_SCROBBLES_PER_BATCH = 50;
/** Last.fm drops scrobbles more than two weeks old. */
const MAX_AGE_S = 14 * 24 * 3600;
/** …and ones from the future beyond a little clock skew. */
const MAX_AHEAD_S = 3600;
/** Last.fm's documented daily cap per user. */
export const DAILY_SCROBBLE_LIMIT = 2800;

export const IGNORED_MESSAGES = {
  0: '',
  1: 'Artist ignored',
  2: 'Track ignored',
  3: 'Timestamp too old',
  4: 'Timestamp too new',
  5: 'Daily scrobble limit exceeded',
} as const;
export type IgnoredCode = keyof typeof IGNORED_MESSAGES;

/** The batch's items, or null when a required parameter is missing or the batch is too big. */
export function parseScrobbleBatch(params: URLSearchParams): ScrobbleItem[] | null {
  if (params.has('artist')) {
    const item = itemAt(params, '');
    return item ? [item] : null;
  }
  const indices = new Set<number>();
  for (const name of params.keys()) {
    const match = /^[A-Za-z]+\[(\d+)\]$/.exec(name);
    if (match) indices.add(Number(match[1]));
  }
  if (indices.size === 0 || [...indices].some((index) => index >= MAX_SCROBBLES_PER_BATCH)) return null;
  const items: ScrobbleItem[] = [];
  for (const index of [...indices].sort((a, b) => a - b)) {
    const item = itemAt(params, `[${index}]`);
    if (!item) return null;
    items.push(item);
  }
  return items;
}

function itemAt(params: URLSearchParams, suffix: string): ScrobbleItem | null {
  const artist = params.get(`artist${suffix}`);
  const track = params.get(`track${suffix}`);
  const timestamp = params.get(`timestamp${suffix}`);
  if (artist === null || track === null || timestamp === null || !/^\d+$/.test(timestamp)) return null;
  const duration = params.get(`duration${suffix}`);
  return {
    artist,
    track,
    timestamp: Number(timestamp),
    album: params.get(`album${suffix}`) ?? '',
    albumArtist: params.get(`albumArtist${suffix}`) ?? '',
    duration: duration !== null && /^\d+$/.test(duration) ? Number(duration) : null,
  };
}

export function ignoredCode(item: ScrobbleItem, nowS: number, scrobbledToday: number): IgnoredCode {
  if (item.artist.trim() === '') return 1;
  if (item.track.trim() === '') return 2;
  if (item.timestamp < nowS - MAX_AGE_S) return 3;
  if (item.timestamp > nowS + MAX_AHEAD_S) return 4;
  if (scrobbledToday >= DAILY_SCROBBLE_LIMIT) return 5;
  return 0;
}

const corrected = (text: string) => (text === '' ? { corrected: '0' } : { corrected: '0', '#text': text });

/** One item as Last.fm's JSON (converted from its XML: every value a string, `#text` for text). */
export function scrobbleJson(item: ScrobbleItem, code: IgnoredCode) {
  return {
    artist: corrected(item.artist),
    album: corrected(item.album),
    track: corrected(item.track),
    ignoredMessage: { code: String(code), '#text': IGNORED_MESSAGES[code] },
    albumArtist: corrected(item.albumArtist),
    timestamp: String(item.timestamp),
  };
}

/** The now-playing answer: the same fields without a timestamp. */
export function nowPlayingJson(item: Omit<ScrobbleItem, 'timestamp'>, code: IgnoredCode) {
  return {
    artist: corrected(item.artist),
    track: corrected(item.track),
    album: corrected(item.album),
    albumArtist: corrected(item.albumArtist),
    ignoredMessage: { code: String(code), '#text': IGNORED_MESSAGES[code] },
  };
}
