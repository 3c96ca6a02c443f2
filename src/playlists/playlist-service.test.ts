import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { type Database, migrate } from '../db/index.ts';
import type { QueuedTrack } from '../music/index.ts';
import {
  MAX_PLAYLISTS_PER_USER,
  MAX_TRACKS_PER_PLAYLIST,
  PlaylistService,
  type PlaylistTrack,
} from './index.ts';

const ALICE = '100000000000000001';
const BOB = '100000000000000002';
const GUILD = '200000000000000001';
const OTHER_GUILD = '200000000000000002';

let serial = 0;
/** A track as the audio node would describe it; titles are unique unless given. */
function aTrack(overrides: { title?: string; length?: number } = {}): PlaylistTrack {
  serial += 1;
  const title = overrides.title ?? `track-${serial}`;
  return {
    encoded: Buffer.from(`encoded:${title}:${serial}`).toString('base64'),
    info: {
      identifier: `/music/${title}.ogg`,
      isSeekable: true,
      author: 'artist',
      length: overrides.length ?? 180_000,
      isStream: false,
      position: 0,
      title,
      uri: `file:///music/${title}.ogg`,
      artworkUrl: null,
      isrc: null,
      sourceName: 'local',
    },
  };
}

function aQueuedTrack(title: string): QueuedTrack {
  return { ...aTrack({ title }), requesterId: BOB, addedAt: new Date().toISOString() };
}

const titles = (tracks: readonly PlaylistTrack[]) => tracks.map((track) => track.info.title);

