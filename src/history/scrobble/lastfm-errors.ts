import { NeedsRelinking, RateLimited, ScrobbleError } from './errors.ts';

/** Last.fm's error numbers that mean "the user must authorise us again". */
const RELINK_CODES = new Set([4, 9, 14, 15]);
/** Service offline (11), temporary error (16), operation failed (8): the backend's trouble, try later. */
const RETRYABLE_CODES = new Set([8, 11, 16]);
const RATE_LIMIT_CODE = 29;

/**
 * A Last.fm error body (`{"error":N,"message":"…"}`, whatever the HTTP status) as a ScrobbleError:
 * 9 invalid session key and the auth token errors → NeedsRelinking, 29 → RateLimited after
 * `backoffMs`, 8/11/16 → retryable; the rest (bad parameters, API key, signature: our
 * configuration or request) → permanent.
 */
export function lastFmError(code: number, message: string, backoffMs: number): ScrobbleError {
  const text = `Last.fm error ${code}: ${message}`;
  if (code === RATE_LIMIT_CODE) return new RateLimited('lastfm', text, backoffMs, { code });
  if (RELINK_CODES.has(code)) return new NeedsRelinking('lastfm', text, { code });
  if (RETRYABLE_CODES.has(code)) return new ScrobbleError('lastfm', 'retryable', text, { code });
  return new ScrobbleError('lastfm', 'permanent', text, { code });
}

/** An answer without an error body: a proxy's 5xx page is worth retrying, anything else is not Last.fm. */
export function lastFmHttpError(status: number, backoffMs: number): ScrobbleError {
  if (status === 429) return new RateLimited('lastfm', 'Last.fm answered HTTP 429', backoffMs);
  if (status >= 500 || status === 408)
    return new ScrobbleError('lastfm', 'retryable', `Last.fm answered HTTP ${status}`);
  return new ScrobbleError('lastfm', 'permanent', `Last.fm answered HTTP ${status} without an API answer`, {
    code: null,
  });
}
