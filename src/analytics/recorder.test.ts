import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { ALICE, aPlay, BOB, GUILD_ID, generator, hoursAfter } from '../../test/support/analytics.ts';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { type Database, migrate } from '../db/index.ts';
import { GuildActivityRecorder, PlayEventRecorder, rebuildRollups } from './index.ts';

const TABLES = [
  'analytics_counts',
  'analytics_windows',
  'analytics_member_daily',
  'play_events',
  'member_events',
  'command_uses',
];

describe.each(databaseKinds())('analytics recorders (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let plays: PlayEventRecorder;
  let activity: GuildActivityRecorder;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    plays = new PlayEventRecorder(database);
    activity = new GuildActivityRecorder(database);
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });
  beforeEach(async () => {
    await database.exec(`TRUNCATE ${TABLES.join(', ')}`);
  });

  /** A scope's counters, in a stable order. */
  async function counters(scope = 'all') {
    const { rows } = await database.query(
      `SELECT dimension, key, count, ms::float8 AS ms, label FROM analytics_counts
       WHERE guild_id = $1 AND scope = $2 ORDER BY dimension, key`,
      [GUILD_ID, scope],
    );
    return rows;
  }

  async function memberDays() {
    const { rows } = await database.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, joins, leaves, member_count, last_event_at
       FROM analytics_member_daily WHERE guild_id = $1 ORDER BY day`,
      [GUILD_ID],
    );
    return rows;
  }

  it('inserts the play and adds it to the track, artist, requester and hour counters', async () => {
    const startedAt = new Date('2025-03-04T21:40:00Z');
    await plays.record(aPlay({ track: 'track-01', author: 'artist-01', startedAt, msPlayed: 90_000 }));
    await plays.record(
      aPlay({
        track: 'track-01',
        author: 'artist-01',
        startedAt: hoursAfter(startedAt, 0.25),
        msPlayed: 30_000,
      }),
    );
    await plays.record(
      aPlay({
        track: 'track-02',
        author: 'artist-01',
        requesterId: null,
        startedAt: hoursAfter(startedAt, 3),
      }),
    );

    const raw = await database.query(
      `SELECT track_identifier, requester_id, listener_ids, listener_count, ms_played::float8 AS ms, end_reason
       FROM play_events ORDER BY id`,
    );
    expect(raw.rows[0]).toEqual({
      track_identifier: 'id-track-01',
      requester_id: ALICE,
      listener_ids: [ALICE, BOB],
      listener_count: 2,
      ms: 90_000,
      end_reason: 'finished',
    });
    const label = (track: string) => ({
      title: `Title of ${track}`,
      author: 'artist-01',
      uri: `https://music.example/${track}`,
    });
    expect(await counters()).toEqual([
      { dimension: 'artist', key: 'artist-01', count: 3, ms: 300_000, label: null },
      { dimension: 'hour', key: '0', count: 1, ms: 180_000, label: null },
      { dimension: 'hour', key: '21', count: 2, ms: 120_000, label: null },
      { dimension: 'requester', key: ALICE, count: 2, ms: 120_000, label: null },
      { dimension: 'track', key: 'http:id-track-01', count: 2, ms: 120_000, label: label('track-01') },
      { dimension: 'track', key: 'http:id-track-02', count: 1, ms: 180_000, label: label('track-02') },
    ]);
  });

  it('adds a play to the sliding scopes whose window it started in, and only to those', async () => {
    await database.query(
      `INSERT INTO analytics_windows (guild_id, scope, starts_at)
       VALUES ($1, '1d', '2025-03-04T12:00:00Z'), ($1, '7d', '2025-02-26T12:00:00Z')`,
      [GUILD_ID],
    );
    await plays.record(aPlay({ track: 'track-01', startedAt: new Date('2025-03-04T13:00:00Z') }));
    // Recorded late: it started before the 1d window, so only 7d and all count it.
    await plays.record(aPlay({ track: 'track-02', startedAt: new Date('2025-03-03T13:00:00Z') }));
    const tracks = async (scope: string) =>
      (await counters(scope)).filter((c) => c.dimension === 'track').map((c) => [c.key, c.count, c.label]);
    expect(await tracks('1d')).toEqual([['http:id-track-01', 1, null]]);
    expect(await tracks('7d')).toEqual([
      ['http:id-track-01', 1, null],
      ['http:id-track-02', 1, null],
    ]);
    expect((await tracks('all')).map(([key]) => key)).toEqual(['http:id-track-01', 'http:id-track-02']);
    expect(await counters('30d')).toEqual([]);
  });

  it('refuses a play that ends before it starts, naming the field, and writes nothing', async () => {
    const play = aPlay({ startedAt: new Date('2025-03-04T21:40:00Z') });
    const error = await plays
      .record({ ...play, endedAt: new Date('2025-03-04T20:00:00Z') })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((issue) => issue.path.join('.'))).toEqual(['endedAt']);
    expect((await database.query('SELECT count(*)::int AS n FROM play_events')).rows).toEqual([{ n: 0 }]);
  });

  it('stores a stream’s Long.MAX_VALUE length as 0 (unknown)', async () => {
    const play = aPlay({ startedAt: new Date('2025-03-04T21:40:00Z') });
    // Java's Long.MAX_VALUE, as a Lavalink client's JSON.parse hands it over.
    play.track.info.length = JSON.parse('9223372036854775807');
    await plays.record(play);
    const { rows } = await database.query('SELECT track_length_ms::float8 AS length FROM play_events');
    expect(rows).toEqual([{ length: 0 }]);
  });

  it('keeps the raw row and the counters together: a failing counter write undoes the insert', async () => {
    await database.exec(
      'ALTER TABLE analytics_counts ADD CONSTRAINT refuse_everything CHECK (count < 0) NOT VALID',
    );
    try {
      await expect(plays.record(aPlay({ startedAt: new Date('2025-03-04T21:40:00Z') }))).rejects.toThrow();
      expect((await database.query('SELECT count(*)::int AS n FROM play_events')).rows).toEqual([{ n: 0 }]);
    } finally {
      await database.exec('ALTER TABLE analytics_counts DROP CONSTRAINT refuse_everything');
    }
  });

  it('counts joins and leaves per day and keeps the count of the day’s latest event, whatever the order', async () => {
    const at = (time: string) => new Date(`2025-03-04T${time}Z`);
    const member = (userId: string, kind: 'join' | 'leave', memberCount: number, time: string) =>
      activity.recordMemberEvent({ guildId: GUILD_ID, userId, kind, memberCount, at: at(time) });
    await member(ALICE, 'join', 11, '10:00:00');
    await member(BOB, 'leave', 9, '18:00:00');
    // Arrives late: earlier than the leave above, so the day still ends at 9.
    await member(BOB, 'join', 10, '12:00:00');
    expect(await memberDays()).toEqual([
      { day: '2025-03-04', joins: 2, leaves: 1, member_count: 9, last_event_at: at('18:00:00') },
    ]);
    await expect(member(BOB, 'ban' as 'join', 1, '19:00:00')).rejects.toThrow(ZodError);
  });

  it('counts command uses', async () => {
    const at = new Date('2025-03-04T10:00:00Z');
    for (const command of ['play', 'play', 'skip']) {
      await activity.recordCommandUse({ guildId: GUILD_ID, userId: ALICE, command, at });
    }
    expect((await counters()).map(({ dimension, key, count }) => [dimension, key, count])).toEqual([
      ['command', 'play', 2],
      ['command', 'skip', 1],
    ]);
  });

  it('rebuilds from the raw rows exactly the counters and member days the recorders built', async () => {
    const start = new Date('2025-01-30T17:13:00Z');
    const next = generator(42);
    for (let i = 0; i < 60; i++) {
      const startedAt = hoursAfter(start, i * 2.7);
      await plays.record(
        aPlay({
          track: `track-${next(7)}`,
          author: `artist-${next(3)}`,
          requesterId: [ALICE, BOB, null][next(3)] ?? null,
          startedAt,
          msPlayed: 1_000 * next(400),
        }),
      );
      if (i % 4 === 0) {
        const kind = next(2) ? 'join' : 'leave';
        await activity.recordMemberEvent({
          guildId: GUILD_ID,
          userId: BOB,
          kind,
          memberCount: 50 + next(10),
          at: startedAt,
        });
      }
      if (i % 3 === 0) {
        await activity.recordCommandUse({
          guildId: GUILD_ID,
          userId: ALICE,
          command: `cmd-${next(4)}`,
          at: startedAt,
        });
      }
    }
    await database.query(`INSERT INTO analytics_windows VALUES ($1, '7d', '2025-02-01T00:00:00Z')`, [
      GUILD_ID,
    ]);
    const recorded = { all: await counters(), members: await memberDays() };
    expect(recorded.all.length).toBeGreaterThan(20);
    await rebuildRollups(database, GUILD_ID);
    expect({ all: await counters(), members: await memberDays() }).toEqual(recorded);
    // The sliding scopes are dropped, to be counted afresh when next asked for.
    expect((await database.query('SELECT * FROM analytics_windows')).rows).toEqual([]);
  });
});
