import { readFileSync } from 'node:fs';
import { findNetGuardError, type NetGuard } from '../../net-guard/index.ts';
import { ScrobbleError, type ScrobbleService } from './errors.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** ListenBrainz asks for a User-Agent that names the client. */
export const SCROBBLER_USER_AGENT = `Gramophone/${VERSION} (self-hosted Discord music bot; scrobbling voice plays)`;

/** Answers are small JSON documents; anything past this is not one. */
const MAX_BODY_CHARS = 1024 * 1024;

export interface ServiceResponse {
  status: number;
  headers: Headers;
  /** The body as text, '' when it was too large to be an API answer. */
  text: string;
}

export interface ServiceHttpOptions {
  guard: NetGuard;
  timeoutMs: number;
  userAgent: string;
}

/**
 * One request to a scrobbling service through the net guard, bounded in time. Never retried
 * here: a request that timed out may have been stored, so only the caller, who knows what was
 * confirmed, decides what to send again. Network failures and timeouts become retryable
 * ScrobbleErrors; a URL the guard refuses is a configuration problem, so permanent.
 */
export async function serviceRequest(
  service: ScrobbleService,
  options: ServiceHttpOptions,
  url: URL,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string },
): Promise<ServiceResponse> {
  try {
    const { response } = await options.guard.fetch(url, {
      method: init.method,
      headers: { 'user-agent': options.userAgent, accept: 'application/json', ...init.headers },
      signal: AbortSignal.timeout(options.timeoutMs),
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text: text.length > MAX_BODY_CHARS ? '' : text,
    };
  } catch (error) {
    const refused = findNetGuardError(error);
    if (refused?.code === 'URL_NOT_ALLOWED')
      throw new ScrobbleError(service, 'permanent', `${url.host} is not allowed: ${refused.detail}`, {
        cause: error,
      });
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const reason = timedOut ? `no answer within ${options.timeoutMs} ms` : describeNetworkError(error);
    throw new ScrobbleError(service, 'retryable', `Could not reach ${url.host}: ${reason}`, { cause: error });
  }
}

function describeNetworkError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (code === 'ECONNREFUSED') return 'connection refused';
    if (typeof code === 'string' && code.startsWith('E')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return error instanceof Error ? error.message : String(error);
}

export function parseJson(text: string): unknown {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/** `base` + `path`, keeping the base's own path. */
export function endpoint(base: string, path: string): URL {
  return new URL(`${base.replace(/\/+$/, '')}${path}`);
}
