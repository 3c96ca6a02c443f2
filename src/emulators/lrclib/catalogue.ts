/**
 * The LRCLIB emulator's tracks: made-up songs (no real lyrics are copied) covering what the
 * provider must handle — synced and plain lyrics, two versions of one song of different lengths,
 * several timestamps on one line with an `[offset:]`, an instrumental, a plain-only song, and
 * names with punctuation and accents.
 */
export interface CatalogueTrack {
  trackName: string;
  artistName: string;
  albumName: string;
  /** Seconds, with a fraction as LRCLIB stores them. */
  duration: number;
  instrumental: boolean;
  plainLyrics: string | null;
  syncedLyrics: string | null;
}

export const DEMO_LYRICS_CATALOGUE: readonly CatalogueTrack[] = [
  {
    trackName: 'Paper Lanterns',
    artistName: 'The Quiet Harbour',
    albumName: 'Low Tide',
    duration: 212.4,
    instrumental: false,
    plainLyrics:
      'We hung our paper lanterns\nAlong the harbour wall\nAnd every one was burning\nAnd none of them would fall',
    syncedLyrics:
      '[ar:The Quiet Harbour]\n[ti:Paper Lanterns]\n[00:05.20] We hung our paper lanterns\n[00:09.80] Along the harbour wall\n[00:14.35] And every one was burning\n[00:18.90] And none of them would fall\n[00:24.00] ',
  },
  {
    trackName: 'Paper Lanterns (Live)',
    artistName: 'The Quiet Harbour',
    albumName: 'Lanterns Live',
    duration: 263,
    instrumental: false,
    plainLyrics: 'We hung our paper lanterns (sing it!)\nAlong the harbour wall',
    syncedLyrics: null,
  },
  {
    trackName: 'Northbound',
    artistName: 'Mira Solen',
    albumName: 'Compass',
    duration: 185,
    instrumental: false,
    plainLyrics: 'Northbound, northbound\nThe road is wide\nNorthbound, northbound\nThe stars our guide',
    syncedLyrics:
      '[offset:+500]\n[00:10.50][00:40.50]Northbound, northbound\n[00:15.00]The road is wide\n[00:45.00]The stars our guide',
  },
  {
    trackName: 'Glass Orchard',
    artistName: 'Vela',
    albumName: 'Glass Orchard',
    duration: 241,
    instrumental: true,
    plainLyrics: null,
    syncedLyrics: null,
  },
  {
    trackName: 'Salt & Pepper',
    artistName: 'Café Nuit',
    albumName: 'Menu du Soir',
    duration: 174.9,
    instrumental: false,
    plainLyrics: 'A little salt, a little pepper\nA little more of you',
    syncedLyrics: null,
  },
];
