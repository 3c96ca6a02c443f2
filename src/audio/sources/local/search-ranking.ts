/** Lower-cased words without accents: "Beyoncé – Halo" → ["beyonce", "halo"]. */
export function searchTokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The searchable words of one file, by field. */
export interface SearchableFields {
  title: string[];
  artist: string[];
  album: string[];
  filename: string[];
}

// Title words count most, then artist, album, and the file name as a last resort; a whole-word
// match beats a prefix, which beats a match inside a word.
const WEIGHTS: Record<keyof SearchableFields, readonly [exact: number, prefix: number, inner: number]> = {
  title: [6, 4, 2],
  artist: [4, 3, 1.5],
  album: [3, 2, 1],
  filename: [2, 1.5, 1],
};

/**
 * Scores a file for a query: every query word must match somewhere (else 0), each adding the
 * weight of its best match.
 */
export function scoreMatch(query: readonly string[], fields: SearchableFields): number {
  let total = 0;
  for (const word of query) {
    let best = 0;
    for (const field of Object.keys(WEIGHTS) as (keyof SearchableFields)[]) {
      const [exact, prefix, inner] = WEIGHTS[field];
      for (const token of fields[field]) {
        if (token === word) best = Math.max(best, exact);
        else if (token.startsWith(word)) best = Math.max(best, prefix);
        else if (token.includes(word)) best = Math.max(best, inner);
      }
    }
    if (best === 0) return 0;
    total += best;
  }
  return total;
}
