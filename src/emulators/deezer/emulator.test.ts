import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeezerEmulator, startDeezerEmulator } from './index.ts';

let deezer: DeezerEmulator;
beforeAll(async () => {
  deezer = await startDeezerEmulator();
});
afterAll(async () => {
  await deezer?.close();
});

const get = async (path: string) => {
  const response = await fetch(`${deezer.apiUrl}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('Deezer emulator', () => {
  it('gives a track with isrc, duration in seconds and its artist and album', async () => {
    const { status, body } = await get('/track/781592622');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: 781592622,
      title: 'Never Gonna Give You Up',
      isrc: 'GBARL9300135',
      duration: 213,
      link: 'https://www.deezer.com/track/781592622',
      artist: { name: 'Rick Astley', type: 'artist' },
      album: { id: 114468642, type: 'album', cover_xl: expect.stringContaining('1000x1000') },
      type: 'track',
    });
  });

  it('answers a missing id with HTTP 200 and DataException 800, as Deezer does', async () => {
    for (const path of ['/track/1', '/album/1', '/playlist/1/tracks', '/track/abc']) {
      expect(await get(path)).toEqual({
        status: 200,
        body: { error: { type: 'DataException', message: 'no data', code: 800 } },
      });
    }
  });

  it('pages playlist tracks by index and limit with an absolute next, without ISRCs', async () => {
    const first = await get('/playlist/908622995/tracks?index=0&limit=2');
    expect(first.body).toMatchObject({
      total: 3,
      next: `${deezer.apiUrl}/playlist/908622995/tracks?limit=2&index=2`,
    });
    const data = first.body.data as Record<string, unknown>[];
    expect(data.map((t) => t.title)).toEqual(['Together Forever', 'Take On Me']);
    expect(data[0]).not.toHaveProperty('isrc');
    const second = await get('/playlist/908622995/tracks?index=2&limit=2');
    expect(second.body).not.toHaveProperty('next');
    expect(second.body).toHaveProperty('prev');
    expect((second.body.data as unknown[]).length).toBe(1);
  });

  it('describes an album and a playlist with their counts and images', async () => {
    expect((await get('/album/114468642')).body).toMatchObject({
      title: 'Whenever You Need Somebody',
      nb_tracks: 2,
    });
    expect((await get('/playlist/908622995')).body).toMatchObject({
      title: 'Eighties Hits',
      nb_tracks: 3,
      picture_xl: expect.stringContaining('/playlist/'),
      creator: { name: 'Deezer Editor' },
    });
  });
});
