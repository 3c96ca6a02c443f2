import { STATUS_CODES } from 'node:http';
import type { NetGuard } from '../../../net-guard/index.ts';
import { AudioSourceError, describeFetchFailure } from '../errors.ts';

/** The headers of a response, as much of them as the sources read. */
export interface ResponseHeaders {
  get(name: string): string | null;
  keys(): IterableIterator<string>;
}

/** What one GET told us: the status and headers, and the first bytes of the body. */
export interface FetchedPrefix {
  /** The URL that answered, after redirects: what the body is judged by and relative to. */
  url: URL;
  status: number;
  headers: ResponseHeaders;
  /** Lower-cased media type without parameters, '' when the server sent none. */
  contentType: string;
  contentLength: number | null;
  prefix: Uint8Array;
  /** True when the whole body fit in `prefix`. */
  complete: boolean;
}

export interface FetchPrefixOptions {
  timeoutMs: number;
  /** Most bytes to keep when the length is known. */
  maxBytes: number;
  /** Aborts everything in flight when the source manager closes. */
  signal: AbortSignal;
  /** Every request (and each redirect) goes through it. */
  guard: NetGuard;
}

/** A body without a length may be a live stream trickling at 16 KB/s: take what comes quickly. */
const UNKNOWN_LENGTH_BYTES = 64 * 1024;
const UNKNOWN_LENGTH_WINDOW_MS = 1500;

const USER_AGENT = 'Gramophone-AudioNode/1.0';

/**
 * One GET that reads only the start of the body, then drops the connection. A HEAD would not
 * do: many servers (and all live streams) answer it differently from a GET, or not at all.
 */
export async function fetchPrefix(url: URL, options: FetchPrefixOptions): Promise<FetchedPrefix> {
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), options.signal]);
  let response: Awaited<ReturnType<NetGuard['fetch']>>['response'];
  let finalUrl: URL;
  try {
    ({ response, url: finalUrl } = await options.guard.fetch(url, {
      signal,
      headers: { 'User-Agent': USER_AGENT },
    }));
  } catch (error) {
    throw describeFetchFailure(error, url, options.timeoutMs);
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const lengthHeader = response.headers.get('content-length');
  const contentLength = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  const base = {
    url: finalUrl,
    status: response.status,
    headers: response.headers,
    contentType,
    contentLength,
  };
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    const reason = response.statusText || STATUS_CODES[response.status] || 'Error';
    throw new AudioSourceError(
      `The URL returned ${response.status} ${reason}`,
      'common',
      `HTTP ${response.status}`,
    );
  }
  if (!response.body) return { ...base, prefix: new Uint8Array(0), complete: true };
  try {
    const limit = contentLength === null ? UNKNOWN_LENGTH_BYTES : Math.min(contentLength, options.maxBytes);
    const windowMs = contentLength === null ? UNKNOWN_LENGTH_WINDOW_MS : options.timeoutMs;
    const { bytes, done } = await readUpTo(response.body as ReadableStream<Uint8Array>, limit, windowMs);
    return {
      ...base,
      prefix: bytes,
      complete: done || (contentLength !== null && bytes.length >= contentLength),
    };
  } catch (error) {
    throw describeFetchFailure(error, url, options.timeoutMs);
  }
}

/** Reads until `limit` bytes, the end, or `windowMs` (after at least one chunk), then cancels. */
async function readUpTo(
  body: ReadableStream<Uint8Array>,
  limit: number,
  windowMs: number,
): Promise<{ bytes: Uint8Array; done: boolean }> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  const deadline = Date.now() + windowMs;
  let timer: NodeJS.Timeout | undefined;
  try {
    while (total < limit) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 && total > 0) break;
      const next = reader.read();
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), Math.max(remaining, 0));
      });
      // Past the window we still wait for the first chunk: the fetch timeout bounds that wait.
      const result = total > 0 ? await Promise.race([next, timedOut]) : await next;
      clearTimeout(timer);
      if (result === 'timeout') {
        next.catch(() => {});
        break;
      }
      if (result.done) {
        done = true;
        break;
      }
      chunks.push(result.value);
      total += result.value.length;
    }
  } finally {
    clearTimeout(timer);
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  const bytes = Buffer.concat(chunks, total);
  return { bytes: bytes.subarray(0, Math.min(total, limit)), done: done && total <= limit };
}
