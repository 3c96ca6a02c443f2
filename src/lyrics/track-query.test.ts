import { describe, expect, it } from 'vitest';
import { songOf } from './track-query.ts';

const song = (title: string, author: string, lengthMs = 200_000) =>
  songOf({ title, author, uri: null, lengthMs });

describe('songOf', () => {
  it.each([
    ['Paper Lanterns (Official Video)', 'The Quiet Harbour', 'Paper Lanterns', 'The Quiet Harbour'],
    [
      'Paper Lanterns [Official Music Video] [4K]',
      'The Quiet Harbour',
      'Paper Lanterns',
      'The Quiet Harbour',
    ],
    ['Paper Lanterns (feat. Someone Else)', 'The Quiet Harbour', 'Paper Lanterns', 'The Quiet Harbour'],
    ['Paper Lanterns ft. Someone', 'The Quiet Harbour', 'Paper Lanterns', 'The Quiet Harbour'],
    ['Paper Lanterns - Remastered 2011', 'The Quiet Harbour', 'Paper Lanterns', 'The Quiet Harbour'],
    ['Paper Lanterns (Lyrics) | Harbour Records', 'The Quiet Harbour', 'Paper Lanterns', 'The Quiet Harbour'],
  ])('cleans “%s” by %s', (title, author, track, artist) => {
    expect(song(title, author)).toMatchObject({ track, artist });
  });

  it('splits “Artist - Title” when the left part names the uploader or the uploader is a channel', () => {
    expect(song('The Quiet Harbour - Paper Lanterns (Official Audio)', 'The Quiet Harbour')).toMatchObject({
      track: 'Paper Lanterns',
      artist: 'The Quiet Harbour',
    });
    expect(song('Mira Solen - Northbound', 'MiraSolenVEVO')).toMatchObject({
      track: 'Northbound',
      artist: 'Mira Solen',
    });
    expect(song('Northbound', 'Mira Solen - Topic')).toMatchObject({
      track: 'Northbound',
      artist: 'Mira Solen',
    });
  });

  it('keeps a dash that belongs to the title, and parts in brackets that are the song’s', () => {
    expect(song('Lanterns - Live at the Pier', 'The Quiet Harbour')).toMatchObject({
      track: 'Lanterns - Live at the Pier',
    });
    expect(song('Paper Lanterns (Live)', 'The Quiet Harbour').track).toBe('Paper Lanterns (Live)');
    expect(song('AC/DC Tribute', 'Band').track).toBe('AC/DC Tribute');
  });

  it('gives the duration in whole seconds, none for streams or past LRCLIB’s hour', () => {
    expect(song('A', 'B', 212_400).durationSec).toBe(212);
    expect(song('A', 'B', 0).durationSec).toBeNull();
    expect(song('A', 'B', 3_700_000).durationSec).toBeNull();
  });
});
