import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SPOTIFY_APP,
  type SpotifyEmulator,
  startSpotifyEmulator,
} from '../../src/emulators/spotify/index.ts';
import {
  recentPlayToListen,
  SpotifyAccountClient,
  type SpotifyAccountSettings,
  SpotifyNeedsRelinking,
  SpotifyRateLimited,
  SpotifyRefused,
  SpotifyTimeout,
  type SpotifyTokens,
  SpotifyUnauthorized,
  SpotifyUnavailable,
} from '../../src/history/spotify/index.ts';
import { createNetGuard, type NetGuard } from '../../src/net-guard/index.ts';

const T0 = Date.parse('2026-05-10T08:00:00.000Z');
let now = T0;
let spotify: SpotifyEmulator;
// The emulator listens on loopback, which the guard lets through only when told to.
const guard: NetGuard = createNetGuard({ allow: ['127.0.0.1'] });
let userId = '';

const settings = (overrides: Partial<SpotifyAccountSettings> = {}): SpotifyAccountSettings => ({
  clientId: DEFAULT_SPOTIFY_APP.clientId,
  accountsUrl: spotify.accountsUrl,
  apiUrl: spotify.apiUrl,
  redirectUri: 'http://127.0.0.1:9/api/history/spotify/callback',
  now: () => now,
  ...overrides,
});

beforeAll(async () => {
  spotify = await startSpotifyEmulator({ now: () => now });
});
afterAll(async () => {
  await Promise.all([spotify?.close(), guard.close()]);
});
beforeEach(() => {
  now = T0;
  spotify.control.clearFaults();
  spotify.control.setRefreshRotation({ mode: 'never' });
  spotify.control.setRecentlyPlayedWindow({ plays: 50 });
  userId = spotify.control.createUser().id;
  spotify.control.setConsent({ userId, approve: true });
});

/** The browser's part: follow the authorize URL (the emulator consents) to the callback's query. */
async function consent(url: string): Promise<URLSearchParams> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '').searchParams;
}

async function linked(client = new SpotifyAccountClient(settings(), guard)): Promise<SpotifyTokens> {
  const { url, state, verifier } = client.authorizeUrl();
  const back = await consent(url);
  expect(back.get('state')).toBe(state);
  return client.exchangeCode(back.get('code') ?? '', verifier);
}

const recentlyPlayedRequests = () =>
  spotify.control.requestCounts().byEndpoint['GET /v1/me/player/recently-played'] ?? 0;

describe('SpotifyAccountClient: linking', () => {
  it('asks for user-read-recently-played only, with PKCE S256 and a state', () => {
    const client = new SpotifyAccountClient(settings(), guard);
    const { url, state, verifier } = client.authorizeUrl();
    const params = new URL(url).searchParams;
    expect(url.startsWith(`${spotify.accountsUrl}/authorize?`)).toBe(true);
    expect(params.get('scope')).toBe('user-read-recently-played');
    expect(params.get('response_type')).toBe('code');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toBe(state);
    expect(verifier.length).toBeGreaterThanOrEqual(43);
    expect(client.authorizeUrl().state).not.toBe(state);
  });

  it('links as a public client and as a confidential one, and reads /me', async () => {
    const tokens = await linked();
    expect(tokens).toMatchObject({ scopes: ['user-read-recently-played'], rotated: false });
    expect(tokens.expiresAt.getTime()).toBe(T0 + 3600_000);
    const confidential = new SpotifyAccountClient(
      settings({ clientSecret: DEFAULT_SPOTIFY_APP.clientSecret }),
      guard,
    );
    const other = await linked(confidential);
    expect(await confidential.me(other.accessToken)).toEqual({ id: userId, displayName: expect.any(String) });
  });

  it('turns a replayed code into SpotifyNeedsRelinking', async () => {
    const client = new SpotifyAccountClient(settings(), guard);
    const { url, verifier } = client.authorizeUrl();
    const code = (await consent(url)).get('code') ?? '';
    await client.exchangeCode(code, verifier);
    await expect(client.exchangeCode(code, verifier)).rejects.toEqual(
      new SpotifyNeedsRelinking('Invalid authorization code'),
    );
  });

  it('goes only where the net guard allows', async () => {
    const strict = createNetGuard();
    try {
      const client = new SpotifyAccountClient(settings(), strict);
      await expect(client.refresh('whatever')).rejects.toBeInstanceOf(SpotifyRefused);
    } finally {
      await strict.close();
    }
  });
});

describe('SpotifyAccountClient: refreshing', () => {
  it('keeps a rotated refresh token; the old one then needs re-linking', async () => {
    const client = new SpotifyAccountClient(settings(), guard);
    const tokens = await linked(client);
    const same = await client.refresh(tokens.refreshToken);
    expect(same).toMatchObject({ refreshToken: tokens.refreshToken, rotated: false });
    spotify.control.setRefreshRotation({ mode: 'always' });
    const rotated = await client.refresh(tokens.refreshToken);
    expect(rotated.rotated).toBe(true);
    expect(rotated.refreshToken).not.toBe(tokens.refreshToken);
    await expect(client.refresh(tokens.refreshToken)).rejects.toEqual(
      new SpotifyNeedsRelinking('Refresh token revoked'),
    );
    expect((await client.refresh(rotated.refreshToken)).accessToken).toMatch(/^BQ/);
  });

  it('reports a revoked link as SpotifyNeedsRelinking, and an expired access token as unauthorized', async () => {
    const client = new SpotifyAccountClient(settings(), guard);
    const tokens = await linked(client);
    now += 56 * 60_000;
    expect(client.expiresSoon(tokens)).toBe(true);
    now += 4 * 60_000;
    await expect(client.me(tokens.accessToken)).rejects.toBeInstanceOf(SpotifyUnauthorized);
    spotify.control.revoke({ userId });
    const error = await client.refresh(tokens.refreshToken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyNeedsRelinking);
    expect((error as SpotifyNeedsRelinking).reason).toBe('Refresh token revoked');
  });
});

