import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type ControlOperation, OutageServer, readBody, sendJson, serveControl } from '../outage/index.ts';
import {
  type ListenType,
  MAX_LISTEN_PAYLOAD_SIZE,
  type SubmittedListen,
  validateSubmission,
} from './listen-validation.ts';
import { FixedWindowRateLimiter, RATE_LIMIT_EXCEEDED_TEXT, type RateLimitOptions } from './rate-limit.ts';

export interface ListenBrainzEmulatorOptions {
  host?: string;
  port?: number;
  /** Per-token (or per-IP when there is no token) limit; 30 requests per 10 s by default. */
  rateLimit?: RateLimitOptions;
  /** Clock for listened_at bounds and rate-limit windows (ms since the epoch). */
  now?: () => number;
}

/** A listen as the emulator stored it. */
export interface StoredListen {
  listenedAt: number;
  /** When it was received (ms), for tests of catching up after an outage. */
  insertedAt: number;
  trackMetadata: SubmittedListen['track_metadata'];
  listenType: Exclude<ListenType, 'playing_now'>;
}

export interface PlayingNow {
  trackMetadata: SubmittedListen['track_metadata'];
  receivedAt: number;
}

/** How the emulator is unreachable: a 503 from the proxy in front, or nothing listening. */
export type OutageMode = 'unavailable' | 'refused';

export interface ListenBrainzRequest {
  method: string;
  path: string;
  status: number;
  userAgent: string | null;
}

export interface ListenBrainzEmulator {
  /** The API base, as LISTENBRAINZ_API_URL (`/1/...` is added). */
  readonly url: string;
  /** The control API (`GET /control`, `POST /control/<operation>`), up even during an outage. */
  readonly controlUrl: string;
  /** Every API request answered, oldest first (not those refused while down). */
  readonly requests: ListenBrainzRequest[];
  createUser(userName: string, token?: string): { userName: string; token: string };
  /** A user's stored listens, newest first (as LB lists them). */
  listens(userName: string): StoredListen[];
  playingNow(userName: string): PlayingNow | null;
  /** Requests to a path (e.g. `/1/submit-listens`), or all. */
  requestCount(path?: string): number;
  goDown(mode: OutageMode): Promise<void>;
  comeBack(): Promise<void>;
  /** The next `count` API requests answer 429 with the headers of a used-up window. */
  forceRateLimited(count: number): void;
  close(): Promise<void>;
}

const lbError = (
  response: ServerResponse,
  status: number,
  error: string,
  headers: Record<string, string> = {},
) => sendJson(response, status, { code: status, error }, headers);

/**
 * A ListenBrainz stand-in: `GET /1/validate-token` and `POST /1/submit-listens` with LB's
 * validation, error bodies, `X-RateLimit-*` headers and 429s; listens stored per user and
 * deduplicated on (user, listened_at, track_name) as LB's listen table's unique index does.
 */
