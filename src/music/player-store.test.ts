import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { aQueuedTrack as aTrack } from '../../test/support/music-snapshots.ts';
import { type Database, migrate } from '../db/index.ts';
import { emptyRecord } from './guild-session.ts';
import { PlayerStore } from './player-store.ts';

const GUILD = '800000000000000001';
const OTHER = '800000000000000002';

describe.each(databaseKinds())('player store (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let store: PlayerStore;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    store = new PlayerStore(database.db);
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });

  it('saves the whole player and reads it back, track for track', async () => {
    const record = {
      ...emptyRecord(GUILD, 80),
      voiceChannelId: '300000000000000001',
      textChannelId: '300000000000000002',
      tracks: [
        aTrack('one'),
        aTrack('two', { isStream: true, length: 0 }),
        aTrack('three', { requesterId: null }),
      ],
      currentIndex: 1,
      positionMs: 12_345,
      positionAt: new Date('2026-11-23T10:00:00.000Z'),
      paused: true,
      loop: 'queue' as const,
      volume: 55,
      filterPreset: 'nightcore',
      autoplay: true,
    };
    await store.save(record);
    expect(await store.load(GUILD)).toEqual(record);
    expect(await store.load(OTHER)).toBeNull();
  });

  it('writes many guilds’ positions in one statement and leaves the rest alone', async () => {
    await store.save({
      ...emptyRecord(OTHER, 80),
      voiceChannelId: null,
      tracks: [aTrack('x')],
      currentIndex: 0,
    });
    const at = new Date('2026-11-23T11:00:00.000Z');
    await store.savePositions([
      { guildId: GUILD, positionMs: 40_000.4, at },
      { guildId: OTHER, positionMs: 1_000, at },
    ]);
    const guild = await store.load(GUILD);
    expect(guild?.positionMs).toBe(40_000);
    expect(guild?.positionAt).toEqual(at);
    expect(guild?.tracks).toHaveLength(3);
    expect((await store.load(OTHER))?.positionMs).toBe(1_000);
  });

  it('lists only the players that were in a voice channel, for the restore', async () => {
    const connected = await store.loadConnected();
    expect(connected.map((record) => record.guildId)).toEqual([GUILD]);
  });
});
