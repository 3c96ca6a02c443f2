import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LYRICS_CATALOGUE, type LrclibEmulator, startLrclibEmulator } from './index.ts';

describe('LRCLIB emulator', () => {
  let lrclib: LrclibEmulator;
  beforeAll(async () => {
    lrclib = await startLrclibEmulator({ catalogue: DEMO_LYRICS_CATALOGUE });
  });
  afterAll(() => lrclib?.close());

  const get = (path: string) => fetch(`${lrclib.url}${path}`);
  // biome-ignore lint/suspicious/noExplicitAny: a wire body under test, checked field by field
  const json = async (response: Response): Promise<any> => response.json();

  it('answers /api/get with the record in LRCLIB’s fields, names compared loosely', async () => {
    const response = await get('/api/get?track_name=paper%20lanterns&artist_name=THE%20QUIET%20HARBOUR');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await json(response);
    expect(Object.keys(body)).toEqual([
      'id',
      'name',
      'trackName',
      'artistName',
      'albumName',
      'duration',
      'instrumental',
      'plainLyrics',
      'syncedLyrics',
    ]);
    expect(body).toMatchObject({ id: 1, trackName: 'Paper Lanterns', duration: 212.4, instrumental: false });
    expect(body.syncedLyrics).toContain('[00:05.20] We hung our paper lanterns');
  });

  it('matches the duration within 2 s, like LRCLIB', async () => {
    const query = '/api/get?track_name=Paper+Lanterns&artist_name=The+Quiet+Harbour&duration=';
    expect((await get(`${query}214`)).status).toBe(200);
    expect((await get(`${query}210.5`)).status).toBe(200);
    const miss = await get(`${query}215`);
    expect(miss.status).toBe(404);
    expect(await miss.json()).toEqual({
      message: 'Failed to find specified track',
      name: 'TrackNotFound',
      statusCode: 404,
    });
  });

  it('drops accents and punctuation when comparing, and narrows by album when given', async () => {
    expect((await get('/api/get?track_name=salt%20pepper&artist_name=cafe%20nuit')).status).toBe(200);
    const wrongAlbum = await get('/api/get?track_name=Northbound&artist_name=Mira%20Solen&album_name=Other');
    expect(wrongAlbum.status).toBe(404);
  });

  it('refuses a malformed /api/get as LRCLIB does', async () => {
    const missing = await get('/api/get?track_name=Northbound');
    expect(missing.status).toBe(400);
    expect(await missing.text()).toBe('Failed to deserialize query string: missing field `artist_name`');
    const empty = await get('/api/get?track_name=&artist_name=Mira%20Solen&duration=0');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({
      message: 'track_name: cannot be empty\nduration: must be between 1 and 3600',
      name: 'ValidationError',
      statusCode: 400,
    });
  });

  it('answers an instrumental with no lyrics, and /api/get/:id by id', async () => {
    const response = await get('/api/get/4');
    expect(await response.json()).toMatchObject({
      trackName: 'Glass Orchard',
      instrumental: true,
      plainLyrics: null,
      syncedLyrics: null,
    });
    expect((await get('/api/get/999')).status).toBe(404);
  });

  it('searches by words of q, or by track and artist names, and answers [] without either', async () => {
    const byWords = await json(await get('/api/search?q=harbour%20lanterns'));
    expect(byWords.map((record: { trackName: string }) => record.trackName)).toEqual([
      'Paper Lanterns',
      'Paper Lanterns (Live)',
    ]);
    const byNames = await json(await get('/api/search?track_name=northbound&artist_name=solen'));
    expect(byNames.map((record: { id: number }) => record.id)).toEqual([3]);
    expect(await (await get('/api/search?artist_name=Vela')).json()).toEqual([]);
  });

  it('records what it was asked, with the User-Agent', async () => {
    await fetch(`${lrclib.url}/api/search?q=x`, { headers: { 'user-agent': 'Tester/1.0' } });
    expect(lrclib.requests.at(-1)).toEqual({
      path: '/api/search',
      query: { q: 'x' },
      userAgent: 'Tester/1.0',
    });
  });
});
