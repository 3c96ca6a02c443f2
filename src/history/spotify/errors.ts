/**
 * What can go wrong talking to Spotify, typed so the archival job decides: wait (rate limited),
 * retry later (unavailable, timeout), or stop and ask the user to link again (needs re-linking).
 */
export class SpotifyClientError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * The refresh token (or authorization code) is no longer good: revoked by the user, rotated
 * away, or past Spotify's six months. Only linking again helps; `reason` is Spotify's words.
 */
export class SpotifyNeedsRelinking extends SpotifyClientError {
  constructor(readonly reason: string) {
    super(`Spotify needs linking again: ${reason}`);
  }
}

/** 429: wait `retryAfterMs` (Spotify's `Retry-After`, which can be hours) before the next call. */
export class SpotifyRateLimited extends SpotifyClientError {
  constructor(readonly retryAfterMs: number) {
    super(`Spotify rate limit: retry after ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

/** A 5xx, or no answer at all (connection refused, reset): worth retrying later. */
export class SpotifyUnavailable extends SpotifyClientError {
  constructor(
    readonly status: number | null,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Spotify is unavailable: ${detail}`, options);
  }
}

/** No answer within the client's timeout. */
export class SpotifyTimeout extends SpotifyClientError {
  constructor(readonly timeoutMs: number) {
    super(`Spotify did not answer within ${timeoutMs} ms`);
  }
}

/** 401 from the Web API: the access token expired or is unknown — refresh, then try again. */
export class SpotifyUnauthorized extends SpotifyClientError {}

/** 403 for a missing scope, or an answer that is not what Spotify documents: a bug, not weather. */
export class SpotifyRefused extends SpotifyClientError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
