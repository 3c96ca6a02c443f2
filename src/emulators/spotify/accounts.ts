import { randomBytes } from 'node:crypto';

/** An app registered with the emulated accounts service. */
export interface SpotifyClientApp {
  clientId: string;
  clientSecret: string;
}

/**
 * Who a token speaks for. Client-credentials tokens are the app's own; a later user-OAuth grant
 * (authorization code) adds `{ kind: 'user', userId, scopes }` tokens, and /me routes then ask
 * for that kind through {@link SpotifyAccounts.authenticate}.
 */
export type SpotifyTokenSubject =
  | { kind: 'app'; clientId: string }
  | { kind: 'user'; clientId: string; userId: string; scopes: string[] };

interface IssuedToken {
  subject: SpotifyTokenSubject;
  expiresAtMs: number;
}

/** What POST /api/token answers, as Spotify words it. */
export type TokenAnswer =
  | { status: 200; body: { access_token: string; token_type: 'Bearer'; expires_in: number } }
  | { status: 400; body: { error: string; error_description: string } };

export type AuthenticateAnswer =
  | { ok: true; subject: SpotifyTokenSubject }
  | { ok: false; status: 401; message: string };

/**
 * The accounts service: decides grants and remembers the tokens it gave out. Grant types are
 * looked up in one table so another (authorization_code, refresh_token) is one more entry.
 */
export class SpotifyAccounts {
  readonly #apps: SpotifyClientApp[];
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #now: () => number;
  readonly #lifetimeS: number;
  /** Tokens handed out, for tests that count how often a client asked. */
  issued = 0;

  constructor(apps: SpotifyClientApp[], options: { now?: () => number; tokenLifetimeS?: number } = {}) {
    this.#apps = apps;
    this.#now = options.now ?? Date.now;
    this.#lifetimeS = options.tokenLifetimeS ?? 3600;
  }

  /** POST /api/token: Basic client authentication, form body. */
  token(authorization: string | undefined, form: URLSearchParams): TokenAnswer {
    const app = this.#client(authorization, form);
    if (!app) return { status: 400, body: { error: 'invalid_client', error_description: 'Invalid client' } };
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
          error_description: `grant_type must be client_credentials, authorization_code or refresh_token`,
        },
      };
    return grant(app);
  }

  readonly #grants: Record<string, (app: SpotifyClientApp) => TokenAnswer> = {
    client_credentials: (app) => this.#issue({ kind: 'app', clientId: app.clientId }),
  };

  #issue(subject: SpotifyTokenSubject): TokenAnswer {
    const accessToken = `BQ${randomBytes(48).toString('base64url')}`;
    this.#tokens.set(accessToken, { subject, expiresAtMs: this.#now() + this.#lifetimeS * 1000 });
    this.issued += 1;
    return {
      status: 200,
      body: { access_token: accessToken, token_type: 'Bearer', expires_in: this.#lifetimeS },
    };
  }

  /** The Web API's check of `Authorization: Bearer …`, with Spotify's 401 messages. */
  authenticate(authorization: string | undefined): AuthenticateAnswer {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match?.[1]) return { ok: false, status: 401, message: 'No token provided' };
    const token = this.#tokens.get(match[1]);
    if (!token) return { ok: false, status: 401, message: 'Invalid access token' };
    if (token.expiresAtMs <= this.#now())
      return { ok: false, status: 401, message: 'The access token expired' };
    return { ok: true, subject: token.subject };
  }

  /** Client authentication: the Basic header, or client_id/client_secret in the body (both allowed by Spotify). */
  #client(authorization: string | undefined, form: URLSearchParams): SpotifyClientApp | null {
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
    return this.#apps.find((app) => app.clientId === id && app.clientSecret === secret) ?? null;
  }
}
