/** Which scrobbling service a failure came from. */
export type ScrobbleService = 'listenbrainz' | 'lastfm';

/**
 * What the caller should do about a failed call:
 * - `rate-limited`: wait `retryAfterMs`, then continue with what was not sent;
 * - `retryable`: the service is down or erred; retry later with backoff;
 * - `needs-relinking`: the token or session key no longer works; stop and ask the user to link again;
 * - `permanent`: the request itself is wrong (rejected payload, bad API key or secret); retrying won't help.
 */
export type ScrobbleFailureKind = 'rate-limited' | 'retryable' | 'needs-relinking' | 'permanent';

/**
 * A failed scrobbling call. `sent` counts the listens the service confirmed before the failure
 * (earlier batches of the same call), so a caller resumes after them and never sends one twice.
 */
export class ScrobbleError extends Error {
  readonly service: ScrobbleService;
  readonly kind: ScrobbleFailureKind;
  /** The service's own code: LB's HTTP status, or Last.fm's error number; null for network failures. */
  readonly code: number | null;
  readonly sent: number;

  constructor(
    service: ScrobbleService,
    kind: ScrobbleFailureKind,
    message: string,
    options: { code?: number | null; sent?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ScrobbleError';
    this.service = service;
    this.kind = kind;
    this.code = options.code ?? null;
    this.sent = options.sent ?? 0;
  }

  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'retryable';
  }

  /** The same failure, saying how many listens of the call had gone through before it. */
  afterSending(sent: number): ScrobbleError {
    return copyWithSent(this, sent);
  }
}

/** The service said to slow down: wait `retryAfterMs` (from its headers, or a backoff) first. */
export class RateLimited extends ScrobbleError {
  readonly retryAfterMs: number;

  constructor(
    service: ScrobbleService,
    message: string,
    retryAfterMs: number,
    options: { code?: number | null; sent?: number } = {},
  ) {
    super(service, 'rate-limited', message, options);
    this.name = 'RateLimited';
    this.retryAfterMs = retryAfterMs;
  }
}

/** The token or session key was refused: the link needs the user to connect the account again. */
export class NeedsRelinking extends ScrobbleError {
  constructor(
    service: ScrobbleService,
    message: string,
    options: { code?: number | null; sent?: number } = {},
  ) {
    super(service, 'needs-relinking', message, options);
    this.name = 'NeedsRelinking';
  }
}

function copyWithSent(error: ScrobbleError, sent: number): ScrobbleError {
  const options = { code: error.code, sent };
  if (error instanceof RateLimited)
    return new RateLimited(error.service, error.message, error.retryAfterMs, options);
  if (error instanceof NeedsRelinking) return new NeedsRelinking(error.service, error.message, options);
  return new ScrobbleError(error.service, error.kind, error.message, { ...options, cause: error.cause });
}
