import { findNetGuardError, type NetGuardError } from '../../net-guard/index.ts';
import type { LavalinkException, LoadResult, Severity } from '../contracts.ts';

/**
 * A failure to load or open a track, shaped like Lavalink's exception object so the server can
 * put it on the wire as it is (`loadType: error`, `TrackExceptionEvent`). `message` is for the
 * person who asked for the track; `cause` is the technical detail for logs.
 */
export class AudioSourceError extends Error implements LavalinkException {
  readonly severity: Severity;
  override readonly cause: string;

  constructor(message: string, severity: Severity = 'common', cause?: string) {
    super(message);
    this.name = 'AudioSourceError';
    this.severity = severity;
    this.cause = cause ?? message;
  }

  toException(): LavalinkException {
    return { message: this.message, severity: this.severity, cause: this.cause };
  }
}

/**
 * A URL the guard refused, in the guard's generic words ("This URL is not allowed."): neither
 * the message nor the wire `cause` (only the guard's code) says which address, port or rule was
 * behind it. The specifics are for the log only, in `logDetail`.
 */
export class RefusedUrlError extends AudioSourceError {
  readonly logDetail: string;

  constructor(refusal: NetGuardError) {
    super(refusal.message, 'common', refusal.code);
    this.name = 'RefusedUrlError';
    this.logDetail = refusal.detail;
  }
}

/** Turns anything thrown while loading into a Lavalink `error` result; unexpected throws are faults. */
export function errorResult(error: unknown): Extract<LoadResult, { loadType: 'error' }> {
  if (error instanceof AudioSourceError) return { loadType: 'error', data: error.toException() };
  const refusal = findNetGuardError(error);
  if (refusal) return { loadType: 'error', data: new RefusedUrlError(refusal).toException() };
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return {
    loadType: 'error',
    data: { message: 'Something went wrong while loading that track.', severity: 'fault', cause: detail },
  };
}

export const emptyResult = (): Extract<LoadResult, { loadType: 'empty' }> => ({
  loadType: 'empty',
  data: {},
});

/** Network error codes (undici and Node's) in words a user understands. */
const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the name does not resolve',
  EAI_AGAIN: 'the name does not resolve',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection was closed',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate is not trusted',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another name',
};

/**
 * Explains why `fetch` failed. undici throws `TypeError('fetch failed')` with the real reason in
 * `cause` (sometimes nested); timeouts surface as `TimeoutError`/`AbortError`.
 */
export function describeFetchFailure(error: unknown, url: URL, timeoutMs: number): AudioSourceError {
  const refusal = findNetGuardError(error);
  if (refusal) return new RefusedUrlError(refusal);
  const host = url.hostname;
  const chain: unknown[] = [];
  for (let current: unknown = error; current && chain.length < 5; ) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  const named = chain.find(
    (e) => e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'),
  );
  if (named) {
    return new AudioSourceError(
      `Could not reach ${host}: it did not answer within ${Math.round(timeoutMs / 1000)} s`,
      'common',
      String(named),
    );
  }
  for (const e of chain) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      const reason = NETWORK_REASONS[code] ?? code;
      return new AudioSourceError(`Could not reach ${host}: ${reason}`, 'common', `${code}: ${String(e)}`);
    }
  }
  const last = chain.at(-1);
  return new AudioSourceError(`Could not reach ${host}`, 'common', String(last));
}
