import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/databases.ts';
import { logIn, type PanelHarness, startPanel } from './support.ts';

describe.each(databaseKinds())('login with Discord (%s)', (kind) => {
  let panel: PanelHarness;
  let ownerId: string;

  beforeAll(async () => {
    panel = await startPanel({ kind });
    ownerId = panel.emulator.demo!.ownerId;
  });
  afterAll(async () => {
    await panel?.close();
  });

  it('redirects to the authorize page with identify guilds, a state and a PKCE S256 challenge', async () => {
    const response = await panel.app.inject({ method: 'GET', url: '/api/auth/discord/login' });
    expect(response.statusCode).toBe(302);
    const url = new URL(String(response.headers.location));
    expect(`${url.origin}${url.pathname}`).toBe(panel.emulator.oauthUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: panel.emulator.applicationId,
      response_type: 'code',
      scope: 'identify guilds',
      redirect_uri: 'http://panel.test/api/auth/discord/callback',
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    const state = response.cookies.find((c) => c.name === 'gramophone_oauth_state');
    expect(state).toMatchObject({ value: url.searchParams.get('state'), httpOnly: true, sameSite: 'Lax' });
  });

  it('logs in end to end: user recorded, session stored hashed, cookie httpOnly and SameSite=Lax', async () => {
    const browser = await logIn(panel, ownerId, 'Firefox/140');
    const me = await browser.request({ method: 'GET', url: '/api/auth/me' });
    expect(me.json()).toMatchObject({
      user: { id: ownerId, username: 'demo-owner', globalName: 'Demo Owner' },
      csrfToken: browser.csrfToken,
    });
    const secret = browser.cookie.split('=')[1]!;
    const rows = await panel.database.query<{ token_hash: string; user_agent: string }>(
      'SELECT token_hash, user_agent FROM sessions WHERE user_id = $1',
      [ownerId],
    );
    const hash = createHash('sha256').update(secret).digest('base64url');
    expect(rows.rows.map((r) => r.token_hash)).toContain(hash);
    expect(JSON.stringify(rows.rows)).not.toContain(secret);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    // The login also stored the cookie's flags; check them on a fresh login's callback.
    const start = await panel.app.inject({ method: 'GET', url: '/api/auth/discord/login' });
    const consent = await fetch(`${start.headers.location}&login_as=${ownerId}`, { redirect: 'manual' });
    const callback = new URL(String(consent.headers.get('location')));
    const state = start.cookies.find((c) => c.name === 'gramophone_oauth_state')!.value;
    const done = await panel.app.inject({
      method: 'GET',
      url: `${callback.pathname}${callback.search}`,
      headers: { cookie: `gramophone_oauth_state=${state}` },
    });
    expect(done.cookies.find((c) => c.name === 'gramophone_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
    expect(done.cookies.find((c) => c.name === 'gramophone_session')?.secure).toBeFalsy();
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    const start = await panel.app.inject({ method: 'GET', url: '/api/auth/discord/login' });
    const consent = await fetch(`${start.headers.location}&login_as=${ownerId}`, { redirect: 'manual' });
    const callback = new URL(String(consent.headers.get('location')));
    const forged = await panel.app.inject({
      method: 'GET',
      url: `${callback.pathname}${callback.search}`,
      headers: { cookie: 'gramophone_oauth_state=someone-elses-state' },
    });
    expect(forged.statusCode).toBe(302);
    expect(forged.headers.location).toBe('/?login_error=state_mismatch');
    expect(forged.cookies.find((c) => c.name === 'gramophone_session')).toBeUndefined();
  });

  it('redirects with login_error=denied when Discord reports access_denied', async () => {
    const response = await panel.app.inject({
      method: 'GET',
      url: '/api/auth/discord/callback?error=access_denied&state=x',
    });
    expect(response.headers.location).toBe('/?login_error=denied');
  });

  it('redirects with login_error=exchange_failed when Discord refuses the code', async () => {
    const start = await panel.app.inject({ method: 'GET', url: '/api/auth/discord/login' });
    const state = start.cookies.find((c) => c.name === 'gramophone_oauth_state')!.value;
    const response = await panel.app.inject({
      method: 'GET',
      url: `/api/auth/discord/callback?code=not-a-code&state=${state}`,
      headers: { cookie: `gramophone_oauth_state=${state}` },
    });
    expect(response.headers.location).toBe('/?login_error=exchange_failed');
  });

  it('lists the caller’s sessions, marking the current one, and revokes another', async () => {
    const laptop = await logIn(panel, ownerId, 'laptop');
    const phone = await logIn(panel, ownerId, 'phone');
    const listed = (await laptop.request({ method: 'GET', url: '/api/auth/sessions' })).json().sessions as {
      id: string;
      userAgent: string;
      current: boolean;
    }[];
    const current = listed.filter((s) => s.current);
    expect(current).toHaveLength(1);
    expect(current[0]?.userAgent).toBe('laptop');
    const phoneSession = listed.find((s) => s.userAgent === 'phone')!;
    const revoked = await laptop.request({ method: 'DELETE', url: `/api/auth/sessions/${phoneSession.id}` });
    expect(revoked.statusCode).toBe(204);
    expect((await phone.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    expect((await laptop.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    const again = await laptop.request({ method: 'DELETE', url: `/api/auth/sessions/${phoneSession.id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json().error).toBe('SESSION_NOT_FOUND');
  });

  it('cannot revoke another user’s session', async () => {
    const owner = await logIn(panel, ownerId);
    const bob = await logIn(panel, panel.emulator.demo!.memberIds[1]!);
    const ownerSessions = (await owner.request({ method: 'GET', url: '/api/auth/sessions' })).json().sessions;
    const response = await bob.request({
      method: 'DELETE',
      url: `/api/auth/sessions/${ownerSessions[0].id}`,
    });
    expect(response.statusCode).toBe(404);
    expect((await owner.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
  });

  it('logout ends the session and clears the cookie', async () => {
    const browser = await logIn(panel, ownerId);
    const out = await browser.request({ method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'gramophone_session')?.value).toBe('');
    const me = await browser.request({ method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(401);
    expect(me.json()).toMatchObject({ error: 'UNAUTHENTICATED', requestId: me.headers['x-request-id'] });
  });

  it('refuses a state-changing request without the session’s CSRF token, changing nothing', async () => {
    const browser = await logIn(panel, ownerId);
    for (const headers of [{}, { 'x-csrf-token': 'wrong' }]) {
      const response = await panel.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: browser.cookie, ...headers },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: 'CSRF_FAILED' });
    }
    expect((await browser.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
  });

  it('extends a session in use, in the database and in the cookie', async () => {
    const browser = await logIn(panel, ownerId);
    const { rows } = await panel.database.query<{ id: string }>(
      "UPDATE sessions SET last_seen_at = now() - interval '2 hours', expires_at = now() + interval '1 hour' WHERE id = (SELECT id FROM sessions ORDER BY created_at DESC LIMIT 1) RETURNING id",
    );
    const response = await browser.request({ method: 'GET', url: '/api/auth/me' });
    const cookie = response.cookies.find((c) => c.name === 'gramophone_session');
    expect(cookie?.value).toBe(browser.cookie.split('=')[1]);
    const sixDays = Date.now() + 6 * 24 * 3600_000;
    expect(cookie?.expires?.getTime()).toBeGreaterThan(sixDays);
    const after = await panel.database.query<{ expires_at: Date }>(
      'SELECT expires_at FROM sessions WHERE id = $1',
      [rows[0]!.id],
    );
    expect(new Date(after.rows[0]!.expires_at).getTime()).toBeGreaterThan(sixDays);
  });

  it('refreshes the user’s Discord token once it has expired', async () => {
    const browser = await logIn(panel, ownerId);
    const before = await panel.database.query<{ id: string; discord_access_token: string }>(
      'SELECT id, discord_access_token FROM sessions ORDER BY created_at DESC LIMIT 1',
    );
    const row = before.rows[0]!;
    await panel.database.query(
      "UPDATE sessions SET discord_token_expires_at = now() - interval '1 minute' WHERE id = $1",
      [row.id],
    );
    const guilds = await browser.request({ method: 'GET', url: '/api/guilds' });
    expect(guilds.statusCode).toBe(200);
    const after = await panel.database.query<{
      discord_access_token: string;
      discord_token_expires_at: Date;
    }>('SELECT discord_access_token, discord_token_expires_at FROM sessions WHERE id = $1', [row.id]);
    expect(after.rows[0]?.discord_access_token).not.toBe(row.discord_access_token);
    expect(new Date(after.rows[0]!.discord_token_expires_at).getTime()).toBeGreaterThan(Date.now());
  });
});
