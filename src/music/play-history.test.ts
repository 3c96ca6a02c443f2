import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GUILD_ID } from '../../test/support/analytics.ts';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { insertPlays } from '../../test/support/play-events.ts';
import { type Database, migrate } from '../db/index.ts';
import { PlayHistory } from './play-history.ts';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe.each(databaseKinds())('a guild’s play history (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let history: PlayHistory;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    history = new PlayHistory(database.db);
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });
  beforeEach(async () => {
    await database.exec('TRUNCATE play_events');
  });

  it('lists the guild’s plays most recent first, a page at a time', async () => {
    for (let i = 1; i <= 12; i++) {
      await insertPlays(database, `track-${i}`, { guildId: GUILD_ID, startedAt: minutesAgo(100 - i) });
    }
    await insertPlays(database, 'elsewhere', { guildId: '300000000000000002', startedAt: minutesAgo(1) });
    expect(await history.count(GUILD_ID)).toBe(12);
    const first = await history.recent(GUILD_ID, { offset: 0, limit: 10 });
    expect(first.map((play) => play.title)).toEqual(
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((i) => `Title of track-${i}`),
    );
    const second = await history.recent(GUILD_ID, { offset: 10, limit: 10 });
    expect(second.map((play) => play.title)).toEqual(['Title of track-2', 'Title of track-1']);
    expect(second[0]).toMatchObject({
      author: 'artist-01',
      uri: 'https://music.example/track-2',
      endReason: 'finished',
    });
  });

  it('suggests the guild’s recently played tracks once each, matching what was typed', async () => {
    await insertPlays(database, 'blue-moon', { guildId: GUILD_ID, startedAt: minutesAgo(30), times: 3 });
    await insertPlays(database, 'blue_sky', { guildId: GUILD_ID, startedAt: minutesAgo(20) });
    await insertPlays(database, 'red-sun', { guildId: GUILD_ID, startedAt: minutesAgo(10) });
    await insertPlays(database, 'no-link', { guildId: GUILD_ID, startedAt: minutesAgo(5), uri: null });
    await insertPlays(database, 'blue-elsewhere', {
      guildId: '300000000000000002',
      startedAt: minutesAgo(1),
    });
    const titles = async (containing: string) =>
      (await history.recentTracks(GUILD_ID, { containing, limit: 10 })).map((track) => track.title);
    expect(await titles('')).toEqual(['Title of red-sun', 'Title of blue_sky', 'Title of blue-moon']);
    expect(await titles('BLUE')).toEqual(['Title of blue_sky', 'Title of blue-moon']);
    // `_` and `%` are what was typed, not patterns.
    expect(await titles('e_s')).toEqual(['Title of blue_sky']);
    expect(await titles('%')).toEqual([]);
    expect(await history.recentTracks(GUILD_ID, { containing: 'moon', limit: 10 })).toEqual([
      { title: 'Title of blue-moon', author: 'artist-01', uri: 'https://music.example/blue-moon' },
    ]);
  });

  it('keeps who asked, and null for autoplay', async () => {
    await insertPlays(database, 'asked', { guildId: GUILD_ID, startedAt: minutesAgo(2) });
    await insertPlays(database, 'autoplayed', {
      guildId: GUILD_ID,
      startedAt: minutesAgo(1),
      requesterId: null,
    });
    const plays = await history.recent(GUILD_ID, { offset: 0, limit: 10 });
    expect(plays.map((play) => play.requesterId)).toEqual([null, '400000000000000001']);
  });
});
