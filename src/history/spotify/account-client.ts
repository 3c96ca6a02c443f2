import { findNetGuardError, type NetGuard } from '../../net-guard/index.ts';
import {
  SpotifyClientError,
  SpotifyNeedsRelinking,
  SpotifyRateLimited,
  SpotifyRefused,
  SpotifyTimeout,
  SpotifyUnauthorized,
  SpotifyUnavailable,
} from './errors.ts';
import { createOAuthState, createPkcePair } from './pkce.ts';
import { type RecentPlay, toRecentPlay } from './recent-play.ts';
import { apiErrorSchema, meSchema, oauthErrorSchema, recentlyPlayedSchema, tokenSchema } from './wire.ts';

/** The one scope archival needs: reading recently played tracks. Nothing else is asked for. */
export const SPOTIFY_HISTORY_SCOPES = ['user-read-recently-played'] as const;

export interface SpotifyAccountSettings {
  clientId: string;
  /** Absent: a public client (PKCE only, client_id in the body); present: HTTP Basic auth. */
  clientSecret?: string | undefined;
  /** SPOTIFY_ACCOUNTS_URL, e.g. `https://accounts.spotify.com`. */
  accountsUrl: string;
  /** SPOTIFY_API_URL, e.g. `https://api.spotify.com/v1`. */
  apiUrl: string;
  /** The panel's callback, registered with the Spotify app. */
  redirectUri: string;
  /** Per request (default 15 s). */
  timeoutMs?: number;
  now?: () => number;
}

/** A user's tokens after an exchange or a refresh. */
export interface SpotifyTokens {
  accessToken: string;
  /** Keep this one: after a rotating refresh it is a new token and the old one is dead. */
  refreshToken: string;
  /** Whether this refresh handed out a new refresh token. */
  rotated: boolean;
  expiresAt: Date;
  scopes: string[];
}

/** What one `recentlyPlayed` call found: new plays oldest first, and the cursor to store. */
export interface RecentlyPlayedResult {
  plays: RecentPlay[];
  /** The newest `played_at` seen (ms), or the cursor given when nothing was new. */
  cursor: number | null;
  pages: number;
  /** Items that were not tracks (null track, no title or artist). */
  skipped: number;
}

const PAGE_LIMIT = 50;
/** More pages than the window could ever hold means a server that never ends a page: stop. */
const MAX_PAGES = 100;
/** When a 429 has no (readable) Retry-After, wait this long. */
const DEFAULT_RETRY_AFTER_MS = 30_000;

/**
 * Spotify for the listening archive: linking (authorization code with PKCE S256 and state),
 * refreshing (keeping a rotated refresh token), and paging recently-played forward from a
 * cursor. Every request goes through the net guard; failures are typed (errors.ts) so the job
 * decides whether to wait, retry or ask the user to link again. No retries happen here.
 */
export class SpotifyAccountClient {
  readonly #s: SpotifyAccountSettings;
  readonly #guard: NetGuard;
  readonly #timeoutMs: number;
  readonly #now: () => number;

  constructor(settings: SpotifyAccountSettings, guard: NetGuard) {
    this.#s = settings;
    this.#guard = guard;
    this.#timeoutMs = settings.timeoutMs ?? 15_000;
    this.#now = settings.now ?? Date.now;
  }

  /**
   * Where to send the user. Store `state` and `verifier` with the pending link (server side);
   * the callback must present the same `state`, and the exchange needs the `verifier`.
   */
  authorizeUrl(options: { state?: string } = {}): { url: string; state: string; verifier: string } {
    const { verifier, challenge } = createPkcePair();
    const state = options.state ?? createOAuthState();
    const url = new URL(`${trimSlash(this.#s.accountsUrl)}/authorize`);
    url.search = new URLSearchParams({
      client_id: this.#s.clientId,
      response_type: 'code',
      redirect_uri: this.#s.redirectUri,
      scope: SPOTIFY_HISTORY_SCOPES.join(' '),
      state,
      code_challenge_method: 'S256',
      code_challenge: challenge,
    }).toString();
    return { url: url.href, state, verifier };
  }

