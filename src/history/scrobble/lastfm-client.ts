import type { NetGuard } from '../../net-guard/index.ts';
import type { ListenInput, ListenTrackInput } from '../listen-input.ts';
import { ScrobbleError } from './errors.ts';
import { endpoint, parseJson, SCROBBLER_USER_AGENT, serviceRequest } from './http.ts';
import { lastFmError, lastFmHttpError } from './lastfm-errors.ts';
import { signLastFmParams } from './lastfm-signature.ts';

/** track.scrobble takes `[0]`…`[49]`. */
export const LASTFM_MAX_BATCH = 50;
/** Error 29 says nothing about when to come back: back off from this, doubling, up to the cap. */
const RATE_LIMIT_BACKOFF_MS = 30_000;
const RATE_LIMIT_BACKOFF_CAP_MS = 15 * 60_000;

export interface LastFmClientOptions {
  /** LASTFM_API_URL (`/2.0/` is added). */
  apiUrl: string;
  /** LASTFM_AUTH_URL, the web-auth page. */
  authUrl: string;
  apiKey: string;
  sharedSecret: string;
  guard: NetGuard;
  timeoutMs?: number;
  userAgent?: string;
  /** Scrobbles per request, at most 50 (smaller in tests). */
  batchSize?: number;
}

export interface LastFmSession {
  userName: string;
  sessionKey: string;
}

/** A listen Last.fm took but did not count, with its ignoredMessage code (1 artist, 2 track, 3 too old, 4 too new, 5 daily limit). */
export interface IgnoredScrobble {
  listen: ListenInput;
  code: number;
  message: string;
}

export interface ScrobbleResult {
  /** Listens sent (accepted + ignored), after dropping repeats within the call. */
  sent: number;
  accepted: number;
  ignored: IgnoredScrobble[];
  requests: number;
}

interface ScrobbleAnswerItem {
  ignoredMessage?: { code?: string; '#text'?: string };
}

/**
 * Last.fm's API 2.0 for scrobbling: web auth (the page URL, then `auth.getSession`),
 * `track.updateNowPlaying` and `track.scrobble` in batches of at most 50, every call signed with
 * api_sig and asked for JSON. Errors are read from the body (Last.fm's HTTP status is not to be
 * trusted) and mapped to ScrobbleErrors; a call sends each batch once and stops at the first
 * failure, saying how many listens went through.
 */
export class LastFmClient {
  readonly #options: Required<Omit<LastFmClientOptions, 'guard'>> & { guard: NetGuard };
  #consecutiveRateLimits = 0;