describe.each(databaseKinds())('PlaylistService (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let playlists: PlaylistService;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    playlists = new PlaylistService(database);
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });
  beforeEach(async () => {
    await database.exec('TRUNCATE playlists CASCADE');
  });

  /** The stored positions of a playlist's tracks, in order. */
  async function positions(name: string): Promise<number[]> {
    const { rows } = await database.query<{ position: number }>(
      `SELECT t.position FROM playlist_tracks t JOIN playlists p ON p.id = t.playlist_id
       WHERE p.owner_id = $1 AND p.name = $2 ORDER BY t.position`,
      [ALICE, name],
    );
    return rows.map((row) => row.position);
  }

  it('creates a playlist under its trimmed name and lists it with its track count', async () => {
    const created = await playlists.create(ALICE, '  Road Trip  ');
    expect(created).toMatchObject({ name: 'Road Trip', ownerId: ALICE, sharedGuildId: null, trackCount: 0 });
    await playlists.addTracks(ALICE, 'road trip', [aTrack(), aTrack()]);
    expect(await playlists.list(ALICE, GUILD)).toMatchObject([{ name: 'Road Trip', trackCount: 2 }]);
  });

  it('refuses a name the owner already uses in any case, but another user may take it', async () => {
    await playlists.create(ALICE, 'Chill');
    await expect(playlists.create(ALICE, 'CHILL')).rejects.toMatchObject({
      code: 'PLAYLIST_EXISTS',
      params: { name: 'CHILL' },
    });
    await expect(playlists.create(BOB, 'chill')).resolves.toMatchObject({ name: 'chill', ownerId: BOB });
  });

  it('lets only one of two concurrent creates of the same name win', async () => {
    const results = await Promise.allSettled([
      playlists.create(ALICE, 'Race'),
      playlists.create(ALICE, 'race'),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const [refusal] = results.filter((result) => result.status === 'rejected');
    expect((refusal as PromiseRejectedResult).reason).toMatchObject({ code: 'PLAYLIST_EXISTS' });
  });

  it('refuses empty names, names over 50 characters and names with control characters', async () => {
    for (const name of ['', '   ', 'x'.repeat(51), 'two\nlines']) {
      await expect(playlists.create(ALICE, name)).rejects.toMatchObject({
        code: 'PLAYLIST_BAD_NAME',
        params: { max: 50 },
      });
    }
    await expect(playlists.create(ALICE, 'x'.repeat(50))).resolves.toMatchObject({ trackCount: 0 });
  });

  it(`refuses a user's playlist beyond ${MAX_PLAYLISTS_PER_USER}`, async () => {
    for (let i = 1; i <= MAX_PLAYLISTS_PER_USER; i++) await playlists.create(ALICE, `list ${i}`);
    await expect(playlists.create(ALICE, 'one too many')).rejects.toMatchObject({
      code: 'PLAYLIST_LIMIT',
      params: { max: MAX_PLAYLISTS_PER_USER },
    });
    await expect(
      playlists.saveQueue(ALICE, 'one too many', { current: aQueuedTrack('a'), upcoming: [] }),
    ).rejects.toMatchObject({
      code: 'PLAYLIST_LIMIT',
    });
    await expect(playlists.create(BOB, 'mine')).resolves.toMatchObject({ ownerId: BOB });
  });

  it(`adds tracks in order up to ${MAX_TRACKS_PER_PLAYLIST}, counting those left out, then refuses more`, async () => {
    await playlists.create(ALICE, 'Big');
    const first = await playlists.addTracks(ALICE, 'Big', [
      aTrack({ title: 'one' }),
      aTrack({ title: 'two' }),
    ]);
    expect(first).toMatchObject({ leftOut: 0, playlist: { trackCount: 2 } });
    const many = Array.from({ length: MAX_TRACKS_PER_PLAYLIST }, () => aTrack());
    const second = await playlists.addTracks(ALICE, 'Big', many);
    expect(second.added).toHaveLength(MAX_TRACKS_PER_PLAYLIST - 2);
    expect(second.leftOut).toBe(2);
    const stored = await playlists.get(ALICE, GUILD, 'Big');
    expect(titles(stored.tracks)).toEqual([
      'one',
      'two',
      ...titles(many.slice(0, MAX_TRACKS_PER_PLAYLIST - 2)),
    ]);
    expect(stored.tracks[0]).toEqual(first.added[0]);
    await expect(playlists.addTracks(ALICE, 'Big', [aTrack()])).rejects.toMatchObject({
      code: 'PLAYLIST_FULL',
      params: { max: MAX_TRACKS_PER_PLAYLIST },
    });
  });

  it('never goes over the cap when two adds race', async () => {
    await playlists.create(ALICE, 'Raced');
    const batch = () => Array.from({ length: 300 }, () => aTrack());
    const results = await Promise.all([
      playlists.addTracks(ALICE, 'Raced', batch()),
      playlists.addTracks(ALICE, 'Raced', batch()),
    ]);
    expect(results.map((result) => result.added.length).sort()).toEqual([200, 300]);
    expect(await positions('Raced')).toEqual(Array.from({ length: MAX_TRACKS_PER_PLAYLIST }, (_, i) => i));
  });

  it('removes a track by its 1-based position and keeps the positions dense', async () => {
    await playlists.create(ALICE, 'Dense');
    await playlists.addTracks(
      ALICE,
      'Dense',
      ['a', 'b', 'c', 'd', 'e'].map((title) => aTrack({ title })),
    );
    const { removed, playlist } = await playlists.removeTrack(ALICE, 'dense', 2);
    expect(removed.info.title).toBe('b');
    expect(playlist.trackCount).toBe(4);
    await playlists.removeTrack(ALICE, 'Dense', 1);
    await playlists.removeTrack(ALICE, 'Dense', 3);
    expect(titles((await playlists.get(ALICE, GUILD, 'Dense')).tracks)).toEqual(['c', 'd']);
    expect(await positions('Dense')).toEqual([0, 1]);
  });

  it('refuses positions outside the playlist, and removing from an empty one', async () => {
    await playlists.create(ALICE, 'Short');
    await expect(playlists.removeTrack(ALICE, 'Short', 1)).rejects.toMatchObject({ code: 'PLAYLIST_EMPTY' });
    await playlists.addTracks(ALICE, 'Short', [aTrack(), aTrack()]);
    for (const position of [0, 3, 1.5]) {
      await expect(playlists.removeTrack(ALICE, 'Short', position)).rejects.toMatchObject({
        code: 'PLAYLIST_BAD_POSITION',
        params: { max: 2 },
      });
    }
    expect(await positions('Short')).toEqual([0, 1]);
  });

  it("lists the user's own playlists first, then those shared with this guild only", async () => {
    await playlists.create(ALICE, 'zebra');
    await playlists.create(ALICE, 'Apple', OTHER_GUILD);
    await playlists.create(BOB, 'bob shared here', GUILD);
    await playlists.create(BOB, 'bob shared elsewhere', OTHER_GUILD);
    await playlists.create(BOB, 'bob private');
    const listed = await playlists.list(ALICE, GUILD);
    expect(listed.map((playlist) => [playlist.name, playlist.ownerId])).toEqual([
      ['Apple', ALICE],
      ['zebra', ALICE],
      ['bob shared here', BOB],
    ]);
  });

  it("gets the user's own playlist before one shared under the same name, and nobody else's", async () => {
    await playlists.create(BOB, 'Mix', GUILD);
    await playlists.addTracks(BOB, 'Mix', [aTrack({ title: 'bobs' })]);
    expect(titles((await playlists.get(ALICE, GUILD, 'mix')).tracks)).toEqual(['bobs']);
    await playlists.create(ALICE, 'Mix');
    await playlists.addTracks(ALICE, 'Mix', [aTrack({ title: 'alices' })]);
    expect(await playlists.get(ALICE, GUILD, 'MIX')).toMatchObject({ ownerId: ALICE, trackCount: 1 });
    await playlists.create(BOB, 'Secret');
    await expect(playlists.get(ALICE, GUILD, 'Secret')).rejects.toMatchObject({
      code: 'PLAYLIST_NOT_FOUND',
      params: { name: 'Secret' },
    });
    await expect(playlists.get(ALICE, OTHER_GUILD, 'Mix')).resolves.toMatchObject({ ownerId: ALICE });
  });

  it('refuses to play an empty playlist', async () => {
    await playlists.create(ALICE, 'Blank');
    await expect(playlists.tracksToPlay(ALICE, GUILD, 'blank')).rejects.toMatchObject({
      code: 'PLAYLIST_EMPTY',
      params: { name: 'Blank' },
    });
    await playlists.addTracks(ALICE, 'Blank', [aTrack({ title: 'filled' })]);
    expect(titles((await playlists.tracksToPlay(ALICE, GUILD, 'blank')).tracks)).toEqual(['filled']);
  });

  it("plays by id the user's own playlists and those shared with the guild, and nobody else's", async () => {
    const own = await playlists.create(ALICE, 'Mix');
    await playlists.addTracks(ALICE, 'Mix', [aTrack({ title: 'alices' })]);
    const shared = await playlists.create(BOB, 'Mix', GUILD);
    await playlists.addTracks(BOB, 'Mix', [aTrack({ title: 'bobs' })]);
    const elsewhere = await playlists.create(BOB, 'Elsewhere', OTHER_GUILD);
    await playlists.addTracks(BOB, 'Elsewhere', [aTrack()]);
    const empty = await playlists.create(ALICE, 'Blank');
    // Same name as her own: by id, Bob's shared one is still the one played.
    expect(titles((await playlists.tracksToPlayById(ALICE, GUILD, shared.id)).tracks)).toEqual(['bobs']);
    expect(await playlists.tracksToPlayById(ALICE, OTHER_GUILD, own.id)).toMatchObject({ name: 'Mix' });
    for (const id of [elsewhere.id, own.id + 10_000]) {
      await expect(playlists.tracksToPlayById(ALICE, GUILD, id)).rejects.toMatchObject({
        code: 'PLAYLIST_NOT_FOUND',
      });
    }
    await expect(playlists.tracksToPlayById(BOB, GUILD, own.id)).rejects.toMatchObject({
      code: 'PLAYLIST_NOT_FOUND',
    });
    await expect(playlists.tracksToPlayById(ALICE, GUILD, empty.id)).rejects.toMatchObject({
      code: 'PLAYLIST_EMPTY',
      params: { name: 'Blank' },
    });
  });

  it("shows by id (/playlist view's pages) the user's own and shared playlists, empty ones too, and nobody else's", async () => {
    const own = await playlists.create(ALICE, 'Blank');
    const shared = await playlists.create(BOB, 'Shared', GUILD);
    await playlists.addTracks(BOB, 'Shared', [aTrack({ title: 'bobs' })]);
    const hidden = await playlists.create(BOB, 'Hidden');
    expect(await playlists.getById(ALICE, GUILD, own.id)).toMatchObject({ name: 'Blank', tracks: [] });
    expect(titles((await playlists.getById(ALICE, GUILD, shared.id)).tracks)).toEqual(['bobs']);
    for (const id of [hidden.id, Number.NaN]) {
      await expect(playlists.getById(ALICE, GUILD, id)).rejects.toMatchObject({ code: 'PLAYLIST_NOT_FOUND' });
    }
  });

  it('lets only the owner change a playlist, even one shared with the guild', async () => {
    await playlists.create(ALICE, 'Shared', GUILD);
    await playlists.addTracks(ALICE, 'Shared', [aTrack()]);
    const notFound = { code: 'PLAYLIST_NOT_FOUND' };
    await expect(playlists.addTracks(BOB, 'Shared', [aTrack()])).rejects.toMatchObject(notFound);
    await expect(playlists.removeTrack(BOB, 'Shared', 1)).rejects.toMatchObject(notFound);
    await expect(playlists.rename(BOB, 'Shared', 'Mine')).rejects.toMatchObject(notFound);
    await expect(playlists.setShared(BOB, 'Shared', null)).rejects.toMatchObject(notFound);
    await expect(playlists.delete(BOB, 'Shared')).rejects.toMatchObject(notFound);
    expect(await playlists.get(BOB, GUILD, 'Shared')).toMatchObject({
      ownerId: ALICE,
      trackCount: 1,
      sharedGuildId: GUILD,
    });
  });

  it('renames, allows a change of case, and refuses a name already used', async () => {
    await playlists.create(ALICE, 'Old');
    await playlists.create(ALICE, 'Taken');
    expect(await playlists.rename(ALICE, 'old', '  New  ')).toMatchObject({
      from: 'Old',
      playlist: { name: 'New' },
    });
    expect(await playlists.rename(ALICE, 'New', 'NEW')).toMatchObject({ playlist: { name: 'NEW' } });
    await expect(playlists.rename(ALICE, 'NEW', 'taken')).rejects.toMatchObject({ code: 'PLAYLIST_EXISTS' });
    await expect(playlists.rename(ALICE, 'Old', 'Other')).rejects.toMatchObject({
      code: 'PLAYLIST_NOT_FOUND',
    });
  });

  it('shares with one guild at a time and stops sharing', async () => {
    await playlists.create(ALICE, 'Party');
    await playlists.setShared(ALICE, 'Party', GUILD);
    expect((await playlists.list(BOB, GUILD)).map((playlist) => playlist.name)).toEqual(['Party']);
    await playlists.setShared(ALICE, 'Party', OTHER_GUILD);
    expect(await playlists.list(BOB, GUILD)).toEqual([]);
    expect((await playlists.list(BOB, OTHER_GUILD)).map((playlist) => playlist.name)).toEqual(['Party']);
    await playlists.setShared(ALICE, 'Party', null);
    expect(await playlists.list(BOB, OTHER_GUILD)).toEqual([]);
  });

  it('deletes a playlist with its tracks', async () => {
    await playlists.create(ALICE, 'Gone');
    await playlists.addTracks(ALICE, 'Gone', [aTrack(), aTrack()]);
    expect(await playlists.delete(ALICE, 'GONE')).toMatchObject({ name: 'Gone' });
    await expect(playlists.get(ALICE, GUILD, 'Gone')).rejects.toMatchObject({ code: 'PLAYLIST_NOT_FOUND' });
    const { rows } = await database.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM playlist_tracks',
    );
    expect(rows[0]?.count).toBe(0);
  });

  it('saves the current and upcoming tracks of a queue as a new playlist', async () => {
    const queue = { current: aQueuedTrack('now'), upcoming: [aQueuedTrack('next'), aQueuedTrack('later')] };
    const saved = await playlists.saveQueue(ALICE, 'Tonight', queue);
    expect(saved).toMatchObject({ leftOut: 0, playlist: { name: 'Tonight', trackCount: 3 } });
    const stored = await playlists.get(ALICE, GUILD, 'Tonight');
    expect(titles(stored.tracks)).toEqual(['now', 'next', 'later']);
    expect(stored.tracks[0]).toEqual({ encoded: queue.current.encoded, info: queue.current.info });
    await expect(playlists.saveQueue(ALICE, 'tonight', queue)).rejects.toMatchObject({
      code: 'PLAYLIST_EXISTS',
    });
  });

  it('saves at most the cap of a long queue and refuses an empty one', async () => {
    const upcoming = Array.from({ length: MAX_TRACKS_PER_PLAYLIST + 10 }, (_, i) => aQueuedTrack(`q${i}`));
    const saved = await playlists.saveQueue(ALICE, 'Long', { current: null, upcoming });
    expect(saved.playlist.trackCount).toBe(MAX_TRACKS_PER_PLAYLIST);
    expect(saved.leftOut).toBe(10);
    await expect(
      playlists.saveQueue(ALICE, 'Nothing', { current: null, upcoming: [] }),
    ).rejects.toMatchObject({ code: 'QUEUE_EMPTY' });
    expect((await playlists.list(ALICE, GUILD)).map((playlist) => playlist.name)).toEqual(['Long']);
  });

  it('rejects malformed ids and tracks as programming errors', async () => {
    await expect(playlists.create('not-an-id', 'x')).rejects.toBeInstanceOf(ZodError);
    await playlists.create(ALICE, 'Strict');
    const broken = { encoded: '', info: aTrack().info };
    await expect(playlists.addTracks(ALICE, 'Strict', [broken])).rejects.toBeInstanceOf(ZodError);
  });
});
