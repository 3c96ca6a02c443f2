/**
 * Scores a candidate from the playable source (a YouTube search result) against the track a
 * Spotify, Apple Music or Deezer link named, as LavaSrc users expect: the same song, not a live
 * take, a cover or a one-hour loop; the artist's own upload (an auto-generated "Topic" channel,
 * VEVO, "Official Audio") preferred; and a length close to the original.
 */
export interface MirrorTarget {
  title: string;
  author: string;
  /** Milliseconds; 0 when unknown. */
  length: number;
}

export interface MirrorCandidate {
  title: string;
  author: string;
  length: number;
  isStream: boolean;
}

/** Words that mark another version of a song, unless the original title has them too. */
const OTHER_VERSION = [
  'live',
  'cover',
  'karaoke',
  'instrumental',
  'remix',
  'sped up',
  'slowed',
  'nightcore',
  '8d',
  'reaction',
  'acoustic',
  'hour',
  'loop',
  'tutorial',
  'lesson',
];

/** The smallest score a title search result needs; an ISRC search needs less (see `pickMirror`). */
export const TITLE_MATCH_THRESHOLD = 50;
export const ISRC_MATCH_THRESHOLD = 25;

/** How far a candidate's length may be from the original's. */
export function lengthTolerance(lengthMs: number): number {
  return Math.max(8_000, lengthMs * 0.08);
}

/** Lowercase words without accents, punctuation or "feat. …" credits. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\((?:feat|ft|with)\.?[^)]*\)|\[(?:feat|ft|with)\.?[^\]]*\]/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((word) => word !== '');
}

const phrase = (list: string[]) => ` ${list.join(' ')} `;

/**
 * A score (higher is better), or null when the candidate cannot be the track: a live stream, or
 * a length too far from the original's.
 */
export function scoreCandidate(target: MirrorTarget, candidate: MirrorCandidate): number | null {
  if (candidate.isStream) return null;
  const tolerance = lengthTolerance(target.length);
  const knownLengths = target.length > 0 && candidate.length > 0;
  const lengthDiff = knownLengths ? Math.abs(target.length - candidate.length) : 0;
  if (lengthDiff > tolerance) return null;

  const titleWords = words(target.title);
  const artistWords = words(target.author);
  const candidateTitle = phrase(words(candidate.title));
  const channel = phrase(words(candidate.author));
  const everything = `${candidateTitle}${channel}`;

  const found = titleWords.filter((word) => candidateTitle.includes(` ${word} `)).length;
  let score = titleWords.length > 0 ? (found / titleWords.length) * 50 : 0;

  const artist = phrase(artistWords);
  const artistFound = artistWords.length > 0 && everything.includes(artist);
  if (artistFound) score += 20;
  const topic = / topic $/.test(channel);
  if (topic && artistWords.length > 0 && channel.startsWith(artist)) score += 15;
  if (/vevo /.test(channel) || (artistFound && channel === artist)) score += 10;
  if (candidateTitle.includes(' official ')) score += 5;

  const original = phrase([...titleWords, ...artistWords]);
  for (const marker of OTHER_VERSION) {
    if (candidateTitle.includes(` ${marker} `) && !original.includes(` ${marker} `)) score -= 30;
  }
  if (!knownLengths) score -= 10;
  else score += 15 * (1 - lengthDiff / tolerance);
  return score;
}

/** The best candidate at or above `threshold`, or null. Ties keep the search engine's order. */
export function pickMirror<T extends MirrorCandidate>(
  target: MirrorTarget,
  candidates: readonly T[],
  threshold: number,
): T | null {
  let best: { candidate: T; score: number } | null = null;
  for (const candidate of candidates) {
    const score = scoreCandidate(target, candidate);
    if (score === null || score < threshold) continue;
    if (!best || score > best.score) best = { candidate, score };
  }
  return best?.candidate ?? null;
}
