import { describe, expect, it } from 'vitest';
import { AddRateLimiter, DEFAULT_ADD_RATE } from './add-rate-limiter.ts';
import { MusicError } from './music-error.ts';

const GUILD = '810000000000000001';
const OTHER_GUILD = '810000000000000002';
const USER = '830000000000000001';
const OTHER_USER = '830000000000000002';

/** A limiter on a clock the test moves. */
function aLimiter(rate = DEFAULT_ADD_RATE) {
  const clock = { now: 5_000_000 };
  return { limiter: new AddRateLimiter(rate, () => clock.now), clock };
}

function refusalOf(take: () => void): MusicError | null {
  try {
    take();
    return null;
  } catch (error) {
    if (error instanceof MusicError) return error;
    throw error;
  }
}

describe('add rate limiter', () => {
  it('lets a burst of five through by default, then one every 2 s', () => {
    const { limiter, clock } = aLimiter();
    for (let i = 0; i < 5; i++) limiter.take(GUILD, USER);
    expect(refusalOf(() => limiter.take(GUILD, USER))).toMatchObject({
      code: 'ADD_RATE_LIMITED',
      params: { retryAfterSeconds: 2 },
    });
    clock.now += 1_999;
    expect(refusalOf(() => limiter.take(GUILD, USER))?.params).toEqual({ retryAfterSeconds: 1 });
    clock.now += 1;
    expect(refusalOf(() => limiter.take(GUILD, USER))).toBeNull();
    expect(refusalOf(() => limiter.take(GUILD, USER))).not.toBeNull();
  });

  it('counts each member in each guild apart', () => {
    const { limiter } = aLimiter({ count: 1, windowMs: 60_000 });
    limiter.take(GUILD, USER);
    expect(refusalOf(() => limiter.take(GUILD, USER))?.params).toEqual({ retryAfterSeconds: 60 });
    expect(refusalOf(() => limiter.take(GUILD, OTHER_USER))).toBeNull();
    expect(refusalOf(() => limiter.take(OTHER_GUILD, USER))).toBeNull();
  });

  it('refills no further than the burst, however long the member waited', () => {
    const { limiter, clock } = aLimiter({ count: 3, windowMs: 3_000 });
    limiter.take(GUILD, USER);
    clock.now += 3_600_000;
    for (let i = 0; i < 3; i++) limiter.take(GUILD, USER);
    expect(refusalOf(() => limiter.take(GUILD, USER))).not.toBeNull();
  });

  it('does not charge a refused add: waiting out the time it named is enough', () => {
    const { limiter, clock } = aLimiter({ count: 1, windowMs: 10_000 });
    limiter.take(GUILD, USER);
    for (let i = 0; i < 20; i++) {
      clock.now += 100;
      expect(refusalOf(() => limiter.take(GUILD, USER))).not.toBeNull();
    }
    clock.now += 8_000;
    expect(refusalOf(() => limiter.take(GUILD, USER))).toBeNull();
  });
});
