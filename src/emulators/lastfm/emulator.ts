import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type ControlOperation, OutageServer, readBody, sendJson, serveControl } from '../outage/index.ts';
import { LastFmAccounts, type NowPlaying, type StoredScrobble } from './accounts.ts';
import { errorBody, LASTFM_ERRORS, type LastFmErrorCode } from './errors.ts';
import {
  type IgnoredCode,
  ignoredCode,
  nowPlayingJson,
  parseScrobbleBatch,
  type ScrobbleItem,
  scrobbleJson,
} from './scrobbles.ts';
import { lastFmSignature } from './signature.ts';
import { nowPlayingXml, scrobblesXml, sessionXml } from './xml.ts';

export interface LastFmApp {
  apiKey: string;
  sharedSecret: string;
}

export const DEFAULT_LASTFM_APP: LastFmApp = {
  apiKey: 'b25b959554ed76058ac220b7b2e0a026',
  sharedSecret: '3f1e5c0a9d8b7c6e5f4a3b2c1d0e9f8a',
};

export interface LastFmEmulatorOptions {
  host?: string;
  port?: number;
  apps?: LastFmApp[];
  /** Clock (ms) for token expiry and the scrobble timestamp bounds. */
  now?: () => number;
}

/** How the service fails while down: error 11, error 16, or nothing listening. */
export type LastFmOutage = 'offline' | 'temporary' | 'refused';

export interface LastFmRequest {
  httpMethod: string;
  /** The API method (`track.scrobble`), or the path for the auth page. */
  method: string;
  /** The Last.fm error code answered, or null on success. */
  error: number | null;
}

export interface LastFmEmulator {
  /** The API root, as LASTFM_API_URL (`/2.0/` is added). */
  readonly url: string;
  /** The web-auth page, as LASTFM_AUTH_URL. */
  readonly authUrl: string;
  /** The control API (`GET /control`, `POST /control/<operation>`), up even during an outage. */
  readonly controlUrl: string;
  readonly apiKey: string;
  readonly sharedSecret: string;
  readonly accounts: LastFmAccounts;
  readonly requests: LastFmRequest[];
  createUser(userName: string): { userName: string };
  /** Who the auth page approves as (the first user created, until changed). */
  approveAs(userName: string): void;
  createSession(userName: string): string;
  revokeSessions(userName: string): void;
  scrobbles(userName: string): StoredScrobble[];
  nowPlaying(userName: string): NowPlaying | null;
  /** API requests for a method (`track.scrobble`), or all. */
  requestCount(method?: string): number;
  goDown(mode: LastFmOutage): Promise<void>;
  comeBack(): Promise<void>;
  /** The next `count` API calls (after `afterCalls` more that succeed) answer error 29. */
  forceRateLimited(count: number, afterCalls?: number): void;
  /** Answer errors with HTTP 200, as Last.fm sometimes does, so clients must read the body. */
  errorsWithStatus200(enabled: boolean): void;
  close(): Promise<void>;
}

/** Methods that need a signature and a session key. */
const WRITE_METHODS = new Set(['track.scrobble', 'track.updatenowplaying']);

/**
 * A Last.fm stand-in: the web-auth page (`/api/auth/`, approving as a chosen user and redirecting
 * with `token`) and API 2.0 (`auth.getSession`, `track.updateNowPlaying`, `track.scrobble`) with
 * api_sig checks, Last.fm's error codes and bodies, JSON or XML answers and accepted/ignored
 * counts; plus outages, forced rate limiting and request counts for tests.
 */
