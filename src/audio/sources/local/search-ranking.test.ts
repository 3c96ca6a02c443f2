import { describe, expect, it } from 'vitest';
import { type SearchableFields, scoreMatch, searchTokens } from './search-ranking.ts';

const song = (title: string, artist: string, album = '', filename = ''): SearchableFields => ({
  title: searchTokens(title),
  artist: searchTokens(artist),
  album: searchTokens(album),
  filename: searchTokens(filename),
});

describe('search ranking', () => {
  it('folds case and accents into plain words', () => {
    expect(searchTokens('Beyoncé – HALO (Live)')).toEqual(['beyonce', 'halo', 'live']);
  });

  it('needs every query word to match somewhere', () => {
    expect(scoreMatch(['halo', 'beyonce'], song('Halo', 'Beyoncé'))).toBeGreaterThan(0);
    expect(scoreMatch(['halo', 'adele'], song('Halo', 'Beyoncé'))).toBe(0);
  });

  it('ranks a title match over an artist match, and a whole word over a prefix', () => {
    const inTitle = scoreMatch(['blue'], song('Blue Monday', 'New Order'));
    const inArtist = scoreMatch(['blue'], song('Song 2', 'Blue Oyster Cult'));
    const prefix = scoreMatch(['blu'], song('Blue Monday', 'New Order'));
    expect(inTitle).toBeGreaterThan(inArtist);
    expect(inTitle).toBeGreaterThan(prefix);
  });
});
