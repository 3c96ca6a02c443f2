import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { type Database, migrate } from '../db/index.ts';
import { ListenArchive, type ListenInput } from './index.ts';

const ALICE = '100000000000000001';
const BOB = '100000000000000002';
/** No `users` row: a listen of theirs violates the foreign key. */
const NOBODY = '100000000000000099';
const START = Date.parse('2026-03-01T00:00:00Z');

let serial = 0;
/** A distinct Spotify play (its own end second) of track `n % tracks` by `artist`. */
function aPlay(overrides: Partial<ListenInput> & { n?: number; artist?: string } = {}): ListenInput {
  serial += 1;
  const n = overrides.n ?? serial;
  const end = new Date(START + serial * 200_000);
  return {
    userId: ALICE,
    playedAt: new Date(end.getTime() - 180_000),
    endedAt: end,
    msPlayed: 180_000,
    source: 'spotify-import',
    track: {
      title: `Song ${n}`,
      artists: [overrides.artist ?? `Artist ${n % 7}`, 'Guest'],
      album: `Album ${n % 5}`,
      durationMs: 180_000,
      spotifyTrackId: `${String(n).padStart(22, '0')}`,
    },
    ...overrides,
  };
}

describe.each(databaseKinds())('ListenArchive (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let archive: ListenArchive;
  const count = async (table: string) =>
    Number((await database.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    await database.query(`INSERT INTO users (id, username) VALUES ($1, 'alice'), ($2, 'bob')`, [ALICE, BOB]);
    archive = new ListenArchive(database);
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });
  beforeEach(async () => {
    await database.exec(
      'TRUNCATE history_listens, history_track_artists, history_tracks, history_albums, history_artists CASCADE',
    );
  });

  it('stores a batch once: storing it again adds nothing', async () => {
    const batch = Array.from({ length: 2_500 }, (_, i) => aPlay({ n: i % 300 }));
    expect(await archive.store(batch)).toEqual({ added: 2_500, present: 0 });
    expect(await archive.store(batch)).toEqual({ added: 0, present: 2_500 });
    expect(await count('history_listens')).toBe(2_500);
    expect(await count('history_tracks')).toBe(300);
    // Albums are by album artist + title: 7 × 5.
    expect(await count('history_albums')).toBe(35);
    // Seven main artists and the guest, each once; every track credits two.
    expect(await count('history_artists')).toBe(8);
    expect(await count('history_track_artists')).toBe(600);
  });

  it('counts a mixed batch exactly: new, already stored, and repeated within the batch', async () => {
    const old = [aPlay(), aPlay(), aPlay()];
    await archive.store(old);
    const fresh = [aPlay(), aPlay()];
    // The same play as polled: the end with ms, no ms played; it is the first old one.
    const polledAgain: ListenInput = {
      ...old[0]!,
      source: 'spotify-poll',
      endedAt: new Date(old[0]!.endedAt!.getTime() + 734),
      msPlayed: null,
    };
    const result = await archive.store([...old.slice(1), fresh[0]!, polledAgain, fresh[0]!, fresh[1]!]);
    expect(result).toEqual({ added: 2, present: 4 });
    expect(await count('history_listens')).toBe(5);
  });

  it('stores nothing of a batch that fails half-way', async () => {
    // 1,500 good rows (their catalogue entries are written first), then one of a user who does not exist.
    const batch = [...Array.from({ length: 1_500 }, () => aPlay()), aPlay({ userId: NOBODY })];
    await expect(archive.store(batch)).rejects.toThrow();
    expect(await count('history_listens')).toBe(0);
    expect(await count('history_tracks')).toBe(0);
    // The good rows alone go in afterwards: nothing was half-written.
    expect(await archive.store(batch.slice(0, 1_500))).toEqual({ added: 1_500, present: 0 });
  });

  it('stores within a caller’s transaction, and nothing when that transaction fails', async () => {
    const batch = [aPlay(), aPlay()];
    const failed = database.db.transaction(async (tx) => {
      expect(await archive.storeWithin(tx, batch)).toEqual({ added: 2, present: 0 });
      throw new Error('the cursor could not be saved');
    });
    await expect(failed).rejects.toThrow('the cursor could not be saved');
    expect(await count('history_listens')).toBe(0);
    // The tracks it created were rolled back too: storing them again must not reuse their ids.
    expect(await archive.store(batch)).toEqual({ added: 2, present: 0 });
  });

  it('recovers when the catalogue rows it remembered are gone', async () => {
    const play = aPlay({ n: 424_242 });
    await archive.store([play]);
    await database.exec(
      'TRUNCATE history_listens, history_track_artists, history_tracks, history_albums, history_artists CASCADE',
    );
    expect(await archive.store([aPlay({ n: 424_242 })])).toEqual({ added: 1, present: 0 });
    // A batch of a user who does not exist still fails (that violation is not the cache's).
    await expect(archive.store([aPlay({ n: 424_242, userId: NOBODY })])).rejects.toThrow();
  });

  it('refuses a malformed batch before writing, naming the row and field', async () => {
    const bad = aPlay({ track: { title: '', artists: ['Someone'] } });
    const error = await archive.store([aPlay(), bad]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues[0]!.path).toEqual([1, 'track', 'title']);
    expect(await count('history_listens')).toBe(0);
  });

  it('keeps one catalogue for every user and source: same artist by any spelling, same Spotify track', async () => {
    const shared = {
      title: 'Teardrop',
      artists: ['Massive Attack'],
      spotifyTrackId: '67Hna13dNDkZvBpTXRIaOJ',
    };
    await archive.store([
      aPlay({ userId: ALICE, track: shared }),
      aPlay({ userId: BOB, track: { ...shared, title: 'Teardrop (Remastered)' } }),
      aPlay({ source: 'discord-voice', track: { title: 'Angel', artists: ['MASSIVE  attack'] } }),
    ]);
    expect(await count('history_tracks')).toBe(2);
    expect(await count('history_artists')).toBe(1);
    const { rows } = await database.query<{ key: string; name_key: string }>(
      'SELECT key, name_key FROM history_tracks ORDER BY key',
    );
    expect(rows.map((row) => row.key)).toEqual([
      'name:massive attack\u001fangel',
      'spotify:67Hna13dNDkZvBpTXRIaOJ',
    ]);
  });

  it('keeps a user’s listens and another’s apart, and deletes them with the user', async () => {
    await archive.store([aPlay({ userId: ALICE }), aPlay({ userId: BOB }), aPlay({ userId: BOB })]);
    await database.query('DELETE FROM users WHERE id = $1', [BOB]);
    expect(await count('history_listens')).toBe(1);
    await database.query(`INSERT INTO users (id, username) VALUES ($1, 'bob')`, [BOB]);
  });
});
