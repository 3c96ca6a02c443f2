import type { IncomingHttpHeaders } from 'node:http';

/** What a caller may send as `X-Request-Id` for us to log (and keep) as theirs. */
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `X-Request-Id` when well-formed, else undefined. It is never our request id. */
export function callerRequestIdOf(headers: IncomingHttpHeaders): string | undefined {
  const given = headers['x-request-id'];
  return typeof given === 'string' && CALLER_REQUEST_ID.test(given) ? given : undefined;
}

/**
 * Paths whose query strings are never logged: the login callback's `code` and `state` are
 * secrets for the few minutes they live, and nothing under /api/auth needs its query in a log;
 * nor the listening-history link callbacks' (`/api/me/history/<service>/callback`: Spotify's
 * code and state, Last.fm's token).
 */
const SECRET_QUERY_PATHS = /^\/api\/(auth(\/|\?|$)|me\/history\/[a-z]+\/callback(\?|$))/;

/** `url` as it may be logged: the query string of an auth route replaced by `?[redacted]`. */
export function loggableUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0 || !SECRET_QUERY_PATHS.test(url)) return url;
  return `${url.slice(0, query)}?[redacted]`;
}

interface SerializableRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number | undefined } | null;
}

/**
 * The `req` serializer of the api's request log lines (Fastify's fields), with the URL made
 * loggable and the caller's own `X-Request-Id`, when they sent one, as `callerRequestId`.
 */
export function serializeRequest(request: SerializableRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
    callerRequestId: callerRequestIdOf(request.headers),
  };
}