  /** The callback's code for tokens. A bad or replayed code is `SpotifyNeedsRelinking`. */
  exchangeCode(code: string, verifier: string): Promise<SpotifyTokens> {
    return this.#token(
      { grant_type: 'authorization_code', code, redirect_uri: this.#s.redirectUri, code_verifier: verifier },
      null,
    );
  }

  /** A fresh access token. `invalid_grant` (revoked, rotated away, six months old) is `SpotifyNeedsRelinking`. */
  refresh(refreshToken: string): Promise<SpotifyTokens> {
    return this.#token({ grant_type: 'refresh_token', refresh_token: refreshToken }, refreshToken);
  }

  /** Whether tokens expire within `marginMs` (the job refreshes 5 minutes ahead). */
  expiresSoon(tokens: Pick<SpotifyTokens, 'expiresAt'>, marginMs = 5 * 60_000): boolean {
    return tokens.expiresAt.getTime() - marginMs <= this.#now();
  }

  /** The linked account, to show whom a link belongs to. */
  async me(accessToken: string): Promise<{ id: string; displayName: string | null }> {
    const body = await this.#api(accessToken, '/me');
    const me = meSchema.safeParse(body);
    if (!me.success) throw new SpotifyRefused(200, 'Spotify answered /me with an unexpected body');
    return { id: me.data.id, displayName: me.data.display_name ?? null };
  }

