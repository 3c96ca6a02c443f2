import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { albumKey, artistKey, trackKey, trackNameKey } from './catalogue-keys.ts';
import type { ListenTrackInput } from './listen-input.ts';

/** A transaction (or the database) to write in. */
export type Transaction = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * A column of values as ONE parameter (a PostgreSQL array): a batch of any size is one
 * statement with a handful of parameters, `unnest`ed server-side — much faster to send and to
 * plan than multi-row VALUES with thousands of parameters.
 */
export function column(values: readonly unknown[], type: string): SQL {
  return sql`${sql.param(values)}::${sql.raw(type)}[]`;
}

/** Rows of a statement, whichever driver ran it (node-postgres and PGlite both answer `rows`). */
export async function rowsOf<Row>(tx: Transaction, query: SQL): Promise<Row[]> {
  return ((await tx.execute(query)) as unknown as { rows: Row[] }).rows;
}

const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

interface ArtistRow {
  key: string;
  name: string;
  spotifyId: string | null;
}

interface AlbumRow {
  key: string;
  title: string;
  artistName: string;
  spotifyId: string | null;
}

/**
 * Finds or creates the catalogue rows of a batch's tracks (their artists and albums first) and
 * returns the track id of each track key. Each table costs two statements whatever the batch's
 * size — an insert that skips the known keys, then one select of them all. Keys are written in
 * sorted order so two concurrent batches never deadlock. The first source to name a row fills
 * it; later ones do not rewrite it.
 */
export async function trackIdsOf(
  tx: Transaction,
  tracks: readonly ListenTrackInput[],
  /** Track ids known from committed batches (`TrackIdCache`): those tracks are not looked up. */
  known: ReadonlyMap<string, number> = new Map(),
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  const unique = new Map<string, ListenTrackInput>();
  for (const track of tracks) {
    const key = trackKey(track);
    const id = known.get(key);
    if (id !== undefined) ids.set(key, id);
    else if (!unique.has(key)) unique.set(key, track);
  }
  if (unique.size === 0) return ids;

  const artists = new Map<string, ArtistRow>();
  const albums = new Map<string, AlbumRow>();
  for (const track of unique.values()) {
    track.artists.forEach((name, position) => {
      const key = artistKey(name);
      const spotifyId = track.spotifyArtistIds?.[position] ?? null;
      if (!artists.has(key)) artists.set(key, { key, name, spotifyId });
    });
    if (track.album) {
      const key = albumKey(track.artists[0]!, track.album);
      const row = {
        key,
        title: track.album,
        artistName: track.artists[0]!,
        spotifyId: track.spotifyAlbumId ?? null,
      };
      if (!albums.has(key)) albums.set(key, row);
    }
  }
  const artistIds = await ensureArtists(tx, [...artists.values()].sort(byKey));
  const albumIds = await ensureAlbums(tx, [...albums.values()].sort(byKey));

  const rows = [...unique.entries()].map(([key, track]) => ({ key, track })).sort(byKey);
  const keys = rows.map((r) => r.key);
  const albumOf = ({ track }: { track: ListenTrackInput }) =>
    track.album ? (albumIds.get(albumKey(track.artists[0]!, track.album)) ?? null) : null;
  const nameKeys = rows.map((r) => trackNameKey(r.track));
  const titles = rows.map((r) => r.track.title);
  const artistLines = rows.map((r) => r.track.artists.join(', '));
  const albumIdColumn = rows.map(albumOf);
  const durations = rows.map((r) => r.track.durationMs ?? null);
  const spotifyIds = rows.map((r) => r.track.spotifyTrackId ?? null);
  const isrcs = rows.map((r) => r.track.isrc ?? null);
  const created = await rowsOf<{ id: string | number; key: string }>(
    tx,
    sql`INSERT INTO history_tracks (key, name_key, title, artist_line, album_id, duration_ms, spotify_id, isrc)
      SELECT * FROM unnest(${column(keys, 'text')}, ${column(nameKeys, 'text')}, ${column(titles, 'text')},
        ${column(artistLines, 'text')}, ${column(albumIdColumn, 'bigint')}, ${column(durations, 'integer')},
        ${column(spotifyIds, 'text')}, ${column(isrcs, 'text')})
      ON CONFLICT (key) DO NOTHING
      RETURNING id, key`,
  );
  // Only the tracks this batch created get their credits: an existing track has them already.
  const credits = created.flatMap(({ id, key }) =>
    unique.get(key)!.artists.map((name, position) => ({
      trackId: Number(id),
      position,
      artistId: artistIds.get(artistKey(name))!,
    })),
  );
  if (credits.length > 0) {
    const trackIds = credits.map((c) => c.trackId);
    const positions = credits.map((c) => c.position);
    const artistIdColumn = credits.map((c) => c.artistId);
    await tx.execute(sql`INSERT INTO history_track_artists (track_id, position, artist_id)
      SELECT * FROM unnest(${column(trackIds, 'bigint')}, ${column(positions, 'integer')},
        ${column(artistIdColumn, 'bigint')})`);
  }
  for (const [key, id] of await idsOf(tx, 'history_tracks', keys)) ids.set(key, id);
  return ids;
}

