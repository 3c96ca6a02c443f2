import { createHash, randomBytes } from 'node:crypto';

/** An app registered with the emulated accounts service. */
export interface SpotifyClientApp {
  clientId: string;
  clientSecret: string;
  /** Allowed redirect URIs; when absent the emulator accepts any (a test app registered for all). */
  redirectUris?: string[];
}

/**
 * Who a token speaks for: client-credentials tokens are the app's own, authorization-code (and
 * refreshed) tokens speak for a user with the scopes they granted.
 */
export type SpotifyTokenSubject =
  | { kind: 'app'; clientId: string }
  | { kind: 'user'; clientId: string; userId: string; scopes: string[] };

interface IssuedToken {
  subject: SpotifyTokenSubject;
  expiresAtMs: number;
}

/** A refresh token's grant. `grantedAtMs` is the user's consent: rotation does not renew it. */
interface RefreshGrant {
  clientId: string;
  userId: string;
  scopes: string[];
  grantedAtMs: number;
  /** Issued to a public (PKCE) client: refreshing needs only client_id, no secret. */
  publicClient: boolean;
}

interface CodeGrant {
  clientId: string;
  userId: string;
  scopes: string[];
  redirectUri: string;
  challenge: string | null;
  expiresAtMs: number;
}

/** What POST /api/token answers, as Spotify words it. */
export type TokenAnswer =
  | {
      status: 200;
      body: {
        access_token: string;
        token_type: 'Bearer';
        expires_in: number;
        refresh_token?: string;
        scope?: string;
      };
    }
  | { status: 400; body: { error: string; error_description: string } };

export type AuthenticateAnswer =
  | { ok: true; subject: SpotifyTokenSubject; token: string }
  | { ok: false; status: 401; message: string };

/** What GET /authorize does: redirect somewhere, or show an error page (no usable redirect URI). */
export type AuthorizeAnswer = { redirect: string } | { page: { status: 400; text: string } };

/** Scopes Spotify knows (authorize refuses others with `invalid_scope`). */
export const SPOTIFY_SCOPES = new Set([
  'ugc-image-upload',
  'user-read-playback-state',
  'user-modify-playback-state',
  'user-read-currently-playing',
  'app-remote-control',
  'streaming',
  'playlist-read-private',
  'playlist-read-collaborative',
  'playlist-modify-private',
  'playlist-modify-public',
  'user-follow-modify',
  'user-follow-read',
  'user-read-playback-position',
  'user-top-read',
  'user-read-recently-played',
  'user-library-modify',
  'user-library-read',
  'user-read-email',
  'user-read-private',
  'user-personalized',
  'user-soa-link',
  'user-soa-unlink',
  'soa-manage-entitlements',
  'soa-manage-partner',
  'soa-create-partner',
]);

/** How often a refresh hands out a new refresh token (the old one then stops working). */
export type RefreshRotation = 'never' | 'always' | 'alternate';

const CODE_LIFETIME_MS = 10 * 60_000;
/** Spotify's 2026 rule: a refresh token dies six months after the user's consent, whatever happens. */
const REFRESH_LIFETIME_MONTHS = 6;

const invalidGrant = (description: string): TokenAnswer => ({
  status: 400,
  body: { error: 'invalid_grant', error_description: description },
});

/**
 * The accounts service: decides grants and remembers the tokens it gave out. Grant types are
 * looked up in one table (client_credentials, authorization_code with PKCE, refresh_token).
 */
export class SpotifyAccounts {
  readonly #apps: SpotifyClientApp[];
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #codes = new Map<string, CodeGrant>();
  readonly #refresh = new Map<string, RefreshGrant>();
  readonly #now: () => number;
  readonly #lifetimeS: number;
  #refreshes = 0;
  /** Tokens handed out, for tests that count how often a client asked. */
  issued = 0;
  rotation: RefreshRotation = 'never';

  constructor(apps: SpotifyClientApp[], options: { now?: () => number; tokenLifetimeS?: number } = {}) {
    this.#apps = apps;
    this.#now = options.now ?? Date.now;
    this.#lifetimeS = options.tokenLifetimeS ?? 3600;
  }

