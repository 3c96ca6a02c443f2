import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenCipher } from '../../src/api/auth/token-cipher.ts';
import { buildApiServer } from '../../src/api/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { HealthRegistry } from '../../src/health/index.ts';
import { createLogger, silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { REFUSED_PORT } from '../support/gramophone-process.ts';
import { type Browser, logIn, type PanelHarness, startPanel, TEST_SECRET_KEY } from './support.ts';

const cipher = new TokenCipher(() => Buffer.from(TEST_SECRET_KEY, 'base64'));

describe.each(databaseKinds())('login with Discord (%s)', (kind) => {
  let panel: PanelHarness;
  let ownerId: string;

  beforeAll(async () => {
    // Many logins here: more than the strict tier's 20 a minute.
    panel = await startPanel({ kind, rateLimits: { strict: { max: 1_000, timeWindow: 60_000 } } });
    ownerId = panel.emulator.demo!.ownerId;
  });
  afterAll(async () => {
    await panel?.close();
  });

  /** The session row of a logged-in browser, its Discord tokens as stored and opened. */
  async function storedTokens(browser: Browser) {
    const me = await browser.request({ method: 'GET', url: '/api/auth/sessions' });
    const id = (me.json().sessions as { id: string; current: boolean }[]).find((s) => s.current)!.id;
    const { rows } = await panel.database.query<{
      discord_access_token: string;
      discord_refresh_token: string;
    }>('SELECT discord_access_token, discord_refresh_token FROM sessions WHERE id = $1', [id]);
    const row = rows[0]!;
    return {
      id,
      stored: { access: row.discord_access_token, refresh: row.discord_refresh_token },
      access: cipher.open(row.discord_access_token, `sessions:${id}:discord_access_token`).value,
      refresh: cipher.open(row.discord_refresh_token, `sessions:${id}:discord_refresh_token`).value,
    };
  }

  /** What Discord (the emulator) says of an access token. */
  const discordMe = (accessToken: string) =>
    fetch(`${panel.emulator.apiUrl}/v10/users/@me`, { headers: { Authorization: `Bearer ${accessToken}` } });

  /**
   * A new Discord user, with no panel session (their next logout is their last) and nothing
   * cached (the guild list is cached per user for a minute).
   */
  let users = 0;
  function aFreshUser(): string {
    users += 1;
    return String(panel.emulator.control.createUser({ username: `fresh-${users}` }).id);
  }

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

  /** A browser's page load of the login route at `host`. */
  const loginPageLoad = (host: string, query = '') =>
    panel.app.inject({
      method: 'GET',
      url: `/api/auth/discord/login${query}`,
      headers: { host, accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });

  it('moves a login opened at another name of the host to the public URL before setting the state cookie', async () => {
    const elsewhere = await loginPageLoad('127.0.0.1:3000');
    expect(elsewhere.statusCode).toBe(302);
    expect(elsewhere.headers.location).toBe('http://panel.test/api/auth/discord/login?moved=1');
    expect(elsewhere.cookies.find((c) => c.name === 'gramophone_oauth_state')).toBeUndefined();

    // Arrived on the public host, the login starts: the cookie is set where Discord comes back.
    const arrived = await loginPageLoad('panel.test', '?moved=1');
    expect(arrived.statusCode).toBe(302);
    const authorize = new URL(String(arrived.headers.location));
    expect(`${authorize.origin}${authorize.pathname}`).toBe(panel.emulator.oauthUrl);
    expect(arrived.cookies.find((c) => c.name === 'gramophone_oauth_state')?.value).toBe(
      authorize.searchParams.get('state'),
    );
  });

  it('only ever moves the login to the configured public URL, and only once', async () => {
    const forged = await panel.app.inject({
      method: 'GET',
      url: '/api/auth/discord/login',
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', accept: 'text/html' },
    });
    expect(forged.statusCode).toBe(302);
    expect(forged.headers.location).toBe('http://panel.test/api/auth/discord/login?moved=1');

    // A proxy that rewrites Host would bring it back on the wrong host: it goes to Discord, no loop.
    const again = await loginPageLoad('127.0.0.1:3000', '?moved=1');
    expect(again.statusCode).toBe(302);
    expect(String(again.headers.location).startsWith(`${panel.emulator.oauthUrl}?`)).toBe(true);
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

  it('keeps the user’s Discord tokens sealed in the database (v1, AES-256-GCM), never in plain text', async () => {
    const browser = await logIn(panel, ownerId);
    const tokens = await storedTokens(browser);
    expect(tokens.stored.access).toMatch(/^v1:[\w-]+:[\w-]+$/);
    expect(tokens.stored.refresh).toMatch(/^v1:[\w-]+:[\w-]+$/);
    expect(tokens.stored.access).not.toContain(tokens.access);
    expect(tokens.stored.refresh).not.toContain(tokens.refresh);
    // What they seal is the real thing: Discord takes it.
    expect((await discordMe(tokens.access)).status).toBe(200);
  });

  it('reads a token an earlier release stored in plain text, and seals it at once', async () => {
    const browser = await logIn(panel, aFreshUser());
    const tokens = await storedTokens(browser);
    await panel.database.query(
      'UPDATE sessions SET discord_access_token = $2, discord_refresh_token = $3 WHERE id = $1',
      [tokens.id, tokens.access, tokens.refresh],
    );
    expect((await browser.request({ method: 'GET', url: '/api/guilds' })).statusCode).toBe(200);
    const after = await storedTokens(browser);
    expect(after.stored.access).toMatch(/^v1:/);
    expect(after.stored.refresh).toMatch(/^v1:/);
    expect([after.access, after.refresh]).toEqual([tokens.access, tokens.refresh]);
  });

  it('asks for a new login when the stored token was sealed under another key', async () => {
    const browser = await logIn(panel, aFreshUser());
    const { id } = await storedTokens(browser);
    const other = new TokenCipher(() => Buffer.alloc(32, 9));
    await panel.database.query('UPDATE sessions SET discord_access_token = $2 WHERE id = $1', [
      id,
      other.seal('whatever', `sessions:${id}:discord_access_token`),
    ]);
    const guilds = await browser.request({ method: 'GET', url: '/api/guilds' });
    expect(guilds.statusCode).toBe(401);
    expect(guilds.json().error).toBe('DISCORD_TOKEN_EXPIRED');
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

  it('logout of the user’s last session deletes it and revokes its Discord token', async () => {
    const browser = await logIn(panel, aFreshUser());
    const tokens = await storedTokens(browser);
    const out = await browser.request({ method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(204);
    const { rows } = await panel.database.query('SELECT id FROM sessions WHERE id = $1', [tokens.id]);
    expect(rows).toEqual([]);
    expect((await discordMe(tokens.access)).status).toBe(401);
  });

  it('logout keeps the Discord token while another of the user’s sessions lives (Discord would end both)', async () => {
    const userId = aFreshUser();
    const laptop = await logIn(panel, userId, 'laptop');
    const phone = await logIn(panel, userId, 'phone');
    const phoneTokens = await storedTokens(phone);
    expect((await phone.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    expect((await discordMe(phoneTokens.access)).status).toBe(200);
    expect((await laptop.request({ method: 'GET', url: '/api/guilds' })).statusCode).toBe(200);
    // The laptop's logout is the last one: now the grant goes.
    const laptopTokens = await storedTokens(laptop);
    expect((await laptop.request({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    expect((await discordMe(laptopTokens.access)).status).toBe(401);
  });

  it('logs out even when Discord can’t be reached to revoke, and logs why', async () => {
    const lines: { level: number; msg: string; reason?: string }[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    // Another api process on the same database, whose Discord is down.
    const offline = buildApiServer({
      logger: createLogger({ level: 'info', format: 'json', destination }),
      health: new HealthRegistry(),
      metrics: createMetricsRegistry({ instance: 'offline', roles: 'api' }),
      config: { ...panel.config, DISCORD_API_URL: `http://127.0.0.1:${REFUSED_PORT}/api` },
      database: panel.database,
      bus: panel.bus,
    });
    try {
      const browser = await logIn(panel, aFreshUser());
      const { id } = await storedTokens(browser);
      const out = await offline.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrfToken },
      });
      expect(out.statusCode).toBe(204);
      expect(out.cookies.find((c) => c.name === 'gramophone_session')?.value).toBe('');
      expect((await panel.database.query('SELECT id FROM sessions WHERE id = $1', [id])).rows).toEqual([]);
      const warning = lines.find((line) => line.msg.includes('revoking its Discord token failed'));
      expect(warning).toMatchObject({
        level: 40,
        reason: expect.stringMatching(/Discord could not be reached .*ECONNREFUSED/),
      });
    } finally {
      await offline.close();
    }
  });

  it('refuses a cross-site logout (no session cookie, text/plain) without touching the cookie', async () => {
    const response = await panel.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      payload: 'x',
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().error).toBe('UNAUTHENTICATED');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a logout without the CSRF token, changing nothing: the session lives, the cookie stays', async () => {
    const browser = await logIn(panel, ownerId);
    const { id, access } = await storedTokens(browser);
    const response = await panel.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: browser.cookie, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toBe('CSRF_FAILED');
    expect(response.headers['set-cookie']).toBeUndefined();
    expect((await panel.database.query('SELECT id FROM sessions WHERE id = $1', [id])).rows).toHaveLength(1);
    expect((await browser.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await discordMe(access)).status).toBe(200);
  });

  it('refuses to start without SECRET_KEY when DATABASE_URL is set, naming SECRET_KEY', async () => {
    const app = buildApiServer({
      logger: silentLogger(),
      health: new HealthRegistry(),
      metrics: createMetricsRegistry({ instance: 'keyless', roles: 'api' }),
      config: parseConfig({ DATABASE_URL: 'postgres://gramophone:pw@db.internal:5432/gramophone' }),
      database: panel.database,
      bus: panel.bus,
    });
    await expect(app.ready()).rejects.toThrow(/^SECRET_KEY: must be set when DATABASE_URL is set/);
    await app.close().catch(() => undefined);
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
