/**
 * Loopback checks for the emulator's unauthenticated control API. A browser page elsewhere can
 * reach a loopback port two ways: a cross-site request (it carries the page's `Origin`) and DNS
 * rebinding (its own host name resolved to 127.0.0.1: the `Host` header keeps that name). Both
 * are refused by looking at those two headers.
 */

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a `Host` header names this machine's loopback: localhost, 127.0.0.1 or [::1], any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(host.trim());
  if (!match) return false;
  return LOOPBACK_NAMES.has((match[1] ?? '').toLowerCase());
}

/** Whether an `Origin` header is a loopback origin (http or https on a loopback name). */
export function isLoopbackOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return isLoopbackHost(url.host);
}

/** Whether a request's content type is JSON (`application/json`, parameters allowed). */
export function isJsonContentType(type: string | undefined): boolean {
  return type !== undefined && /^application\/json\s*(;|$)/i.test(type);
}