  /**
   * GET /authorize, consenting (or refusing) at once as `userId`. Like Spotify, a bad client or
   * redirect URI shows an error page; every later problem goes back to the redirect URI.
   */
  authorize(params: URLSearchParams, consent: { userId: string; approve: boolean }): AuthorizeAnswer {
    const page = (text: string): AuthorizeAnswer => ({ page: { status: 400, text } });
    const app = this.#apps.find((a) => a.clientId === params.get('client_id'));
    if (!app) return page('INVALID_CLIENT: Invalid client');
    const redirectUri = params.get('redirect_uri');
    if (!redirectUri || (app.redirectUris && !app.redirectUris.includes(redirectUri)))
      return page('INVALID_CLIENT: Invalid redirect URI');
    const back = (query: Record<string, string | null>): AuthorizeAnswer => {
      const url = new URL(redirectUri);
      for (const [key, value] of Object.entries(query)) if (value !== null) url.searchParams.set(key, value);
      return { redirect: url.href };
    };
    const state = params.get('state');
    if (params.get('response_type') !== 'code') return back({ error: 'unsupported_response_type', state });
    const scopes = (params.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
    if (scopes.some((scope) => !SPOTIFY_SCOPES.has(scope))) return back({ error: 'invalid_scope', state });
    const challenge = params.get('code_challenge');
    if (challenge !== null && params.get('code_challenge_method') !== 'S256')
      return back({ error: 'invalid_request', state });
    if (!consent.approve) return back({ error: 'access_denied', state });
    const code = `AQ${randomBytes(48).toString('base64url')}`;
    this.#codes.set(code, {
      clientId: app.clientId,
      userId: consent.userId,
      scopes,
      redirectUri,
      challenge,
      expiresAtMs: this.#now() + CODE_LIFETIME_MS,
    });
    return back({ code, state });
  }

  /** POST /api/token: Basic client authentication or client_id (and secret) in the form body. */
  token(authorization: string | undefined, form: URLSearchParams): TokenAnswer {
    const client = this.#client(authorization, form);
    if (!client)
      return { status: 400, body: { error: 'invalid_client', error_description: 'Invalid client' } };
    const grantType = form.get('grant_type');
    if (!grantType)
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'grant_type parameter is missing' },
      };
    const grant = this.#grants[grantType];
    if (!grant)
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: 'grant_type must be client_credentials, authorization_code or refresh_token',
        },
      };
    return grant(client, form);
  }

  readonly #grants: Record<string, (client: ClientAuth, form: URLSearchParams) => TokenAnswer> = {
    client_credentials: (client) => {
      if (!client.secretChecked)
        return { status: 400, body: { error: 'invalid_client', error_description: 'Invalid client' } };
      return this.#issue({ kind: 'app', clientId: client.app.clientId });
    },
    authorization_code: (client, form) => this.#codeGrant(client, form),
    refresh_token: (client, form) => this.#refreshGrant(client, form),
  };

  #codeGrant(client: ClientAuth, form: URLSearchParams): TokenAnswer {
    const code = form.get('code') ?? '';
    const grant = this.#codes.get(code);
    // Single use: a code is spent by the first attempt, right or wrong.
    this.#codes.delete(code);
    if (!grant || grant.clientId !== client.app.clientId || grant.expiresAtMs <= this.#now())
      return invalidGrant('Invalid authorization code');
    if (form.get('redirect_uri') !== grant.redirectUri) return invalidGrant('Invalid redirect URI');
    if (grant.challenge !== null) {
      const verifier = form.get('code_verifier') ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (computed !== grant.challenge) return invalidGrant('code_verifier was incorrect');
    } else if (!client.secretChecked) {
      // Without PKCE the client must prove it is the confidential app.
      return { status: 400, body: { error: 'invalid_client', error_description: 'Invalid client' } };
    }
    const refreshToken = this.#newRefreshToken({
      clientId: grant.clientId,
      userId: grant.userId,
      scopes: grant.scopes,
      grantedAtMs: this.#now(),
      publicClient: grant.challenge !== null && !client.secretChecked,
    });
    const answer = this.#issue(this.#userSubject(grant));
    if (answer.status !== 200) return answer;
    return {
      status: 200,
      body: { ...answer.body, refresh_token: refreshToken, scope: grant.scopes.join(' ') },
    };
  }

  #refreshGrant(client: ClientAuth, form: URLSearchParams): TokenAnswer {
    const token = form.get('refresh_token') ?? '';
    const grant = this.#refresh.get(token);
    if (!grant || grant.clientId !== client.app.clientId) return invalidGrant('Refresh token revoked');
    if (!grant.publicClient && !client.secretChecked)
      return { status: 400, body: { error: 'invalid_client', error_description: 'Invalid client' } };
    const dies = new Date(grant.grantedAtMs);
    dies.setUTCMonth(dies.getUTCMonth() + REFRESH_LIFETIME_MONTHS);
    if (dies.getTime() <= this.#now()) {
      this.#refresh.delete(token);
      return invalidGrant('Refresh token revoked');
    }
    this.#refreshes += 1;
    const rotate = this.rotation === 'always' || (this.rotation === 'alternate' && this.#refreshes % 2 === 0);
    let rotated: string | undefined;
    if (rotate) {
      this.#refresh.delete(token);
      rotated = this.#newRefreshToken(grant);
    }
    const answer = this.#issue(this.#userSubject(grant));
    if (answer.status !== 200) return answer;
    return {
      status: 200,
      body: {
        ...answer.body,
        ...(rotated ? { refresh_token: rotated } : {}),
        scope: grant.scopes.join(' '),
      },
    };
  }

  /**
   * Tokens as if `userId` had just linked `clientId` with `scopes` — for benchmarks and tests that
   * need thousands of linked users without walking /authorize for each.
   */
  grant(clientId: string, userId: string, scopes: string[]): { accessToken: string; refreshToken: string } {
    const refreshToken = this.#newRefreshToken({
      clientId,
      userId,
      scopes,
      grantedAtMs: this.#now(),
      publicClient: true,
    });
    const answer = this.#issue(this.#userSubject({ clientId, userId, scopes }));
    if (answer.status !== 200) throw new Error('could not issue a token');
    return { accessToken: answer.body.access_token, refreshToken };
  }

  #userSubject(grant: { clientId: string; userId: string; scopes: string[] }): SpotifyTokenSubject {
    return { kind: 'user', clientId: grant.clientId, userId: grant.userId, scopes: grant.scopes };
  }

  #newRefreshToken(grant: RefreshGrant): string {
    const token = `AQ${randomBytes(96).toString('base64url')}`;
    this.#refresh.set(token, grant);
    return token;
  }

  #issue(subject: SpotifyTokenSubject): TokenAnswer {
    const accessToken = `BQ${randomBytes(48).toString('base64url')}`;
    this.#tokens.set(accessToken, { subject, expiresAtMs: this.#now() + this.#lifetimeS * 1000 });
    this.issued += 1;
    return {
      status: 200,
      body: { access_token: accessToken, token_type: 'Bearer', expires_in: this.#lifetimeS },
    };
  }

  /**
   * Revokes what a control call names: one refresh or access token, or everything of a user
   * (as when they remove the app at spotify.com/account/apps). Answers how many tokens died.
   */
  revoke(target: { refreshToken?: string; accessToken?: string; userId?: string }): number {
    let revoked = 0;
    if (target.refreshToken && this.#refresh.delete(target.refreshToken)) revoked += 1;
    if (target.accessToken && this.#tokens.delete(target.accessToken)) revoked += 1;
    if (target.userId) {
      for (const [token, grant] of this.#refresh)
        if (grant.userId === target.userId && this.#refresh.delete(token)) revoked += 1;
      for (const [token, issued] of this.#tokens)
        if (issued.subject.kind === 'user' && issued.subject.userId === target.userId) {
          this.#tokens.delete(token);
          revoked += 1;
        }
    }
    return revoked;
  }

  /** The Web API's check of `Authorization: Bearer …`, with Spotify's 401 messages. */
  authenticate(authorization: string | undefined): AuthenticateAnswer {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, status: 401, message: 'No token provided' };
    const token = this.#tokens.get(match[1]);
    if (!token) return { ok: false, status: 401, message: 'Invalid access token' };
    if (token.expiresAtMs <= this.#now())
      return { ok: false, status: 401, message: 'The access token expired' };
    return { ok: true, subject: token.subject, token: match[1] };
  }

  /**
   * Client authentication: the Basic header, or client_id (with client_secret, or alone for a
   * PKCE client) in the body — both allowed by Spotify. A wrong secret is always refused.
   */
  #client(authorization: string | undefined, form: URLSearchParams): ClientAuth | null {
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return null;
      id = decoded.slice(0, colon);
      secret = decoded.slice(colon + 1);
    }
    const app = this.#apps.find((a) => a.clientId === id);
    if (!app) return null;
    if (secret === null) return { app, secretChecked: false };
    return secret === app.clientSecret ? { app, secretChecked: true } : null;
  }
}

interface ClientAuth {
  app: SpotifyClientApp;
  /** Whether the client proved the secret (confidential) or only named itself (PKCE public client). */
  secretChecked: boolean;
}
