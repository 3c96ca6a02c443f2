import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpotifyEmulator, startSpotifyEmulator } from '../../src/emulators/spotify/index.ts';
import { historyTables } from '../../src/history/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { type Browser, logIn, type PanelHarness, PUBLIC_URL, startPanel } from './support.ts';

const { historyLinkAttempts, historyLinks } = historyTables;

describe.each(databaseKinds())('linking Spotify from the panel (%s)', (kind) => {
  let spotify: SpotifyEmulator;
  let panel: PanelHarness;
  let alice: Browser;
  let owner: Browser;
  let spotifyUser: string;

  beforeAll(async () => {
    spotify = await startSpotifyEmulator();
    spotifyUser = spotify.control.createUser({ displayName: 'Alice on Spotify' }).id;
    panel = await startPanel({
      kind,
      env: {
        SPOTIFY_CLIENT_ID: spotify.clientId,
        SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
        SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
        SPOTIFY_API_URL: spotify.apiUrl,
        AUDIO_HTTP_ALLOW: '127.0.0.1',
      },
    });
    alice = await logIn(panel, panel.emulator.demo!.memberIds[0]!);
    owner = await logIn(panel, panel.emulator.demo!.ownerId);
  });
  afterAll(async () => {
    await panel?.close();
    await spotify?.close();
  });

  /** Our link route, then Spotify's authorize page (consenting as `spotifyUser`): where Spotify sends the browser back. */
  async function authorize(browser: Browser): Promise<URL> {
    const start = await browser.request({ method: 'POST', url: '/api/me/history/spotify/link' });
    expect(start.statusCode).toBe(200);
    const url = new URL(start.json().url);
    url.searchParams.set('login_as', spotifyUser);
    const consent = await fetch(url, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const back = new URL(consent.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(`${PUBLIC_URL}/api/me/history/spotify/callback`);
    return back;
  }

  const callback = (browser: Browser, back: URL) =>
    browser.request({ method: 'GET', url: `${back.pathname}${back.search}` });
  const links = async (browser: Browser) => {
    const response = await browser.request({ method: 'GET', url: '/api/me/history/links' });
    expect(response.statusCode).toBe(200);
    return response.json().links as { service: string; state: string; account: string | null }[];
  };

  it('asks Spotify for user-read-recently-played only, with PKCE, and needs the CSRF token', async () => {
    const refused = await alice.request({ method: 'POST', url: '/api/me/history/spotify/link', csrf: false });
    expect(refused.statusCode).toBe(403);
    const start = await alice.request({ method: 'POST', url: '/api/me/history/spotify/link' });
    const params = new URL(start.json().url).searchParams;
    expect(start.json().url.startsWith(`${spotify.accountsUrl}/authorize?`)).toBe(true);
    expect(params.get('scope')).toBe('user-read-recently-played');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('redirect_uri')).toBe(`${PUBLIC_URL}/api/me/history/spotify/callback`);
    const [attempt] = await panel.database.db
      .select()
      .from(historyLinkAttempts)
      .where(eq(historyLinkAttempts.state, params.get('state')!));
    expect(attempt).toMatchObject({ userId: alice.userId, service: 'spotify', usedAt: null });
    // The verifier is sealed, and expires ten minutes on.
    expect(attempt!.codeVerifier).toMatch(/^v1:/);
    expect(attempt!.expiresAt.getTime() - attempt!.createdAt.getTime()).toBeGreaterThan(9 * 60_000);
  });

  it('links, stores the tokens sealed, and refuses the same callback again', async () => {
    const back = await authorize(alice);
    const done = await callback(alice, back);
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/account?linked=spotify');
    expect(await links(alice)).toEqual([
      expect.objectContaining({
        service: 'spotify',
        account: spotifyUser,
        state: 'healthy',
        lastArchivedAt: null,
        consecutiveFailures: 0,
        pausedUntil: null,
      }),
    ]);
    const [row] = await panel.database.db
      .select()
      .from(historyLinks)
      .where(eq(historyLinks.userId, alice.userId));
    expect(row!.accessToken).toMatch(/^v1:/);
    expect(row!.refreshToken).toMatch(/^v1:/);

    const replayed = await callback(alice, back);
    expect(replayed.headers.location).toBe('/account?link_error=state_used');
  });

  it('refuses another user’s state, an expired state and a denied consent, storing nothing', async () => {
    const alicesBack = await authorize(alice);
    expect((await callback(owner, alicesBack)).headers.location).toBe('/account?link_error=unknown_state');

    const expired = await authorize(owner);
    await panel.database.db
      .update(historyLinkAttempts)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(historyLinkAttempts.state, expired.searchParams.get('state')!));
    expect((await callback(owner, expired)).headers.location).toBe('/account?link_error=expired_state');

    spotify.control.setConsent({ userId: spotifyUser, approve: false });
    try {
      const denied = await authorize(owner);
      expect(denied.searchParams.get('error')).toBe('access_denied');
      expect((await callback(owner, denied)).headers.location).toBe('/account?link_error=access_denied');
      // The denied state is spent too.
      expect((await callback(owner, denied)).headers.location).toBe('/account?link_error=state_used');
    } finally {
      spotify.control.setConsent({ userId: spotifyUser, approve: true });
    }
    expect(
      (await callback(owner, new URL(`${PUBLIC_URL}/api/me/history/spotify/callback?code=x`))).headers
        .location,
    ).toBe('/account?link_error=unknown_state');
    expect(await links(owner)).toEqual([]);
  });

  it('resets an open breaker, and unlinks (the tokens go with the row)', async () => {
    const back = await authorize(owner);
    expect((await callback(owner, back)).headers.location).toBe('/account?linked=spotify');
    const until = new Date(Date.now() + 3_600_000);
    const ownLink = and(eq(historyLinks.userId, owner.userId), eq(historyLinks.service, 'spotify'));
    await panel.database.db
      .update(historyLinks)
      .set({
        state: 'paused',
        stateReason: 'Spotify is unavailable',
        consecutiveFailures: 5,
        breakerOpenUntil: until,
      })
      .where(ownLink);
    expect(await links(owner)).toEqual([
      expect.objectContaining({ state: 'paused', consecutiveFailures: 5, pausedUntil: until.toISOString() }),
    ]);
    expect(
      (await owner.request({ method: 'POST', url: '/api/me/history/links/spotify/reset', csrf: false }))
        .statusCode,
    ).toBe(403);
    const reset = await owner.request({ method: 'POST', url: '/api/me/history/links/spotify/reset' });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({
      state: 'healthy',
      reason: null,
      consecutiveFailures: 0,
      pausedUntil: null,
    });

    const unlinked = await owner.request({ method: 'DELETE', url: '/api/me/history/links/spotify' });
    expect(unlinked.statusCode).toBe(204);
    expect(await panel.database.db.select().from(historyLinks).where(ownLink)).toEqual([]);
    expect(await links(owner)).toEqual([]);
    const again = await owner.request({ method: 'DELETE', url: '/api/me/history/links/spotify' });
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toBe('NOT_LINKED');
    expect(
      (await owner.request({ method: 'POST', url: '/api/me/history/links/spotify/reset' })).statusCode,
    ).toBe(404);
    expect((await owner.request({ method: 'DELETE', url: '/api/me/history/links/myspace' })).statusCode).toBe(
      400,
    );
    // Alice's link is untouched by the owner's unlinking.
    expect(await links(alice)).toHaveLength(1);
  });

  it('needs a login', async () => {
    const response = await panel.app.inject({ method: 'GET', url: '/api/me/history/links' });
    expect(response.statusCode).toBe(401);
  });
});
