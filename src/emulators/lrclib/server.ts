import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CatalogueTrack } from './catalogue.ts';
import { matchesExactly, matchesKeywords, prepared } from './matching.ts';

/** What a client sent, for tests that check how the provider asks. */
export interface LrclibRequest {
  path: string;
  query: Record<string, string>;
  userAgent: string | null;
}

export interface LrclibEmulator {
  /** The base URL to give the client (LYRICS_LRCLIB_URL), without a trailing slash. */
  readonly url: string;
  /** Every request received, oldest first. */
  readonly requests: LrclibRequest[];
  /** Adds a track and answers its id. */
  add(track: CatalogueTrack): number;
  close(): Promise<void>;
}

interface StoredTrack extends CatalogueTrack {
  id: number;
}

/** LRCLIB caps a search at 20 results. */
const SEARCH_LIMIT = 20;

/** A record as LRCLIB serialises it (`name` duplicates `trackName` for old clients). */
function wireRecord(track: StoredTrack) {
  return {
    id: track.id,
    name: track.trackName,
    trackName: track.trackName,
    artistName: track.artistName,
    albumName: track.albumName,
    duration: track.duration,
    instrumental: track.instrumental,
    plainLyrics: track.instrumental ? null : track.plainLyrics,
    syncedLyrics: track.instrumental ? null : track.syncedLyrics,
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function apiError(response: ServerResponse, status: number, name: string, message: string): void {
  sendJson(response, status, { message, name, statusCode: status });
}

/** axum's answer when the query string does not deserialize: plain text, not LRCLIB's JSON. */
function queryRejection(response: ServerResponse, detail: string): void {
  response
    .writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
    .end(`Failed to deserialize query string: ${detail}`);
}

const trackNotFound = (response: ServerResponse) =>
  apiError(response, 404, 'TrackNotFound', 'Failed to find specified track');

/** A parameter LRCLIB's `process_param` keeps: present and not empty once prepared. */
function processed(value: string | undefined): string | null {
  if (value === undefined) return null;
  const result = prepared(value);
  return result === '' ? null : result;
}

/**
 * An LRCLIB stand-in on a local port: `/api/get`, `/api/get/:id` and `/api/search` over a
 * seeded catalogue, with LRCLIB's wire format, status codes and leniency (names compared as its
 * `prepare_input` does, durations within ±2 s, at most 20 search results).
 */
export async function startLrclibEmulator(
  options: { catalogue?: readonly CatalogueTrack[]; host?: string; port?: number } = {},
): Promise<LrclibEmulator> {
  const tracks: StoredTrack[] = [];
  const add = (track: CatalogueTrack) => {
    const id = tracks.length + 1;
    tracks.push({ ...track, id });
    return id;
  };
  for (const track of options.catalogue ?? []) add(track);
  const requests: LrclibRequest[] = [];

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://lrclib.local');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ path: url.pathname, query, userAgent: request.headers['user-agent'] ?? null });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET,HEAD' }).end();
      return;
    }
    const byId = /^\/api\/get\/(\d+)$/.exec(url.pathname);
    if (byId) {
      const track = tracks.find((candidate) => candidate.id === Number(byId[1]));
      if (!track) return trackNotFound(response);
      return sendJson(response, 200, wireRecord(track));
    }
    if (url.pathname === '/api/get') return getByMetadata(query, response);
    if (url.pathname === '/api/search') {
      const found = tracks.filter((track) =>
        matchesKeywords(track, {
          q: processed(query.q),
          track: processed(query.track_name),
          artist: processed(query.artist_name),
          album: processed(query.album_name),
        }),
      );
      return sendJson(response, 200, found.slice(0, SEARCH_LIMIT).map(wireRecord));
    }
    response.writeHead(404).end();
  };

  const getByMetadata = (query: Record<string, string>, response: ServerResponse) => {
    for (const field of ['track_name', 'artist_name']) {
      if (query[field] === undefined) return queryRejection(response, `missing field \`${field}\``);
    }
    let duration: number | null = null;
    if (query.duration !== undefined) {
      duration = Number(query.duration);
      if (query.duration.trim() === '' || !Number.isFinite(duration)) {
        return queryRejection(response, 'duration: invalid float literal');
      }
    }
    const invalid: string[] = [];
    if (query.track_name === '') invalid.push('track_name: cannot be empty');
    if (query.artist_name === '') invalid.push('artist_name: cannot be empty');
    if (duration !== null && (duration < 1 || duration > 3600))
      invalid.push('duration: must be between 1 and 3600');
    if (invalid.length > 0) return apiError(response, 400, 'ValidationError', invalid.join('\n'));
    const track = processed(query.track_name);
    const artist = processed(query.artist_name);
    if (track === null || artist === null) return trackNotFound(response);
    const found = tracks.find((candidate) =>
      matchesExactly(candidate, { track, artist, album: processed(query.album_name), duration }),
    );
    if (!found) return trackNotFound(response);
    return sendJson(response, 200, wireRecord(found));
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    requests,
    add,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