async function ensureArtists(tx: Transaction, rows: ArtistRow[]): Promise<Map<string, number>> {
  const keys = rows.map((r) => r.key);
  const names = rows.map((r) => r.name);
  const spotifyIds = rows.map((r) => r.spotifyId);
  await tx.execute(sql`INSERT INTO history_artists (key, name, spotify_id)
    SELECT * FROM unnest(${column(keys, 'text')}, ${column(names, 'text')}, ${column(spotifyIds, 'text')})
    ON CONFLICT (key) DO NOTHING`);
  return idsOf(tx, 'history_artists', keys);
}

async function ensureAlbums(tx: Transaction, rows: AlbumRow[]): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const keys = rows.map((r) => r.key);
  const titles = rows.map((r) => r.title);
  const artistNames = rows.map((r) => r.artistName);
  const spotifyIds = rows.map((r) => r.spotifyId);
  await tx.execute(sql`INSERT INTO history_albums (key, title, artist_name, spotify_id)
    SELECT * FROM unnest(${column(keys, 'text')}, ${column(titles, 'text')}, ${column(artistNames, 'text')},
      ${column(spotifyIds, 'text')})
    ON CONFLICT (key) DO NOTHING`);
  return idsOf(tx, 'history_albums', keys);
}

async function idsOf(tx: Transaction, table: string, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  const rows = await rowsOf<{ id: string | number; key: string }>(
    tx,
    sql`SELECT id, key FROM ${sql.identifier(table)} WHERE key = ANY(${column(keys, 'text')})`,
  );
  return new Map(rows.map((row) => [row.key, Number(row.id)]));
}

/**
 * Track ids by key from batches that committed (never from one still open: a rolled-back
 * batch's new tracks do not exist). Catalogue rows are never deleted, so a known id stays
 * right; bounded, forgetting the oldest half when full. An import of a lifetime meets the same
 * few thousand tracks again and again: later batches skip their lookups.
 */
export class TrackIdCache {
  private readonly ids = new Map<string, number>();

  constructor(private readonly capacity = 200_000) {}

  get known(): ReadonlyMap<string, number> {
    return this.ids;
  }

  clear(): void {
    this.ids.clear();
  }

  remember(ids: ReadonlyMap<string, number>): void {
    if (this.ids.size + ids.size > this.capacity) {
      let drop = Math.max(this.ids.size / 2, this.ids.size + ids.size - this.capacity);
      for (const key of this.ids.keys()) {
        if (drop-- <= 0) break;
        this.ids.delete(key);
      }
    }
    for (const [key, id] of ids) this.ids.set(key, id);
  }
}