  constructor(options: LastFmClientOptions) {
    this.#options = {
      timeoutMs: 10_000,
      userAgent: SCROBBLER_USER_AGENT,
      ...options,
      batchSize: Math.min(options.batchSize ?? LASTFM_MAX_BATCH, LASTFM_MAX_BATCH),
    };
  }

  /** Where to send the user's browser; Last.fm comes back to `callbackUrl` with `token=`. */
  authorizeUrl(callbackUrl: string): string {
    const url = new URL(this.#options.authUrl);
    url.searchParams.set('api_key', this.#options.apiKey);
    url.searchParams.set('cb', callbackUrl);
    return url.href;
  }

  async getSession(token: string): Promise<LastFmSession> {
    const body = (await this.#call('auth.getSession', { token })) as {
      session?: { name?: unknown; key?: unknown };
    };
    const { name, key } = body.session ?? {};
    if (typeof name !== 'string' || typeof key !== 'string')
      throw new ScrobbleError('lastfm', 'retryable', 'Last.fm answered auth.getSession without a session');
    return { userName: name, sessionKey: key };
  }

  /** Now playing; Last.fm asks that a failed one is not retried, so callers may drop the error. */
  async updateNowPlaying(sessionKey: string, track: ListenTrackInput): Promise<void> {
    await this.#call('track.updateNowPlaying', { sk: sessionKey, ...trackParams(track, '') });
  }

  async scrobble(sessionKey: string, listens: readonly ListenInput[]): Promise<ScrobbleResult> {
    const distinct = distinctScrobbles(listens);
    const result: ScrobbleResult = { sent: 0, accepted: 0, ignored: [], requests: 0 };
    for (let start = 0; start < distinct.length; start += this.#options.batchSize) {
      const batch = distinct.slice(start, start + this.#options.batchSize);
      const params: Record<string, string> = { sk: sessionKey };
      batch.forEach((listen, index) => {
        // One scrobble is sent without the [i] suffix, as the track.scrobble page says.
        const suffix = batch.length === 1 ? '' : `[${index}]`;
        Object.assign(params, trackParams(listen.track, suffix));
        params[`timestamp${suffix}`] = String(Math.floor(listen.playedAt.getTime() / 1000));
      });
      let answer: unknown;
      try {
        answer = await this.#call('track.scrobble', params);
      } catch (error) {
        if (error instanceof ScrobbleError) throw error.afterSending(result.sent);
        throw error;
      }
      result.requests += 1;
      result.sent += batch.length;
      this.#count(answer, batch, result);
    }
    return result;
  }

  #count(answer: unknown, batch: ListenInput[], result: ScrobbleResult): void {
    const scrobbles = (answer as { scrobbles?: { scrobble?: ScrobbleAnswerItem | ScrobbleAnswerItem[] } })
      .scrobbles;
    const raw = scrobbles?.scrobble;
    // A single scrobble comes back as an object, not a one-element array.
    const items = Array.isArray(raw) ? raw : raw ? [raw] : [];
    batch.forEach((listen, index) => {
      const code = Number(items[index]?.ignoredMessage?.code ?? 0);
      if (code === 0) result.accepted += 1;
      else result.ignored.push({ listen, code, message: items[index]?.ignoredMessage?.['#text'] ?? '' });
    });
  }

  async #call(method: string, params: Record<string, string>): Promise<unknown> {
    const signed: Record<string, string> = { ...params, method, api_key: this.#options.apiKey };
    signed.api_sig = signLastFmParams(signed, this.#options.sharedSecret);
    signed.format = 'json';
    const response = await serviceRequest('lastfm', this.#options, endpoint(this.#options.apiUrl, '/2.0/'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: new URLSearchParams(signed).toString(),
    });
    const body = parseJson(response.text) as { error?: unknown; message?: unknown } | null;
    if (body && typeof body.error === 'number') {
      if (body.error === 29) this.#consecutiveRateLimits += 1;
      throw lastFmError(body.error, typeof body.message === 'string' ? body.message : '', this.#backoffMs());
    }
    if (response.status !== 200 || body === null) {
      if (response.status === 429) this.#consecutiveRateLimits += 1;
      throw lastFmHttpError(response.status === 200 ? 502 : response.status, this.#backoffMs());
    }
    this.#consecutiveRateLimits = 0;
    return body;
  }

  /** 30 s after the first 29 in a row, doubling with each further one, at most 15 min. */
  #backoffMs(): number {
    const exponent = Math.max(0, this.#consecutiveRateLimits - 1);
    return Math.min(RATE_LIMIT_BACKOFF_MS * 2 ** exponent, RATE_LIMIT_BACKOFF_CAP_MS);
  }
}

/** The track's parameters, with `suffix` (`[3]`, or '' for a single item). Main artist only: Last.fm matches on it. */
function trackParams(track: ListenTrackInput, suffix: string): Record<string, string> {
  const params: Record<string, string> = {
    [`artist${suffix}`]: track.artists[0] ?? '',
    [`track${suffix}`]: track.title,
  };
  if (track.album) params[`album${suffix}`] = track.album;
  if (track.durationMs && track.durationMs > 0)
    params[`duration${suffix}`] = String(Math.round(track.durationMs / 1000));
  return params;
}

/** Each play once: the same start second, artist and title is one scrobble at Last.fm. */
function distinctScrobbles(listens: readonly ListenInput[]): ListenInput[] {
  const seen = new Set<string>();
  return listens.filter((listen) => {
    const key = `${Math.floor(listen.playedAt.getTime() / 1000)}\u0000${listen.track.artists[0] ?? ''}\u0000${listen.track.title}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