export async function startLastFmEmulator(options: LastFmEmulatorOptions = {}): Promise<LastFmEmulator> {
  const now = options.now ?? Date.now;
  const apps = options.apps ?? [DEFAULT_LASTFM_APP];
  const accounts = new LastFmAccounts(now);
  const requests: LastFmRequest[] = [];
  let outage: LastFmOutage | null = null;
  let forced29 = 0;
  let callsBefore29 = 0;
  let status200 = false;

  const handleApi = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://lastfm.local');
    if (url.pathname.startsWith('/control')) return handleControl(request, response);
    if (url.pathname === '/api/auth' || url.pathname === '/api/auth/') return authPage(url, response);
    if (url.pathname !== '/2.0' && url.pathname !== '/2.0/') {
      response
        .writeHead(404, { 'content-type': 'text/html' })
        .end('<html><body>Page not found</body></html>');
      return;
    }
    const params = new URLSearchParams(url.search);
    if (request.method === 'POST') {
      const body = (await readBody(request, 1_000_000)) ?? '';
      for (const [name, value] of new URLSearchParams(body)) params.append(name, value);
    }
    const json = params.get('format') === 'json';
    const method = (params.get('method') ?? '').toLowerCase();
    const answer = call(params, method);
    requests.push({
      httpMethod: request.method ?? 'GET',
      method,
      error: 'error' in answer ? answer.error : null,
    });
    if ('error' in answer) {
      const status = status200 ? 200 : LASTFM_ERRORS[answer.error].status;
      const type = json ? 'application/json' : 'text/xml';
      response
        .writeHead(status, { 'content-type': `${type}; charset=utf-8` })
        .end(errorBody(answer.error, json));
      return;
    }
    if (json) return sendJson(response, 200, answer.json);
    response.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(answer.xml);
  };

  type Answer = { error: LastFmErrorCode } | { json: unknown; xml: string };

  const call = (params: URLSearchParams, method: string): Answer => {
    if (outage === 'offline') return { error: 11 };
    if (outage === 'temporary') return { error: 16 };
    if (forced29 > 0 && callsBefore29 > 0) callsBefore29 -= 1;
    else if (forced29 > 0) {
      forced29 -= 1;
      return { error: 29 };
    }
    const apiKey = params.get('api_key');
    if (!apiKey) return { error: 6 };
    const app = apps.find((candidate) => candidate.apiKey === apiKey);
    if (!app) return { error: 10 };
    if (method !== 'auth.getsession' && !WRITE_METHODS.has(method)) return { error: 3 };
    const signature = params.get('api_sig');
    if (!signature) return { error: 6 };
    if (signature.toLowerCase() !== lastFmSignature(params, app.sharedSecret)) return { error: 13 };
    if (method === 'auth.getsession') return getSession(params);
    const userName = accounts.userOfSession(params.get('sk') ?? '');
    if (!params.get('sk')) return { error: 6 };
    if (userName === null) return { error: 9 };
    return method === 'track.scrobble' ? scrobble(params, userName) : updateNowPlaying(params, userName);
  };

  const getSession = (params: URLSearchParams): Answer => {
    const token = params.get('token');
    if (!token) return { error: 6 };
    const session = accounts.exchange(token);
    if ('error' in session) return session;
    return {
      json: { session: { subscriber: 0, name: session.userName, key: session.key } },
      xml: sessionXml(session.userName, session.key),
    };
  };

  const updateNowPlaying = (params: URLSearchParams, userName: string): Answer => {
    const artist = params.get('artist');
    const track = params.get('track');
    if (artist === null || track === null) return { error: 6 };
    const duration = params.get('duration');
    const item = {
      artist,
      track,
      album: params.get('album') ?? '',
      albumArtist: params.get('albumArtist') ?? '',
      duration: duration !== null && /^\d+$/.test(duration) ? Number(duration) : null,
    };
    const code: IgnoredCode = artist.trim() === '' ? 1 : track.trim() === '' ? 2 : 0;
    if (code === 0) accounts.setNowPlaying(userName, item);
    return { json: { nowplaying: nowPlayingJson(item, code) }, xml: nowPlayingXml(item, code) };
  };

  const scrobble = (params: URLSearchParams, userName: string): Answer => {
    const items = parseScrobbleBatch(params);
    if (!items) return { error: 6 };
    const nowS = Math.floor(now() / 1000);
    const verdicts: { item: ScrobbleItem; code: IgnoredCode }[] = [];
    for (const item of items) {
      const code = ignoredCode(item, nowS, accounts.scrobbledToday(userName, nowS));
      if (code === 0) accounts.addScrobble(userName, item);
      verdicts.push({ item, code });
    }
    const accepted = verdicts.filter((verdict) => verdict.code === 0).length;
    const rendered = verdicts.map(({ item, code }) => scrobbleJson(item, code));
    return {
      json: {
        scrobbles: {
          // One scrobble comes back as an object, not a one-element array.
          scrobble: rendered.length === 1 ? rendered[0] : rendered,
          '@attr': { accepted, ignored: verdicts.length - accepted },
        },
      },
      xml: scrobblesXml(verdicts, accepted),
    };
  };

  const authPage = (url: URL, response: ServerResponse) => {
    requests.push({ httpMethod: 'GET', method: '/api/auth/', error: null });
    const html = (status: number, text: string) =>
      response
        .writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<html><body>${text}</body></html>`);
    const apiKey = url.searchParams.get('api_key');
    if (!apiKey || !apps.some((app) => app.apiKey === apiKey)) return html(400, 'Invalid API key');
    const callback = url.searchParams.get('cb');
    if (!callback) return html(400, 'This application has no callback URL');
    const userName = accounts.approvingUser;
    if (userName === null || !accounts.hasUser(userName)) return html(200, 'Log in to Last.fm to continue');
    const token = accounts.issueToken(userName);
    const separator = callback.includes('?') ? '&' : '?';
    response.writeHead(302, { location: `${callback}${separator}token=${token}` }).end();
  };

  const control: Omit<
    LastFmEmulator,
    'url' | 'authUrl' | 'controlUrl' | 'apiKey' | 'sharedSecret' | 'accounts' | 'requests' | 'close'
  > = {
    createUser: (userName) => accounts.createUser(userName),
    approveAs: (userName) => {
      accounts.createUser(userName);
      accounts.approvingUser = userName;
    },
    createSession: (userName) => accounts.createSession(userName),
    revokeSessions: (userName) => accounts.revokeSessions(userName),
    scrobbles: (userName) => accounts.scrobbles(userName),
    nowPlaying: (userName) => accounts.nowPlaying(userName),
    requestCount: (method) =>
      requests.filter((request) => method === undefined || request.method === method.toLowerCase()).length,
    goDown: async (mode) => {
      outage = mode;
      if (mode === 'refused') await server.refuse();
    },
    comeBack: async () => {
      outage = null;
      await server.reopen();
    },
    forceRateLimited: (count, afterCalls = 0) => {
      forced29 = count;
      callsBefore29 = afterCalls;
    },
    errorsWithStatus200: (enabled) => {
      status200 = enabled;
    },
  };

  const user = z.object({ userName: z.string().min(1) });
  type UserInput = { userName: string };
  const operations: Record<string, ControlOperation> = {
    createUser: { input: user, run: (input: UserInput) => control.createUser(input.userName) },
    approveAs: {
      input: user,
      run: (input: UserInput) => {
        control.approveAs(input.userName);
        return { approvingUser: input.userName };
      },
    },
    createSession: {
      input: user,
      run: (input: UserInput) => ({ userName: input.userName, key: control.createSession(input.userName) }),
    },
    revokeSessions: {
      input: user,
      run: (input: UserInput) => {
        control.revokeSessions(input.userName);
        return { revoked: input.userName };
      },
    },
    scrobbles: { input: user, run: (input: UserInput) => control.scrobbles(input.userName) },
    nowPlaying: { input: user, run: (input: UserInput) => control.nowPlaying(input.userName) },
    requestCount: {
      input: z.object({ method: z.string().optional() }),
      run: (input: { method?: string }) => ({ count: control.requestCount(input.method) }),
    },
    goDown: {
      input: z.object({ mode: z.enum(['offline', 'temporary', 'refused']).default('offline') }),
      run: async (input: { mode: LastFmOutage }) => {
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
      input: z.object({
        count: z.number().int().min(0).default(1),
        afterCalls: z.number().int().min(0).default(0),
      }),
      run: (input: { count: number; afterCalls: number }) => {
        control.forceRateLimited(input.count, input.afterCalls);
        return input;
      },
    },
    errorsWithStatus200: {
      input: z.object({ enabled: z.boolean() }),
      run: (input: { enabled: boolean }) => {
        control.errorsWithStatus200(input.enabled);
        return input;
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
  const first = apps[0] ?? DEFAULT_LASTFM_APP;
  return {
    get url() {
      return server.url;
    },
    get authUrl() {
      return `${server.url}/api/auth/`;
    },
    get controlUrl() {
      return server.controlUrl;
    },
    apiKey: first.apiKey,
    sharedSecret: first.sharedSecret,
    accounts,
    requests,
    ...control,
    close: () => server.close(),
  };
}