  /**
   * One page of plays after `after` (exclusive, ms), as Spotify's `after` cursor moves forward
   * in time. `more` says whether another page may follow.
   */
  async recentlyPlayedPage(
    accessToken: string,
    options: { after: number | null; limit?: number },
  ): Promise<{ plays: RecentPlay[]; cursor: number | null; more: boolean; skipped: number }> {
    const limit = options.limit ?? PAGE_LIMIT;
    const body = await this.#api(accessToken, '/me/player/recently-played', {
      limit,
      // From the start of what Spotify still keeps when the link has no cursor yet.
      after: options.after ?? 0,
    });
    const page = recentlyPlayedSchema.safeParse(body);
    if (!page.success)
      throw new SpotifyRefused(200, 'Spotify answered recently-played with an unexpected body');
    let cursor = options.after;
    let skipped = 0;
    const plays: RecentPlay[] = [];
    for (const item of page.data.items) {
      const endedMs = Date.parse(item.played_at);
      if (cursor === null || endedMs > cursor) cursor = endedMs;
      // `after` is exclusive; a server that repeats the boundary play must not count it twice.
      if (options.after !== null && endedMs <= options.after) continue;
      const play = toRecentPlay(item.track, endedMs, item.context?.uri ?? null);
      if (play) plays.push(play);
      else skipped += 1;
    }
    plays.sort((a, b) => a.endedAt.getTime() - b.endedAt.getTime());
    const advanced = cursor !== options.after;
    // A full page with a `next` link may have a successor; anything less is the newest there is.
    const more = advanced && page.data.items.length >= limit && Boolean(page.data.next);
    return { plays, cursor, more, skipped };
  }

  /**
   * Every play after `after`, page by page until caught up. Throws a typed error on the first
   * failure (nothing is half-returned): the caller keeps its old cursor and asks again later.
   * Spotify keeps only the newest 50 plays, so poll more often than 50 plays take.
   */
  async recentlyPlayed(
    accessToken: string,
    options: { after: number | null; limit?: number },
  ): Promise<RecentlyPlayedResult> {
    const result: RecentlyPlayedResult = { plays: [], cursor: options.after, pages: 0, skipped: 0 };
    for (;;) {
      const page = await this.recentlyPlayedPage(accessToken, {
        after: result.cursor,
        ...(options.limit ? { limit: options.limit } : {}),
      });
      result.pages += 1;
      result.plays.push(...page.plays);
      result.skipped += page.skipped;
      result.cursor = page.cursor;
      if (!page.more || result.pages >= MAX_PAGES) return result;
    }
  }

  async #token(form: Record<string, string>, previousRefresh: string | null): Promise<SpotifyTokens> {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    const fields = { ...form };
    if (this.#s.clientSecret) {
      const basic = Buffer.from(`${this.#s.clientId}:${this.#s.clientSecret}`).toString('base64');
      headers.authorization = `Basic ${basic}`;
    } else {
      fields.client_id = this.#s.clientId;
    }
    const url = new URL(`${trimSlash(this.#s.accountsUrl)}/api/token`);
    const { status, body, retryAfterMs } = await this.#send(url, {
      method: 'POST',
      headers,
      body: new URLSearchParams(fields).toString(),
    });
    if (status === 200) {
      const token = tokenSchema.safeParse(body);
      if (!token.success) throw new SpotifyRefused(status, 'Spotify’s token answer is not what it documents');
      const refreshToken = token.data.refresh_token ?? previousRefresh;
      if (!refreshToken) throw new SpotifyRefused(status, 'Spotify’s token answer has no refresh token');
      return {
        accessToken: token.data.access_token,
        refreshToken,
        rotated: previousRefresh !== null && refreshToken !== previousRefresh,
        expiresAt: new Date(this.#now() + token.data.expires_in * 1000),
        scopes: (token.data.scope ?? '').split(' ').filter(Boolean),
      };
    }
    this.#throwCommon(status, retryAfterMs);
    const error = oauthErrorSchema.safeParse(body);
    const code = error.success ? error.data.error : 'unknown';
    const description = (error.success ? error.data.error_description : null) ?? code;
    if (code === 'invalid_grant') throw new SpotifyNeedsRelinking(description);
    throw new SpotifyRefused(status, `Spotify refused the token request: ${code} (${description})`);
  }

  async #api(
    accessToken: string,
    path: string,
    query: Record<string, string | number> = {},
  ): Promise<unknown> {
    const url = new URL(`${trimSlash(this.#s.apiUrl)}${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
    const { status, body, retryAfterMs } = await this.#send(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (status === 200) return body;
    this.#throwCommon(status, retryAfterMs);
    const parsed = apiErrorSchema.safeParse(body);
    const message = (parsed.success ? parsed.data.error.message : null) ?? `HTTP ${status}`;
    if (status === 401) throw new SpotifyUnauthorized(`Spotify refused the access token: ${message}`);
    throw new SpotifyRefused(status, `Spotify answered ${status}: ${message}`);
  }

  /** 429 and 5xx mean the same on both services. */
  #throwCommon(status: number, retryAfterMs: number | null): void {
    if (status === 429) throw new SpotifyRateLimited(retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
    if (status >= 500) throw new SpotifyUnavailable(status, `HTTP ${status}`);
  }

  async #send(
    url: URL,
    init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string },
  ): Promise<{ status: number; body: unknown; retryAfterMs: number | null }> {
    const signal = AbortSignal.timeout(this.#timeoutMs);
    try {
      const { response } = await this.#guard.fetch(url, {
        method: init.method,
        headers: { accept: 'application/json', ...init.headers },
        signal,
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
      const text = await response.text();
      let body: unknown = null;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = null;
      }
      return {
        status: response.status,
        body,
        retryAfterMs: retryAfter(response.headers.get('retry-after'), this.#now()),
      };
    } catch (error) {
      if (error instanceof SpotifyClientError) throw error;
      if (signal.aborted) throw new SpotifyTimeout(this.#timeoutMs);
      const guarded = findNetGuardError(error);
      if (guarded) throw new SpotifyRefused(0, `Spotify’s address is not allowed: ${guarded.message}`);
      throw new SpotifyUnavailable(null, error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
  }
}

/** `Retry-After` in seconds (what Spotify sends) or as an HTTP date; null when absent or unreadable. */
export function retryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

const trimSlash = (base: string) => base.replace(/\/+$/, '');
