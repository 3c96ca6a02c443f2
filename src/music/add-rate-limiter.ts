import { MusicError } from './music-error.ts';

/** How fast one member may add tracks in one guild: `count` adds per `windowMs`, all at once at most. */
export interface AddRate {
  count: number;
  windowMs: number;
}

/** A burst of 5, then one every 2 s: a person queueing songs never meets it, a script does. */
export const DEFAULT_ADD_RATE: AddRate = { count: 5, windowMs: 10_000 };

/** Buckets kept before full ones (members who stopped adding) are forgotten. */
const SWEEP_ABOVE = 1_000;

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per guild and member for adding tracks. Every add loads the query on an audio
 * node, which may fetch a playlist's every entry from the web: without a limit one member
 * could make the node (and the sites behind it) do thousands of requests. The bucket holds
 * `count` tokens and gets one back every `windowMs / count`; an add takes one.
 */
export class AddRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillMs: number;

  constructor(
    private readonly rate: AddRate = DEFAULT_ADD_RATE,
    private readonly now: () => number = Date.now,
  ) {
    this.refillMs = rate.windowMs / rate.count;
  }

  /** Takes one add for `userId` in `guildId`, or refuses with ADD_RATE_LIMITED and when to retry. */
  take(guildId: string, userId: string): void {
    const now = this.now();
    const key = `${guildId}:${userId}`;
    const bucket = this.refilled(this.buckets.get(key), now);
    if (bucket.tokens < 1) {
      this.buckets.set(key, bucket);
      const retryAfterSeconds = Math.max(1, Math.ceil(((1 - bucket.tokens) * this.refillMs) / 1000));
      throw new MusicError('ADD_RATE_LIMITED', { retryAfterSeconds });
    }
    this.buckets.set(key, { tokens: bucket.tokens - 1, at: now });
    if (this.buckets.size > SWEEP_ABOVE) this.sweep(now);
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.rate.count, at: now };
    const gained = Math.max(0, now - bucket.at) / this.refillMs;
    return { tokens: Math.min(this.rate.count, bucket.tokens + gained), at: now };
  }

  /** A full bucket is the same as none. */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (this.refilled(bucket, now).tokens >= this.rate.count) this.buckets.delete(key);
    }
  }
}
