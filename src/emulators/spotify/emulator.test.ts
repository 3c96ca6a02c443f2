import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SPOTIFY_APP, type SpotifyEmulator, startSpotifyEmulator } from './index.ts';

let now = 1_700_000_000_000;
let spotify: SpotifyEmulator;

beforeAll(async () => {
  spotify = await startSpotifyEmulator({ now: () => now, tokenLifetimeS: 3600 });
});
afterAll(async () => {
  await spotify?.close();
});

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const token = (authorization: string, body = 'grant_type=client_credentials') =>
  fetch(`${spotify.accountsUrl}/api/token`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
const appToken = async () => {
  const response = await token(basic(DEFAULT_SPOTIFY_APP.clientId, DEFAULT_SPOTIFY_APP.clientSecret));
  return ((await response.json()) as { access_token: string }).access_token;
};
const get = async (path: string, bearer?: string) => {
  const response = await fetch(`${spotify.apiUrl}${path}`, {
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('Spotify emulator: accounts', () => {
  it('issues a client-credentials token to a registered app (Basic auth)', async () => {
    const response = await token(basic(DEFAULT_SPOTIFY_APP.clientId, DEFAULT_SPOTIFY_APP.clientSecret));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^BQ/),
      token_type: 'Bearer',
      expires_in: 3600,
    });
  });

  it('answers 400 invalid_client to a wrong secret, and names a missing grant type', async () => {
    const wrong = await token(basic(DEFAULT_SPOTIFY_APP.clientId, 'nope-nope'));
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: 'invalid_client', error_description: 'Invalid client' });
    const noGrant = await token(basic(DEFAULT_SPOTIFY_APP.clientId, DEFAULT_SPOTIFY_APP.clientSecret), '');
    expect(noGrant.status).toBe(400);
    expect(await noGrant.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });
});

describe('Spotify emulator: Web API', () => {
  it('refuses a missing, unknown or expired token with Spotify’s 401 bodies', async () => {
    expect(await get('/tracks/4PTG3Z6ehGkBFwjybzWkR8')).toEqual({
      status: 401,
      body: { error: { status: 401, message: 'No token provided' } },
    });
    expect((await get('/tracks/4PTG3Z6ehGkBFwjybzWkR8', 'BQforged')).body).toEqual({
      error: { status: 401, message: 'Invalid access token' },
    });
    const bearer = await appToken();
    now += 3601_000;
    expect((await get('/tracks/4PTG3Z6ehGkBFwjybzWkR8', bearer)).body).toEqual({
      error: { status: 401, message: 'The access token expired' },
    });
  });

  it('gives a full track with external_ids.isrc, and 404/400 error objects', async () => {
    const bearer = await appToken();
    const { status, body } = await get('/tracks/4PTG3Z6ehGkBFwjybzWkR8', bearer);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: '4PTG3Z6ehGkBFwjybzWkR8',
      type: 'track',
      name: 'Never Gonna Give You Up',
      duration_ms: 213_573,
      external_ids: { isrc: 'GBARL9300135' },
      artists: [{ name: 'Rick Astley', type: 'artist' }],
      album: {
        id: '6N9PS4QXF1D0OWPk0Sxtb4',
        images: expect.arrayContaining([expect.objectContaining({ height: 640 })]),
      },
    });
    expect(await get('/tracks/0000000000000000000000', bearer)).toEqual({
      status: 404,
      body: { error: { status: 404, message: 'Resource not found' } },
    });
    expect((await get('/tracks/nope', bearer)).body).toEqual({
      error: { status: 400, message: 'Invalid base62 id' },
    });
  });

  it('pages playlist items with offset/limit and absolute next URLs', async () => {
    const bearer = await appToken();
    const first = await get('/playlists/37i9dQZF1DXcBWIGoYBM5M/tracks?offset=0&limit=2', bearer);
    expect(first.body).toMatchObject({ offset: 0, limit: 2, total: 3, previous: null });
    expect(first.body.next).toBe(
      `${spotify.apiUrl}/playlists/37i9dQZF1DXcBWIGoYBM5M/tracks?offset=2&limit=2`,
    );
    const items = first.body.items as { track: { id: string; external_ids: { isrc: string } } }[];
    expect(items.map((item) => item.track.external_ids.isrc)).toEqual(['GBARL9300135', 'USWB19901574']);
    const next = await fetch(first.body.next as string, { headers: { authorization: `Bearer ${bearer}` } });
    const second = (await next.json()) as { items: unknown[]; next: string | null };
    expect(second.items).toHaveLength(1);
    expect(second.next).toBeNull();
    expect((await get('/playlists/37i9dQZF1DXcBWIGoYBM5M/tracks?limit=101', bearer)).status).toBe(400);
  });

  it('embeds the first page of an album’s simplified tracks (no ISRC there, as on Spotify)', async () => {
    const bearer = await appToken();
    const { body } = await get('/albums/6N9PS4QXF1D0OWPk0Sxtb4', bearer);
    const tracks = body.tracks as { items: Record<string, unknown>[]; total: number; next: string | null };
    expect(body).toMatchObject({ name: 'Whenever You Need Somebody', total_tracks: 2 });
    expect(tracks.total).toBe(2);
    expect(tracks.next).toBeNull();
    expect(tracks.items[0]).toMatchObject({ id: '4PTG3Z6ehGkBFwjybzWkR8', track_number: 1 });
    expect(tracks.items[0]).not.toHaveProperty('external_ids');
    const paged = await get('/albums/6N9PS4QXF1D0OWPk0Sxtb4/tracks?limit=1&offset=1', bearer);
    expect(paged.body).toMatchObject({ offset: 1, limit: 1, total: 2, next: null });
  });
});
