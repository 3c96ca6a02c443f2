import type { NetGuard } from '../../net-guard/index.ts';
import type { ListenInput, ListenTrackInput } from '../listen-input.ts';
import { NeedsRelinking, RateLimited, ScrobbleError } from './errors.ts';
import { endpoint, parseJson, SCROBBLER_USER_AGENT, type ServiceResponse, serviceRequest } from './http.ts';
import { distinctListens, listenedAt, submittable, trackMetadata } from './listenbrainz-payload.ts';

/** LB's `MAX_LISTENS_PER_REQUEST`. */
export const LISTENBRAINZ_MAX_BATCH = 1000;
/** When a 429 carries no `X-RateLimit-Reset-In`: LB's windows are 10 s long. */
const DEFAULT_RETRY_AFTER_MS = 10_000;

export interface ListenBrainzClientOptions {
  /** LISTENBRAINZ_API_URL, without `/1`. */
  baseUrl: string;
  guard: NetGuard;
  timeoutMs?: number;
  userAgent?: string;
  /** Listens per request, at most LB's 1000 (smaller in tests). */
  batchSize?: number;
}

/** The `X-RateLimit-*` state after the last answer. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  resetInMs: number;
}

export type TokenCheck = { valid: true; userName: string } | { valid: false };

export interface SubmitResult {
  /** Listens LB confirmed (after dropping repeats within the call). */
  sent: number;
  /** Listens LB would refuse whatever happens (no artist or title, before 2002-10-01): not sent. */
  skipped: ListenInput[];
  requests: number;
  /** The rate-limit window the last answer reported, for a scheduler spreading calls out. */
  rateLimit: RateLimitState | null;
}

/**
 * ListenBrainz's submission API (`/1/validate-token`, `/1/submit-listens`) for one token per
 * call. Failures are ScrobbleErrors: 401 → NeedsRelinking, 429 or a used-up window → RateLimited
 * with the window's reset time, 5xx and network failures → retryable, 400 → permanent. A call
 * sends each batch once and stops at the first failure, saying how many listens went through.
 */
export class ListenBrainzClient {
  readonly #options: Required<Omit<ListenBrainzClientOptions, 'guard'>> & { guard: NetGuard };
  constructor(options: ListenBrainzClientOptions) {
    this.#options = {
      timeoutMs: 10_000,
      userAgent: SCROBBLER_USER_AGENT,
      ...options,
      batchSize: Math.min(options.batchSize ?? LISTENBRAINZ_MAX_BATCH, LISTENBRAINZ_MAX_BATCH),
    };
  }

  async validateToken(token: string): Promise<TokenCheck> {
    const { response, window } = await this.#request('GET', '/1/validate-token', token);
    const body = parseJson(response.text) as { valid?: unknown; user_name?: unknown } | null;
    if (response.status === 200 && body?.valid === true && typeof body.user_name === 'string')
      return { valid: true, userName: body.user_name };
    if (response.status === 200 && body?.valid === false) return { valid: false };
    throw failure(response, window);
  }

  /** Now playing: stored by LB only until replaced, so a failure is not worth retrying. */
  async submitPlayingNow(token: string, track: ListenTrackInput): Promise<void> {
    await this.#submit(token, 'playing_now', [{ track_metadata: trackMetadata(track) }]);
  }

  /** Sends the listens in batches of at most 1000 (`single` for one, `import` for more). */
  async submitListens(token: string, listens: readonly ListenInput[]): Promise<SubmitResult> {
    const distinct = distinctListens(listens.filter(submittable));
    const skipped = listens.filter((listen) => !submittable(listen));
    let sent = 0;
    let requests = 0;
    // This call's window, from its own answers (the client is shared by jobs for other tokens).
    let window: RateLimitState | null = null;
    for (let start = 0; start < distinct.length; start += this.#options.batchSize) {
      const batch = distinct.slice(start, start + this.#options.batchSize);
      // A used-up window is a 429 waiting to happen: stop before it, saying when it resets.
      if (window && window.remaining <= 0)
        throw new RateLimited('listenbrainz', 'ListenBrainz rate limit used up', window.resetInMs, {
          code: 429,
          sent,
        });
      try {
        window = await this.#submit(
          token,
          batch.length === 1 ? 'single' : 'import',
          batch.map((listen) => ({
            listened_at: listenedAt(listen),
            track_metadata: trackMetadata(listen.track),
          })),
        );
      } catch (error) {
        if (error instanceof ScrobbleError) throw error.afterSending(sent);
        throw error;
      }
      requests += 1;
      sent += batch.length;
    }
    return { sent, skipped, requests, rateLimit: window };
  }

  /** One POST; answers the window it reported. */
  async #submit(token: string, listenType: string, payload: unknown[]): Promise<RateLimitState | null> {
    const { response, window } = await this.#request('POST', '/1/submit-listens', token, {
      listen_type: listenType,
      payload,
    });
    if (response.status !== 200) throw failure(response, window);
    return window;
  }

  async #request(
    method: 'GET' | 'POST',
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ response: ServiceResponse; window: RateLimitState | null }> {
    const response = await serviceRequest(
      'listenbrainz',
      this.#options,
      endpoint(this.#options.baseUrl, path),
      {
        method,
        headers: {
          authorization: `Token ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      },
    );
    return { response, window: readRateLimit(response.headers) };
  }
}

function failure(response: ServiceResponse, window: RateLimitState | null): ScrobbleError {
  const body = parseJson(response.text) as { error?: unknown } | null;
  const detail = typeof body?.error === 'string' ? body.error : `HTTP ${response.status}`;
  const code = response.status;
  if (code === 429)
    return new RateLimited(
      'listenbrainz',
      'ListenBrainz rate limit exceeded',
      window?.resetInMs ?? DEFAULT_RETRY_AFTER_MS,
      { code },
    );
  if (code === 401)
    return new NeedsRelinking('listenbrainz', `ListenBrainz refused the token: ${detail}`, { code });
  if (code >= 500 || code === 408)
    return new ScrobbleError('listenbrainz', 'retryable', `ListenBrainz is unavailable: ${detail}`, { code });
  return new ScrobbleError('listenbrainz', 'permanent', `ListenBrainz refused the request: ${detail}`, {
    code,
  });
}

function readRateLimit(headers: Headers): RateLimitState | null {
  const limit = Number(headers.get('x-ratelimit-limit'));
  const remaining = Number(headers.get('x-ratelimit-remaining'));
  const resetIn = Number(headers.get('x-ratelimit-reset-in'));
  if (!headers.has('x-ratelimit-remaining') || !Number.isFinite(remaining)) return null;
  return {
    limit: Number.isFinite(limit) ? limit : 0,
    remaining,
    // A window ending "now" (0 s) still needs a moment before the counter resets.
    resetInMs: Number.isFinite(resetIn) ? Math.max(resetIn * 1000, 1000) : DEFAULT_RETRY_AFTER_MS,
  };
}
