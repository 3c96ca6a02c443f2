import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppleMusicEmulator, startAppleMusicEmulator } from './index.ts';

let apple: AppleMusicEmulator;
beforeAll(async () => {
  apple = await startAppleMusicEmulator();
});
afterAll(async () => {
  await apple?.close();
});

const api = async (path: string, token: string | null = apple.developerToken) => {
  const response = await fetch(`${apple.apiUrl}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
};

describe('Apple Music emulator', () => {
  it('gives a song resource with isrc, durationInMillis and a {w}x{h} artwork template', async () => {
    const { status, body } = await api('/catalog/us/songs/1559523357');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      data: [
        {
          id: '1559523357',
          type: 'songs',
          attributes: {
            name: 'Never Gonna Give You Up',
            artistName: 'Rick Astley',
            isrc: 'GBARL9300135',
            durationInMillis: 214_107,
            artwork: { url: expect.stringContaining('{w}x{h}bb.jpg') },
            url: 'https://music.apple.com/us/album/1559523334?i=1559523357',
          },
        },
      ],
    });
  });

  it('answers a bare 401 without the developer token, and an errors document on 404', async () => {
    expect(await api('/catalog/us/songs/1559523357', null)).toEqual({ status: 401, body: null });
    expect(await api('/catalog/us/songs/1')).toEqual({
      status: 404,
      body: {
        errors: [
          {
            id: expect.any(String),
            title: 'Resource Not Found',
            detail: 'Resource with requested id was not found',
            status: '404',
            code: '40400',
          },
        ],
      },
    });
  });

  it('includes a playlist’s tracks as a relationship', async () => {
    const { body } = await api('/catalog/us/playlists/pl.2b0e6e332fdf4b7a91164da3162127b5');
    const [playlist] = (body as { data: { relationships: { tracks: { data: { id: string }[] } } }[] }).data;
    expect(playlist).toMatchObject({ type: 'playlists', attributes: { name: '80s Hits Essentials' } });
    const tracks = playlist?.relationships.tracks.data ?? [];
    expect(tracks.map((t) => t.id)).toEqual(['1035048414', '1559523357']);
  });

  it('answers the keyless iTunes lookup: a song without ISRC, an album with its songs', async () => {
    const song = (await (
      await fetch(`${apple.itunesUrl}/lookup?id=1035048414&entity=song&country=us`)
    ).json()) as {
      resultCount: number;
      results: Record<string, unknown>[];
    };
    expect(song.resultCount).toBe(1);
    expect(song.results[0]).toMatchObject({
      wrapperType: 'track',
      kind: 'song',
      trackName: 'Take On Me',
      trackTimeMillis: 225_280,
    });
    expect(song.results[0]).not.toHaveProperty('isrc');
    const album = (await (await fetch(`${apple.itunesUrl}/lookup?id=1559523334&entity=song`)).json()) as {
      results: { wrapperType: string }[];
    };
    expect(album.results.map((r) => r.wrapperType)).toEqual(['collection', 'track', 'track']);
    const none = await (await fetch(`${apple.itunesUrl}/lookup?id=42`)).json();
    expect(none).toEqual({ resultCount: 0, results: [] });
  });
});
