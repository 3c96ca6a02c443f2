import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LastFmEmulator, startLastFmEmulator } from '../../src/emulators/lastfm/index.ts';
import {
  type ListenBrainzEmulator,
  startListenBrainzEmulator,
} from '../../src/emulators/listenbrainz/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { type Browser, logIn, type PanelHarness, PUBLIC_URL, startPanel } from './support.ts';

const LISTENING_PAGE = `${PUBLIC_URL}/me/listening`;

describe.each(databaseKinds())('linking ListenBrainz and Last.fm for scrobbling (%s)', (kind) => {
  let panel: PanelHarness;
  let lb: ListenBrainzEmulator;
  let lastfm: LastFmEmulator;
  let alice: Browser;
  let owner: Browser;
  const link = async (userId: string, service: string) =>
    (
      await panel.database.query<{ external_name: string; access_token: string; state: string }>(
        'SELECT external_name, access_token, state FROM history_links WHERE user_id = $1 AND service = $2',
        [userId, service],
      )
    ).rows[0];

  beforeAll(async () => {
    lb = await startListenBrainzEmulator();
    lastfm = await startLastFmEmulator();
    panel = await startPanel({
      kind,
      env: {
        // The emulators listen on loopback, which the net guard lets through only when told to.
        AUDIO_HTTP_ALLOW: '127.0.0.1',
        LISTENBRAINZ_API_URL: lb.url,
        LASTFM_API_URL: lastfm.url,
        LASTFM_AUTH_URL: lastfm.authUrl,
        LASTFM_API_KEY: lastfm.apiKey,
        LASTFM_SHARED_SECRET: lastfm.sharedSecret,
      },
    });
    alice = await logIn(panel, panel.emulator.demo!.memberIds[0]!);
    owner = await logIn(panel, panel.emulator.demo!.ownerId);
  });
  afterAll(async () => {
    await panel?.close();
    await lb?.close();
    await lastfm?.close();
  });

  it('links ListenBrainz with a valid token, stored sealed', async () => {
    const { token } = lb.createUser('alice_lb');
    const response = await alice.request({
      method: 'PUT',
      url: '/api/me/history/links/listenbrainz',
      payload: { token },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ service: 'listenbrainz', externalName: 'alice_lb' });
    const stored = await link(alice.userId, 'listenbrainz');
    expect(stored).toMatchObject({ external_name: 'alice_lb', state: 'healthy' });
    expect(stored!.access_token).toMatch(/^v1:/);
    expect(stored!.access_token).not.toContain(token);
  });

  it('refuses an invalid ListenBrainz token with 400 and stores nothing', async () => {
    const response = await owner.request({
      method: 'PUT',
      url: '/api/me/history/links/listenbrainz',
      payload: { token: 'a-token-nobody-has' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'INVALID_TOKEN',
      message: expect.stringContaining('token'),
    });
    expect(await link(owner.userId, 'listenbrainz')).toBeUndefined();
  });

  it('needs the CSRF token to link', async () => {
    const response = await owner.request({
      method: 'PUT',
      url: '/api/me/history/links/listenbrainz',
      payload: { token: 'x' },
      csrf: false,
    });
    expect(response.statusCode).toBe(403);
  });

  /** Starts web auth as `browser`, approves at the emulator, answers the callback path to call. */
  async function approveAtLastFm(browser: Browser, as: string) {
    const start = await browser.request({ method: 'POST', url: '/api/me/history/lastfm/link' });
    expect(start.statusCode).toBe(200);
    lastfm.createUser(as);
    lastfm.approveAs(as);
    const page = await fetch(start.json().url, { redirect: 'manual' });
    const callback = new URL(page.headers.get('location') ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(`${PUBLIC_URL}/api/me/history/lastfm/callback`);
    return `${callback.pathname}${callback.search}`;
  }

  it('links Last.fm through web auth, and refuses the same callback replayed', async () => {
    const callback = await approveAtLastFm(alice, 'alice_fm');
    const done = await alice.request({ method: 'GET', url: callback });
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe(`${LISTENING_PAGE}?linked=lastfm`);
    const stored = await link(alice.userId, 'lastfm');
    expect(stored).toMatchObject({ external_name: 'alice_fm', state: 'healthy' });
    expect(lastfm.accounts.userOfSession(stored!.access_token)).toBeNull();

    const replay = await alice.request({ method: 'GET', url: callback });
    expect(replay.headers.location).toBe(`${LISTENING_PAGE}?link_error=expired_state`);
  });

  it('refuses an expired state, and another user’s state', async () => {
    const callback = await approveAtLastFm(owner, 'owner_fm');
    // Someone else's browser can't finish the owner's link.
    const stolen = await alice.request({ method: 'GET', url: callback });
    expect(stolen.headers.location).toBe(`${LISTENING_PAGE}?link_error=expired_state`);
    await panel.database.query(
      `UPDATE history_link_attempts SET expires_at = now() - interval '1 second' WHERE user_id = $1`,
      [owner.userId],
    );
    const late = await owner.request({ method: 'GET', url: callback });
    expect(late.headers.location).toBe(`${LISTENING_PAGE}?link_error=expired_state`);
    expect(await link(owner.userId, 'lastfm')).toBeUndefined();
  });
});

describe('Last.fm linking without an API account', () => {
  let panel: PanelHarness;
  afterAll(async () => {
    await panel?.close();
  });

  it('answers 503 naming the variables to set', async () => {
    panel = await startPanel({ kind: 'pglite' });
    const browser = await logIn(panel, panel.emulator.demo!.ownerId);
    const response = await browser.request({ method: 'POST', url: '/api/me/history/lastfm/link' });
    expect(response.statusCode).toBe(503);
    expect(response.json().message).toMatch(/LASTFM_API_KEY and LASTFM_SHARED_SECRET/);
  });
});
