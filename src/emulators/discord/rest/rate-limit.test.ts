import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

const ROUTE = 'POST /channels/:channelId/messages';

describe('RateLimiter', () => {
  it('counts requests per bucket and answers 429 once the bucket is empty', () => {
    const limiter = new RateLimiter(2);
    const first = limiter.consume(ROUTE, '1');
    expect(first.headers['X-RateLimit-Remaining']).toBe('1');
    expect(first.limited).toBeNull();
    expect(limiter.consume(ROUTE, '1').headers['X-RateLimit-Remaining']).toBe('0');
    const third = limiter.consume(ROUTE, '1');
    expect(third.limited?.status).toBe(429);
    // Another major parameter is another bucket.
    expect(limiter.consume(ROUTE, '2').limited).toBeNull();
  });

  it('applies a switched-on rule the given number of times, by method+route or by route alone', () => {
    const limiter = new RateLimiter(50);
    limiter.add({ route: ROUTE, retryAfterSeconds: 1, times: 2 });
    expect(limiter.forced('GET /channels/:channelId/messages', true)).toBeNull();
    expect(limiter.forced(ROUTE, true)?.headers?.['Retry-After']).toBe('1');
    expect(limiter.forced(ROUTE, true)).not.toBeNull();
    expect(limiter.forced(ROUTE, true)).toBeNull();

    limiter.add({ route: '/channels/:channelId/messages', retryAfterSeconds: 1 });
    expect(limiter.forced('GET /channels/:channelId/messages', true)).not.toBeNull();
  });

  it('makes global rules skip requests that are exempt (interaction callbacks)', () => {
    const limiter = new RateLimiter(50);
    limiter.add({ global: true, retryAfterSeconds: 0.5, durationMs: 60_000 });
    expect(limiter.forced('POST /interactions/:interactionId/:token/callback', false)).toBeNull();
    const error = limiter.forced('GET /users/@me', true);
    expect(error?.headers).toMatchObject({ 'X-RateLimit-Global': 'true', 'X-RateLimit-Scope': 'global' });
    expect(error?.body()).toEqual({ message: 'You are being rate limited.', retry_after: 0.5, global: true });
    // Duration-based rules keep applying.
    expect(limiter.forced('GET /users/@me', true)).not.toBeNull();
    limiter.clear();
    expect(limiter.forced('GET /users/@me', true)).toBeNull();
  });
});
