import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogueTrack,
  DEMO_LYRICS_CATALOGUE,
  type LrclibEmulator,
  startLrclibEmulator,
} from '../emulators/lrclib/index.ts';
import { LRCLIB_USER_AGENT, LrclibError, LrclibProvider } from './lrclib-provider.ts';
import type { LyricsQuery } from './lyrics-provider.ts';

const aQuery = (title: string, author: string, lengthMs: number): LyricsQuery => ({
  title,
  author,
  uri: null,
  lengthMs,
});
const signal = () => AbortSignal.timeout(5_000);

describe('LrclibProvider (against the LRCLIB emulator)', () => {
  let lrclib: LrclibEmulator;
  beforeAll(async () => {
    lrclib = await startLrclibEmulator({ catalogue: DEMO_LYRICS_CATALOGUE });
  });
  afterAll(() => lrclib?.close());
  const provider = () => new LrclibProvider({ baseUrl: lrclib.url });
  const asked = (from: number) => lrclib.requests.slice(from).map((request) => request.path);

  it('finds synced lyrics with /api/get, naming itself in the User-Agent', async () => {
    const before = lrclib.requests.length;
    const lyrics = await provider().find(aQuery('Paper Lanterns', 'The Quiet Harbour', 212_000), signal());
    expect(lyrics).toEqual({
      text: expect.stringMatching(/^We hung our paper lanterns\nAlong the harbour wall/),
      synced: [
        { timeMs: 5_200, text: 'We hung our paper lanterns' },
        { timeMs: 9_800, text: 'Along the harbour wall' },
        { timeMs: 14_350, text: 'And every one was burning' },
        { timeMs: 18_900, text: 'And none of them would fall' },
        { timeMs: 24_000, text: '' },
      ],
      instrumental: false,
      url: null,
    });
    expect(lrclib.requests.slice(before)).toEqual([
      {
        path: '/api/get',
        query: { track_name: 'Paper Lanterns', artist_name: 'The Quiet Harbour', duration: '212' },
        userAgent: LRCLIB_USER_AGENT,
      },
    ]);
    expect(LRCLIB_USER_AGENT).toMatch(/^Gramophone\/\d+\.\d+\.\d+ \(/);
  });

  it('cleans the upload’s title before asking', async () => {
    const lyrics = await provider().find(
      aQuery('The Quiet Harbour - Paper Lanterns (Official Video) [HD]', 'TheQuietHarbourVEVO', 213_000),
      signal(),
    );
    expect(lyrics?.synced?.[0]).toEqual({ timeMs: 5_200, text: 'We hung our paper lanterns' });
    expect(lrclib.requests.at(-1)?.query).toMatchObject({
      track_name: 'Paper Lanterns',
      artist_name: 'The Quiet Harbour',
    });
  });

  it('answers plain lyrics when LRCLIB has only those, and says when a track is instrumental', async () => {
    expect(await provider().find(aQuery('Salt & Pepper', 'Café Nuit', 175_000), signal())).toEqual({
      text: 'A little salt, a little pepper\nA little more of you',
      synced: null,
      instrumental: false,
      url: null,
    });
    expect(await provider().find(aQuery('Glass Orchard', 'Vela', 241_000), signal())).toEqual({
      text: '',
      synced: null,
      instrumental: true,
      url: null,
    });
  });

  it('applies the file’s [offset:] and repeated timestamps', async () => {
    const lyrics = await provider().find(aQuery('Northbound', 'Mira Solen', 185_000), signal());
    expect(lyrics?.synced?.map((line) => line.timeMs)).toEqual([10_000, 14_500, 40_000, 44_500]);
  });

  it('picks the search result whose duration fits when the exact lookup misses', async () => {
    // 263 s is the live version: /api/get with the studio title misses, search finds both.
    const before = lrclib.requests.length;
    const live = await provider().find(aQuery('Paper Lanterns', 'The Quiet Harbour', 262_000), signal());
    expect(live?.text).toMatch(/sing it!/);
    expect(asked(before)).toEqual(['/api/get', '/api/search']);
    // Found by search under another uploader: the words of the whole title.
    const other = await provider().find(
      aQuery('Mira Solen — Northbound', 'someone uploads', 186_000),
      signal(),
    );
    expect(other?.text).toMatch(/^Northbound, northbound/);
  });

  it('looks a track without an artist (an untagged file) up by its title alone', async () => {
    const before = lrclib.requests.length;
    const lyrics = await provider().find(aQuery('Northbound', '', 185_000), signal());
    expect(lyrics?.text).toMatch(/^Northbound, northbound/);
    expect(lrclib.requests.slice(before).map(({ path, query }) => ({ path, query }))).toEqual([
      { path: '/api/search', query: { track_name: 'Northbound' } },
    ]);
  });

  it('keeps plain lyrics but drops synced lines of a version a few seconds off', async () => {
    const lyrics = await provider().find(aQuery('Paper Lanterns', 'The Quiet Harbour', 218_000), signal());
    expect(lyrics).toMatchObject({ synced: null, text: expect.stringMatching(/^We hung/) });
  });

  it('answers null when nothing matches, and remembers it', async () => {
    const lyricsProvider = provider();
    const query = aQuery('No Such Song', 'Nobody', 100_000);
    const before = lrclib.requests.length;
    expect(await lyricsProvider.find(query, signal())).toBeNull();
    const afterFirst = lrclib.requests.length;
    expect(afterFirst - before).toBeGreaterThan(1);
    expect(await lyricsProvider.find(query, signal())).toBeNull();
    expect(lrclib.requests.length).toBe(afterFirst);
  });

  it('caches hits, forgets them after their time, and holds a bounded number', async () => {
    let now = 0;
    const lyricsProvider = new LrclibProvider({
      baseUrl: lrclib.url,
      cache: { maxEntries: 1, foundTtlMs: 1_000, missingTtlMs: 1_000 },
      now: () => now,
    });
    const lanterns = aQuery('Paper Lanterns', 'The Quiet Harbour', 212_000);
    const count = async (query: LyricsQuery) => {
      const before = lrclib.requests.length;
      await lyricsProvider.find(query, signal());
      return lrclib.requests.length - before;
    };
    expect(await count(lanterns)).toBe(1);
    expect(await count(lanterns)).toBe(0);
    now = 1_000;
    expect(await count(lanterns)).toBe(1);
    expect(await count(aQuery('Salt & Pepper', 'Café Nuit', 175_000))).toBe(1);
    // The cache holds one entry: the newer one pushed Paper Lanterns out.
    expect(await count(lanterns)).toBe(1);
  });

  it('fails (not “no lyrics”) when LRCLIB answers an error or an unexpected body', async () => {
    // A base URL that is not LRCLIB's: its bare 404 is a failure, unlike LRCLIB's TrackNotFound.
    const broken = new LrclibProvider({ baseUrl: `${lrclib.url}/nowhere` });
    await expect(
      broken.find(aQuery('Paper Lanterns', 'The Quiet Harbour', 212_000), signal()),
    ).rejects.toThrow(/LRCLIB answered 404 to \/api\/get/);
    const extra: CatalogueTrack = { ...DEMO_LYRICS_CATALOGUE[0]!, trackName: 'Odd', duration: 99 };
    lrclib.add({ ...extra, instrumental: 'yes' as unknown as boolean });
    await expect(
      provider().find(aQuery('Odd', 'The Quiet Harbour', 99_000), signal()),
    ).rejects.toBeInstanceOf(LrclibError);
  });
});
