/** What one request did to its rate-limit window, as the `X-RateLimit-*` headers report it. */
export interface RateLimitVerdict {
  allowed: boolean;
  headers: Record<string, string>;
}

export interface RateLimitOptions {
  /** Requests allowed per window and key (brainzutils' default per-IP limit is 30). */
  limit: number;
  /** Window length in seconds (brainzutils' default is 10). */
  windowS: number;
}

/**
 * brainzutils-python's `ratelimit.py`: fixed windows aligned to multiples of the window length
 * (so every key's window ends at the same instant), a counter per key and window, and the four
 * headers on every answer. `Reset-In` is what clients are told to use.
 */
export class FixedWindowRateLimiter {
  readonly #counts = new Map<string, { windowEnd: number; count: number }>();
  readonly #options: RateLimitOptions;
  readonly #now: () => number;

  constructor(options: RateLimitOptions, now: () => number) {
    this.#options = options;
    this.#now = now;
  }

  /** Counts one request for `key`; `forceExceeded` answers as if the limit were used up. */
  hit(key: string, forceExceeded = false): RateLimitVerdict {
    const { limit, windowS } = this.#options;
    const nowS = this.#now() / 1000;
    const windowEnd = Math.floor(nowS / windowS) * windowS + windowS;
    const entry = this.#counts.get(key);
    const current = entry && entry.windowEnd === windowEnd ? entry.count + 1 : 1;
    this.#counts.set(key, { windowEnd, count: current });
    const used = forceExceeded ? limit + 1 : current;
    return {
      allowed: used <= limit,
      headers: {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - used)),
        'x-ratelimit-reset-in': String(Math.max(0, Math.ceil(windowEnd - nowS))),
        'x-ratelimit-reset': String(windowEnd),
      },
    };
  }
}

/** brainzutils' 429 body: plain text, not LB's JSON error. */
export const RATE_LIMIT_EXCEEDED_TEXT =
  'You have exceeded your rate limit. See the X-RateLimit-* response headers for more information on your current rate limit.';