export async function startListenBrainzEmulator(
  options: ListenBrainzEmulatorOptions = {},
): Promise<ListenBrainzEmulator> {
  const now = options.now ?? Date.now;
  const limiter = new FixedWindowRateLimiter(options.rateLimit ?? { limit: 30, windowS: 10 }, now);
  const tokens = new Map<string, string>();
  const listensByUser = new Map<string, Map<string, StoredListen>>();
  const playingNowByUser = new Map<string, PlayingNow>();
  const requests: ListenBrainzRequest[] = [];
  let outage: OutageMode | null = null;
  let forced429 = 0;

  const createUser = (userName: string, token: string = randomUUID()) => {
    tokens.set(token, userName);
    if (!listensByUser.has(userName)) listensByUser.set(userName, new Map());
    return { userName, token };
  };

  const tokenOf = (request: IncomingMessage, url: URL): string | null => {
    const header = request.headers.authorization;
    if (header) {
      const match = /^Token\s+(\S+)\s*$/i.exec(header);
      return match ? (match[1] ?? null) : '';
    }
    return url.searchParams.get('token');
  };

  const handleApi = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://listenbrainz.local');
    const record = (status: number) =>
      requests.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        status,
        userAgent: request.headers['user-agent'] ?? null,
      });
    if (url.pathname.startsWith('/control')) return handleControl(request, response);
    if (outage === 'unavailable') {
      record(503);
      response
        .writeHead(503, { 'content-type': 'text/html' })
        .end('<html><head><title>503 Service Temporarily Unavailable</title></head></html>');
      return;
    }
    const token = tokenOf(request, url);
    const limit = limiter.hit(token || (request.socket.remoteAddress ?? 'unknown'), forced429 > 0);
    if (forced429 > 0) forced429 -= 1;
    if (!limit.allowed) {
      record(429);
      response
        .writeHead(429, { 'content-type': 'text/plain', ...limit.headers })
        .end(RATE_LIMIT_EXCEEDED_TEXT);
      return;
    }
    const status = await route(request, response, url, token, limit.headers);
    record(status);
  };

  const route = async (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    token: string | null,
    headers: Record<string, string>,
  ): Promise<number> => {
    if (url.pathname === '/1/validate-token' && request.method === 'GET') {
      if (!token) {
        lbError(response, 400, 'You need to provide an Authorization token.', headers);
        return 400;
      }
      const userName = tokens.get(token);
      sendJson(
        response,
        200,
        userName === undefined
          ? { code: 200, message: 'Token invalid.', valid: false }
          : { code: 200, message: 'Token valid.', valid: true, user_name: userName },
        headers,
      );
      return 200;
    }
    if (url.pathname === '/1/submit-listens' && request.method === 'POST') {
      if (!request.headers.authorization) {
        lbError(response, 401, 'You need to provide an Authorization header.', headers);
        return 401;
      }
      const userName = token ? tokens.get(token) : undefined;
      if (userName === undefined) {
        lbError(response, 401, 'Invalid authorization token.', headers);
        return 401;
      }
      const body = await readBody(request, MAX_LISTEN_PAYLOAD_SIZE + 1);
      const verdict =
        body === null
          ? {
              ok: false as const,
              error: `Payload too large. Payload should be less than ${MAX_LISTEN_PAYLOAD_SIZE} bytes.`,
            }
          : validateSubmission(body, now());
      if (!verdict.ok) {
        lbError(response, 400, verdict.error, headers);
        return 400;
      }
      store(userName, verdict.listenType, verdict.listens);
      sendJson(response, 200, { status: 'ok' }, headers);
      return 200;
    }
    if (url.pathname === '/1/validate-token' || url.pathname === '/1/submit-listens') {
      lbError(response, 405, 'The method is not allowed for the requested URL.', headers);
      return 405;
    }
    lbError(response, 404, 'The requested URL was not found on the server.', headers);
    return 404;
  };

  const store = (userName: string, listenType: ListenType, listens: SubmittedListen[]) => {
    if (listenType === 'playing_now') {
      const listen = listens[0];
      if (listen) playingNowByUser.set(userName, { trackMetadata: listen.track_metadata, receivedAt: now() });
      return;
    }
    const stored = listensByUser.get(userName) ?? new Map<string, StoredListen>();
    listensByUser.set(userName, stored);
    for (const listen of listens) {
      const listenedAt = listen.listened_at ?? 0;
      const key = `${listenedAt}\u0000${listen.track_metadata.track_name}`;
      if (stored.has(key)) continue;
      stored.set(key, { listenedAt, insertedAt: now(), trackMetadata: listen.track_metadata, listenType });
    }
  };

  const control: Omit<ListenBrainzEmulator, 'url' | 'controlUrl' | 'requests' | 'close'> = {
    createUser,
    listens: (userName) =>
      [...(listensByUser.get(userName)?.values() ?? [])].sort((a, b) => b.listenedAt - a.listenedAt),
    playingNow: (userName) => playingNowByUser.get(userName) ?? null,
    requestCount: (path) => requests.filter((request) => path === undefined || request.path === path).length,
    goDown: async (mode) => {
      outage = mode;
      if (mode === 'refused') await server.refuse();
    },
    comeBack: async () => {
      outage = null;
      await server.reopen();
    },
    forceRateLimited: (count) => {
      forced429 = count;
    },
  };

  const userName = z.object({ userName: z.string().min(1) });
  const operations: Record<string, ControlOperation> = {
    createUser: {
      input: z.object({ userName: z.string().min(1), token: z.string().min(1).optional() }),
      run: (input: { userName: string; token?: string }) => createUser(input.userName, input.token),
    },
    listens: { input: userName, run: (input: { userName: string }) => control.listens(input.userName) },
    playingNow: { input: userName, run: (input: { userName: string }) => control.playingNow(input.userName) },
    requestCount: {
      input: z.object({ path: z.string().optional() }),
      run: (input: { path?: string }) => ({ count: control.requestCount(input.path) }),
    },
    goDown: {
      input: z.object({ mode: z.enum(['unavailable', 'refused']).default('unavailable') }),
      run: async (input: { mode: OutageMode }) => {
        await control.goDown(input.mode);
        return { outage: input.mode };
      },
    },
    comeBack: {
      input: z.object({}),
      run: async () => {
        await control.comeBack();
        return { outage: null };
      },
    },
    forceRateLimited: {
      input: z.object({ count: z.number().int().min(0).default(1) }),
      run: (input: { count: number }) => {
        control.forceRateLimited(input.count);
        return { count: input.count };
      },
    },
  };
  const handleControl = (request: IncomingMessage, response: ServerResponse) =>
    serveControl(request, response, operations);

  const server = new OutageServer(
    (request, response) => void handleApi(request, response).catch(() => response.destroy()),
    (request, response) => void handleControl(request, response).catch(() => response.destroy()),
    options.host ?? '127.0.0.1',
  );
  await server.start(options.port ?? 0);
  return {
    get url() {
      return server.url;
    },
    get controlUrl() {
      return server.controlUrl;
    },
    requests,
    ...control,
    close: () => server.close(),
  };
}
