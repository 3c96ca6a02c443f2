import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SPOTIFY_APP, type SpotifyEmulator, startSpotifyEmulator } from './index.ts';

const T0 = Date.parse('2026-03-01T12:00:00.000Z');
let now = T0;
let spotify: SpotifyEmulator;
const REDIRECT = 'http://127.0.0.1:9/callback';

beforeAll(async () => {
  spotify = await startSpotifyEmulator({ now: () => now });
});
afterAll(async () => {
  await spotify?.close();
});
beforeEach(() => {
  now = T0;
  spotify.control.setClock({ now: null });
  spotify.control.clearFaults();
  spotify.control.setRefreshRotation({ mode: 'never' });
  spotify.control.setConsent({ userId: spotify.control.createUser().id, approve: true });
});

const pkce = () => {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

async function authorize(params: Record<string, string>): Promise<URL> {
  const url = new URL(`${spotify.accountsUrl}/authorize`);
  url.search = new URLSearchParams({
    client_id: DEFAULT_SPOTIFY_APP.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope: 'user-read-recently-played',
    state: 'st4te',
    ...params,
  }).toString();
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

const tokenRequest = async (fields: Record<string, string>, authorization?: string) => {
  const response = await fetch(`${spotify.accountsUrl}/api/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(authorization ? { authorization } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** Authorize with PKCE and exchange the code as a public client: the tokens. */
async function link(scope = 'user-read-recently-played') {
  const { verifier, challenge } = pkce();
  const back = await authorize({ scope, code_challenge: challenge, code_challenge_method: 'S256' });
  const answer = await tokenRequest({
    grant_type: 'authorization_code',
    code: back.searchParams.get('code') ?? '',
    redirect_uri: REDIRECT,
    code_verifier: verifier,
    client_id: DEFAULT_SPOTIFY_APP.clientId,
  });
  expect(answer.status).toBe(200);
  return answer.body as { access_token: string; refresh_token: string; scope: string };
}

const refresh = (refreshToken: string) =>
  tokenRequest({
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: DEFAULT_SPOTIFY_APP.clientId,
  });

const api = async (path: string, bearer: string) => {
  const response = await fetch(`${spotify.apiUrl}${path}`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
};

describe('Spotify emulator: authorization code with PKCE', () => {
  it('consents as the chosen user, returns code and state, and issues 1-hour user tokens', async () => {
    const tokens = await link();
    expect(tokens).toEqual({
      access_token: expect.stringMatching(/^BQ/),
      token_type: 'Bearer',
      expires_in: 3600,
      refresh_token: expect.any(String),
      scope: 'user-read-recently-played',
    });
    const me = await api('/me', tokens.access_token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ type: 'user', uri: `spotify:user:${me.body.id}` });
    expect(me.body).not.toHaveProperty('email');
    expect(me.body).not.toHaveProperty('country');
    now += 3600_000;
    expect((await api('/me', tokens.access_token)).body).toEqual({
      error: { status: 401, message: 'The access token expired' },
    });
  });

  it('sends access_denied (with the state) when the user refuses, and keeps state on success', async () => {
    const ok = await authorize({});
    expect(ok.searchParams.get('state')).toBe('st4te');
    expect(ok.searchParams.get('code')).toBeTruthy();
    spotify.control.setConsent({ userId: spotify.control.describe().consentAs, approve: false });
    const denied = await authorize({});
    expect(`${denied.origin}${denied.pathname}`).toBe(REDIRECT);
    expect(Object.fromEntries(denied.searchParams)).toEqual({ error: 'access_denied', state: 'st4te' });
  });

  it('refuses a wrong verifier with invalid_grant, and a code used once already', async () => {
    const { challenge } = pkce();
    const back = await authorize({ code_challenge: challenge, code_challenge_method: 'S256' });
    const code = back.searchParams.get('code') ?? '';
    const exchange = (verifier: string) =>
      tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
        client_id: DEFAULT_SPOTIFY_APP.clientId,
      });
    expect(await exchange(pkce().verifier)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'code_verifier was incorrect' },
    });
    expect((await exchange(pkce().verifier)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid authorization code',
    });
  });

  it('without PKCE demands the client secret (Basic), which it accepts', async () => {
    const back = await authorize({});
    const fields = {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
    };
    const basic = `Basic ${Buffer.from(`${DEFAULT_SPOTIFY_APP.clientId}:${DEFAULT_SPOTIFY_APP.clientSecret}`).toString('base64')}`;
    const answer = await tokenRequest(fields, basic);
    expect(answer.status).toBe(200);
    expect(answer.body.refresh_token).toEqual(expect.any(String));
  });
});

describe('Spotify emulator: refresh tokens', () => {
  it('keeps the refresh token when not rotating, and rotates (killing the old one) when told', async () => {
    const tokens = await link();
    const kept = await refresh(tokens.refresh_token);
    expect(kept.status).toBe(200);
    expect(kept.body).not.toHaveProperty('refresh_token');
    expect(kept.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'user-read-recently-played',
    });

    spotify.control.setRefreshRotation({ mode: 'always' });
    const rotated = await refresh(tokens.refresh_token);
    expect(rotated.body.refresh_token).toEqual(expect.any(String));
    expect(rotated.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(await refresh(tokens.refresh_token)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Refresh token revoked' },
    });
    expect((await refresh(rotated.body.refresh_token as string)).status).toBe(200);
  });

  it('answers invalid_grant for a revoked token, and revoking a user kills their access tokens', async () => {
    const tokens = await link();
    const userId = spotify.control.describe().consentAs ?? '';
    expect(spotify.control.revoke({ userId }).revoked).toBeGreaterThanOrEqual(2);
    expect(await refresh(tokens.refresh_token)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Refresh token revoked' },
    });
    expect((await api('/me', tokens.access_token)).body).toEqual({
      error: { status: 401, message: 'Invalid access token' },
    });
  });

  it('issues linked tokens directly for benchmarks, and rotates every other refresh on alternate', async () => {
    const userId = spotify.control.describe().consentAs ?? '';
    const issued = spotify.control.issueTokens({ userId });
    expect((await api('/me/player/recently-played', issued.accessToken)).status).toBe(200);
    spotify.control.setRefreshRotation({ mode: 'alternate' });
    let token = issued.refreshToken;
    const rotatedEach: boolean[] = [];
    for (let i = 0; i < 4; i += 1) {
      const answer = await refresh(token);
      expect(answer.status).toBe(200);
      rotatedEach.push('refresh_token' in answer.body);
      token = (answer.body.refresh_token as string | undefined) ?? token;
    }
    expect(rotatedEach.filter(Boolean)).toHaveLength(2);
    expect(rotatedEach[0]).not.toBe(rotatedEach[1]);
  });

  it('lets a refresh token die six months after consent, rotation or not', async () => {
    spotify.control.setRefreshRotation({ mode: 'always' });
    const tokens = await link();
    now = Date.parse('2026-08-01T12:00:00.000Z');
    const rotated = await refresh(tokens.refresh_token);
    expect(rotated.status).toBe(200);
    now = Date.parse('2026-09-01T12:00:00.000Z');
    expect(await refresh(rotated.body.refresh_token as string)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Refresh token revoked' },
    });
  });
});

describe('Spotify emulator: recently played', () => {
  type Page = {
    items: { played_at: string; track: { id: string; duration_ms: number }; context: unknown }[];
    next: string | null;
    cursors: { after: string; before: string } | null;
    limit: number;
    href: string;
  };
  const listen = (count: number, from = T0 - 24 * 3600_000) => {
    const userId = spotify.control.describe().consentAs ?? '';
    return spotify.control.listen({ userId, count, from: from, everyMs: 200_000 });
  };

  it('needs the user-read-recently-played scope: 403 with Spotify’s body', async () => {
    const tokens = await link('user-top-read');
    expect(await api('/me/player/recently-played', tokens.access_token)).toMatchObject({
      status: 403,
      body: { error: { status: 403, message: 'Insufficient client scope' } },
    });
  });

  it('renders items, cursors and next as Spotify does, newest first, with ms in played_at', async () => {
    const { plays } = listen(3);
    const tokens = await link();
    const page = (await api('/me/player/recently-played?limit=2', tokens.access_token))
      .body as unknown as Page;
    expect(Object.keys(page)).toEqual(['items', 'next', 'cursors', 'limit', 'href']);
    expect(page.items.map((i) => i.played_at)).toEqual([plays[2]?.playedAt, plays[1]?.playedAt]);
    expect(page.items[0]?.played_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(page.items[0]?.track).toMatchObject({ id: plays[2]?.trackId, type: 'track' });
    expect(page.items[0]?.context).toBeNull();
    const before = String(Date.parse(plays[1]?.playedAt ?? ''));
    expect(page.cursors).toEqual({ after: String(Date.parse(plays[2]?.playedAt ?? '')), before });
    expect(page.next).toBe(`${spotify.apiUrl}/me/player/recently-played?before=${before}&limit=2`);
    expect(page.href).toBe(`${spotify.apiUrl}/me/player/recently-played?limit=2`);

    const last = (await api(`/me/player/recently-played?limit=2&before=${before}`, tokens.access_token))
      .body as unknown as Page;
    expect(last.items.map((i) => i.played_at)).toEqual([plays[0]?.playedAt]);
    expect(last.next).toBeNull();
  });

  it('pages forward with after (exclusive) and answers an empty page with null cursors', async () => {
    const { plays } = listen(5);
    const tokens = await link();
    const after = Date.parse(plays[1]?.playedAt ?? '');
    const page = (await api(`/me/player/recently-played?limit=2&after=${after}`, tokens.access_token))
      .body as unknown as Page;
    expect(page.items.map((i) => i.played_at)).toEqual([plays[3]?.playedAt, plays[2]?.playedAt]);
    expect(page.next).toBe(
      `${spotify.apiUrl}/me/player/recently-played?after=${Date.parse(plays[3]?.playedAt ?? '')}&limit=2`,
    );
    const end = Date.parse(plays[4]?.playedAt ?? '');
    expect((await api(`/me/player/recently-played?after=${end}`, tokens.access_token)).body).toMatchObject({
      items: [],
      next: null,
      cursors: null,
      limit: 20,
    });
  });

  it('keeps only the last 50 plays, and hides plays that have not ended yet', async () => {
    listen(60);
    listen(1, T0 + 1800_000);
    const tokens = await link();
    const first = (await api('/me/player/recently-played?limit=50', tokens.access_token))
      .body as unknown as Page;
    expect(first.items).toHaveLength(50);
    expect(first.next).toBeNull();
    const older = (await api('/me/player/recently-played?after=0&limit=50', tokens.access_token))
      .body as unknown as Page;
    expect(older.items).toHaveLength(50);
    expect(older.items.at(-1)?.played_at).toBe(first.items.at(-1)?.played_at);
    now = T0 + 2400_000;
    const later = (await api('/me/player/recently-played?limit=1', tokens.access_token))
      .body as unknown as Page;
    expect(later.items[0]?.played_at).toBe(new Date(T0 + 1800_000).toISOString());
  });

  it('refuses both cursors, a bad limit and a bad cursor with 400', async () => {
    const tokens = await link();
    for (const query of ['after=1&before=2', 'limit=0', 'limit=51', 'limit=x', 'after=soon']) {
      const answer = await api(`/me/player/recently-played?${query}`, tokens.access_token);
      expect(answer.status, query).toBe(400);
      expect(answer.body, query).toMatchObject({ error: { status: 400 } });
    }
  });
});

describe('Spotify emulator: artists and control', () => {
  it('serves a full artist without popularity or followers', async () => {
    const tokens = await link();
    const { status, body } = await api('/artists/0gxyHStUsqpMadRV0Di1Qt', tokens.access_token);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: '0gxyHStUsqpMadRV0Di1Qt', name: 'Rick Astley', type: 'artist' });
    expect(body).not.toHaveProperty('popularity');
    expect(body).not.toHaveProperty('followers');
  });

  it('answers the next requests with 429 + Retry-After, then 5xx, then normally; counts requests', async () => {
    const tokens = await link();
    spotify.control.clearRequests();
    spotify.control.rateLimit({ count: 2, retryAfterS: 7 });
    spotify.control.serverError({ count: 1, status: 502 });
    const first = await api('/me', tokens.access_token);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body).toEqual({ error: { status: 429, message: 'API rate limit exceeded' } });
    expect((await api('/me', tokens.access_token)).status).toBe(429);
    expect((await api('/me', tokens.access_token)).status).toBe(502);
    expect((await api('/me', tokens.access_token)).status).toBe(200);
    const counts = spotify.control.requestCounts();
    expect(counts.total).toBe(4);
    expect(counts.byEndpoint).toEqual({ 'GET /v1/me': 4 });
    expect(Object.values(counts.byUser)).toEqual([4]);
  });

  it('delays answers when told to be slow', async () => {
    const tokens = await link();
    spotify.control.slow({ count: 1, delayMs: 300 });
    const started = performance.now();
    expect((await api('/me', tokens.access_token)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('runs control operations over HTTP and refuses bad input with the field path', async () => {
    const post = (op: string, body: unknown) =>
      fetch(`${spotify.controlUrl}/${op}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const user = (await (await post('createUser', { id: 'http-user' })).json()) as { id: string };
    expect(user.id).toBe('http-user');
    const bad = await post('rateLimit', { retryAfterS: -1 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ path: 'retryAfterS' }] });
    const foreign = await fetch(`${spotify.controlUrl}/describe`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });
});
