import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  type DiscordEmulator,
  startDiscordEmulator,
} from '../../src/emulators/discord/index.ts';

const REDIRECT = 'http://localhost:4000/auth/callback';

describe('OAuth2 for the control panel', () => {
  let emulator: DiscordEmulator;
  let aliceId: string;
  let aliceGuildId: string;

  beforeAll(async () => {
    emulator = await startDiscordEmulator({ demo: true });
    aliceId = emulator.demo!.memberIds[0]!;
    aliceGuildId = emulator.control.createGuild({ name: "Alice's", ownerId: aliceId }).id;
  });

  afterAll(async () => {
    await emulator?.close();
  });

  /** Follows the authorize page (no browser: it consents at once) and returns the redirect's query. */
  async function authorize(params: Record<string, string>): Promise<URLSearchParams> {
    const url = new URL(emulator.oauthUrl);
    const query = {
      client_id: emulator.applicationId,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'identify guilds',
      state: 'xyz',
      ...params,
    };
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    return location.searchParams;
  }

  function exchange(fields: Record<string, string>): Promise<Response> {
    return fetch(`${emulator.apiUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: emulator.applicationId, redirect_uri: REDIRECT, ...fields }),
    });
  }

  function pkce(): { verifier: string; challenge: string } {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  }

  it('logs in as the chosen user with PKCE and lists their guilds with permission strings', async () => {
    const { verifier, challenge } = pkce();
    const query = await authorize({
      login_as: aliceId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(query.get('state')).toBe('xyz');
    const response = await exchange({
      grant_type: 'authorization_code',
      code: query.get('code')!,
      code_verifier: verifier,
    });
    expect(response.status).toBe(200);
    const tokens = (await response.json()) as {
      access_token: string;
      token_type: string;
      scope: string;
      refresh_token: string;
    };
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'identify guilds', expires_in: 604_800 });

    const auth = { Authorization: `Bearer ${tokens.access_token}` };
    const me = (await (await fetch(`${emulator.apiUrl}/v10/users/@me`, { headers: auth })).json()) as {
      id: string;
      username: string;
    };
    expect(me).toMatchObject({ id: aliceId, username: 'alice' });

    const guilds = (await (
      await fetch(`${emulator.apiUrl}/v10/users/@me/guilds`, { headers: auth })
    ).json()) as {
      id: string;
      owner: boolean;
      permissions: string;
    }[];
    const byId = new Map(guilds.map((g) => [g.id, g]));
    expect(byId.size).toBe(2);
    expect(byId.get(aliceGuildId)).toMatchObject({ owner: true, permissions: ALL_PERMISSIONS.toString() });
    const demoGuild = byId.get(emulator.demo!.guildId)!;
    expect(demoGuild.owner).toBe(false);
    expect(demoGuild.permissions).toMatch(/^\d+$/);
    expect(demoGuild.permissions).toBe(
      emulator.control.permissions({ guildId: emulator.demo!.guildId, userId: aliceId }).permissions,
    );

    // The code was single-use, and the refresh token gives a new working access token.
    const reused = await exchange({
      grant_type: 'authorization_code',
      code: query.get('code')!,
      code_verifier: verifier,
    });
    expect(reused.status).toBe(400);
    const refreshed = await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    const again = (await refreshed.json()) as { access_token: string };
    const check = await fetch(`${emulator.apiUrl}/v10/users/@me`, {
      headers: { Authorization: `Bearer ${again.access_token}` },
    });
    expect(check.status).toBe(200);
  });

  it('refuses a wrong PKCE verifier', async () => {
    const { challenge } = pkce();
    const query = await authorize({
      login_as: aliceId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const response = await exchange({
      grant_type: 'authorization_code',
      code: query.get('code')!,
      code_verifier: pkce().verifier,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('needs the client secret when PKCE was not used, and logs in the default user', async () => {
    const query = await authorize({});
    const withoutSecret = await exchange({ grant_type: 'authorization_code', code: query.get('code')! });
    expect(withoutSecret.status).toBe(401);
    const second = await authorize({});
    const withSecret = await exchange({
      grant_type: 'authorization_code',
      code: second.get('code')!,
      client_secret: emulator.clientSecret,
    });
    expect(withSecret.status).toBe(200);
    const { access_token } = (await withSecret.json()) as { access_token: string };
    const me = (await (
      await fetch(`${emulator.apiUrl}/v10/users/@me`, {
        headers: { Authorization: `Bearer ${access_token}` },
      })
    ).json()) as { id: string };
    expect(me.id).toBe(emulator.demo!.ownerId);
  });

  it('revokes like Discord: 200 with an empty body, every token of the user for the app, bad clients refused', async () => {
    const login = async () => {
      const query = await authorize({ login_as: aliceId });
      const response = await exchange({
        grant_type: 'authorization_code',
        code: query.get('code')!,
        client_secret: emulator.clientSecret,
      });
      return (await response.json()) as { access_token: string; refresh_token: string };
    };
    const me = (token: string) =>
      fetch(`${emulator.apiUrl}/v10/users/@me`, { headers: { Authorization: `Bearer ${token}` } });
    const revoke = (fields: Record<string, string>, authorization?: string) =>
      fetch(`${emulator.apiUrl}/v10/oauth2/token/revoke`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          ...(authorization ? { Authorization: authorization } : {}),
        },
        body: new URLSearchParams(fields),
      });
    const first = await login();
    const second = await login();
    const basic = (id: string, secret: string) =>
      `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

    const wrongSecret = await revoke(
      { token: first.refresh_token, token_type_hint: 'refresh_token' },
      basic(emulator.applicationId, 'not-the-secret'),
    );
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });
    const unknownClient = await revoke({ token: first.refresh_token, client_id: '1' });
    expect(unknownClient.status).toBe(401);
    expect(await unknownClient.json()).toMatchObject({ error: 'invalid_client' });
    expect((await me(first.access_token)).status).toBe(200);

    const revoked = await revoke(
      { token: first.refresh_token, token_type_hint: 'refresh_token' },
      basic(emulator.applicationId, emulator.clientSecret),
    );
    expect(revoked.status).toBe(200);
    expect(await revoked.text()).toBe('');
    // Revoking one ends them all: both logins' access tokens, and the refresh tokens.
    expect((await me(first.access_token)).status).toBe(401);
    expect((await me(second.access_token)).status).toBe(401);
    const refreshed = await exchange({ grant_type: 'refresh_token', refresh_token: second.refresh_token });
    expect(refreshed.status).toBe(400);
    // An unknown (or already revoked) token is not an error.
    const again = await revoke({ token: first.access_token, client_id: emulator.applicationId });
    expect(again.status).toBe(200);
  });

  it('refuses a redirect_uri that differs from the authorized one', async () => {
    const query = await authorize({});
    const response = await fetch(`${emulator.apiUrl}/v10/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: query.get('code')!,
        client_id: emulator.applicationId,
        client_secret: emulator.clientSecret,
        redirect_uri: 'http://evil.example/cb',
      }),
    });
    expect(response.status).toBe(400);
  });
});
