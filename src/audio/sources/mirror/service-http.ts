import type { NetGuard } from '../../../net-guard/index.ts';
import { describeFetchFailure } from '../errors.ts';

/** A metadata API's answer: the status and the parsed JSON body (null when it was not JSON). */
export interface ServiceAnswer {
  status: number;
  body: unknown;
}

/** Metadata answers are small; a body past this is not one (a misconfigured base URL). */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * JSON over the net guard for the metadata APIs (Spotify, Deezer, Apple): every request is
 * checked like a user's URL, bounded in time and size. Network failures become AudioSourceErrors
 * in the user's words ("Could not reach api.deezer.com: connection refused").
 */
export class ServiceHttp {
  readonly #guard: NetGuard;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal;

  constructor(guard: NetGuard, options: { timeoutMs: number; signal: AbortSignal }) {
    this.#guard = guard;
    this.#timeoutMs = options.timeoutMs;
    this.#signal = options.signal;
  }

  async json(
    url: URL,
    init: { headers?: Record<string, string>; method?: 'GET' | 'POST'; body?: string } = {},
  ): Promise<ServiceAnswer> {
    const signal = AbortSignal.any([this.#signal, AbortSignal.timeout(this.#timeoutMs)]);
    try {
      const { response } = await this.#guard.fetch(url, {
        headers: { accept: 'application/json', ...init.headers },
        method: init.method ?? 'GET',
        signal,
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > MAX_BODY_BYTES) {
        await response.body?.cancel().catch(() => {});
        return { status: response.status, body: null };
      }
      const text = await response.text();
      if (text.length > MAX_BODY_BYTES) return { status: response.status, body: null };
      let body: unknown = null;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = null;
      }
      return { status: response.status, body };
    } catch (error) {
      throw describeFetchFailure(error, url, this.#timeoutMs);
    }
  }
}

/** `base` + `path` keeping the base's own path (`https://api.spotify.com/v1` + `/tracks/x`). */
export function endpoint(base: string, path: string, query: Record<string, string | number> = {}): URL {
  const url = new URL(`${base.replace(/\/+$/, '')}${path}`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
  return url;
}
