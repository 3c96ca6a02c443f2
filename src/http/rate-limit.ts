/** One rate-limit tier: `max` requests per `timeWindow` ms, per client address. */
export interface RateLimitTier {
  max: number;
  timeWindow: number;
}

/**
 * The tiers: strict for login, exports and destructive routes, normal for the rest, lenient for
 * what other services poll (the bot API's health); the ops probes are exempt.
 */
export interface RateLimitTiers {
  strict: RateLimitTier;
  normal: RateLimitTier;
  lenient: RateLimitTier;
}