describe('SpotifyAccountClient: recently played', () => {
  it('pages 120 plays forward over 3 pages, then is caught up in one request', async () => {
    spotify.control.setRecentlyPlayedWindow({ plays: 200 });
    const { plays } = spotify.control.listen({
      userId,
      count: 120,
      from: T0 - 12 * 3600_000,
      everyMs: 200_000,
    });
    const client = new SpotifyAccountClient(settings(), guard);
    const tokens = await linked(client);
    spotify.control.clearRequests();
    const first = await client.recentlyPlayed(tokens.accessToken, { after: null });
    expect(first.pages).toBe(3);
    expect(recentlyPlayedRequests()).toBe(3);
    expect(first.plays).toHaveLength(120);
    expect(first.plays.map((p) => p.endedAt.toISOString())).toEqual(plays.map((p) => p.playedAt));
    expect(first.cursor).toBe(Date.parse(plays.at(-1)?.playedAt ?? ''));
    const again = await client.recentlyPlayed(tokens.accessToken, { after: first.cursor });
    expect(again).toEqual({ plays: [], cursor: first.cursor, pages: 1, skipped: 0 });
    expect(recentlyPlayedRequests()).toBe(4);
  });

  it('picks up exactly the plays after the cursor within Spotify’s 50', async () => {
    const client = new SpotifyAccountClient(settings(), guard);
    const tokens = await linked(client);
    spotify.control.listen({ userId, count: 40, from: T0 - 10 * 3600_000, everyMs: 200_000 });
    const first = await client.recentlyPlayed(tokens.accessToken, { after: null });
    expect(first.plays).toHaveLength(40);
    const { plays } = spotify.control.listen({ userId, count: 30, from: T0 - 3600_000, everyMs: 100_000 });
    const second = await client.recentlyPlayed(tokens.accessToken, { after: first.cursor });
    expect(second.plays.map((p) => p.endedAt.toISOString())).toEqual(plays.map((p) => p.playedAt));
  });

  it('surfaces 429 with retryAfterMs, and resumes from the same cursor afterwards', async () => {
    spotify.control.listen({ userId, count: 10, from: T0 - 3600_000, everyMs: 200_000 });
    const client = new SpotifyAccountClient(settings(), guard);
    const tokens = await linked(client);
    spotify.control.rateLimit({ count: 1, retryAfterS: 7 });
    const error = await client.recentlyPlayed(tokens.accessToken, { after: null }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyRateLimited);
    expect((error as SpotifyRateLimited).retryAfterMs).toBe(7000);
    expect((await client.recentlyPlayed(tokens.accessToken, { after: null })).plays).toHaveLength(10);
  });

  it('types a 5xx as unavailable and a slow answer as a timeout', async () => {
    const client = new SpotifyAccountClient(settings({ timeoutMs: 150 }), guard);
    const tokens = await linked(client);
    spotify.control.serverError({ count: 1, status: 503 });
    const unavailable = await client
      .recentlyPlayed(tokens.accessToken, { after: null })
      .catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(SpotifyUnavailable);
    expect((unavailable as SpotifyUnavailable).status).toBe(503);
    spotify.control.slow({ count: 1, delayMs: 600 });
    await expect(client.recentlyPlayed(tokens.accessToken, { after: null })).rejects.toBeInstanceOf(
      SpotifyTimeout,
    );
    spotify.control.serverError({ count: 1, status: 500, target: 'accounts' });
    await expect(client.refresh(tokens.refreshToken)).rejects.toBeInstanceOf(SpotifyUnavailable);
  });

  it('converts a play to a listen stamped at its end, with ids and no guessed ms played', async () => {
    const end = '2026-05-10T07:30:05.734Z';
    spotify.control.listen({
      userId,
      plays: [
        {
          trackId: '4PTG3Z6ehGkBFwjybzWkR8',
          endedAt: end,
          contextUri: 'spotify:playlist:37i9dQZF1DXcBWIGoYBM5M',
        },
      ],
    });
    const client = new SpotifyAccountClient(settings(), guard);
    const tokens = await linked(client);
    const [play] = (await client.recentlyPlayed(tokens.accessToken, { after: null })).plays;
    expect(play?.contextUri).toBe('spotify:playlist:37i9dQZF1DXcBWIGoYBM5M');
    expect(recentPlayToListen('123456789012345678', play!)).toEqual({
      userId: '123456789012345678',
      playedAt: new Date(Date.parse(end) - 213_573),
      endedAt: new Date(end),
      msPlayed: null,
      source: 'spotify-poll',
      track: {
        title: 'Never Gonna Give You Up',
        artists: ['Rick Astley'],
        album: 'Whenever You Need Somebody',
        durationMs: 213_573,
        spotifyTrackId: '4PTG3Z6ehGkBFwjybzWkR8',
        spotifyArtistIds: ['0gxyHStUsqpMadRV0Di1Qt'],
        spotifyAlbumId: '6N9PS4QXF1D0OWPk0Sxtb4',
        isrc: 'GBARL9300135',
      },
    });
  });
});
