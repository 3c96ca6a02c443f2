import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPlay, GUILD_ID, generator, hoursAfter } from '../../test/support/analytics.ts';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { type Database, migrate } from '../db/index.ts';
import { AnalyticsService, GuildActivityRecorder, PlayEventRecorder, windowOf } from './index.ts';

const SLIDING = ['1d', '7d', '30d'] as const;

describe.each(databaseKinds())('sliding analytics windows (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });

  async function counters(scope: string) {
    const { rows } = await database.query(
      `SELECT dimension, key, count, ms::float8 AS ms FROM analytics_counts
       WHERE guild_id = $1 AND scope = $2 ORDER BY dimension, key`,
      [GUILD_ID, scope],
    );
    return rows;
  }

  async function windowStart(scope: string): Promise<Date | undefined> {
    const { rows } = await database.query<{ starts_at: Date }>(
      'SELECT starts_at FROM analytics_windows WHERE guild_id = $1 AND scope = $2',
      [GUILD_ID, scope],
    );
    return rows[0]?.starts_at;
  }

  /** The scope's counters as a recount from the raw rows makes them. */
  async function recounted(service: AnalyticsService, scope: (typeof SLIDING)[number]) {
    await database.query('DELETE FROM analytics_windows WHERE guild_id = $1 AND scope = $2', [
      GUILD_ID,
      scope,
    ]);
    await service.summary(GUILD_ID, scope);
    return counters(scope);
  }

  it('moves hour by hour and by leaps to the same counters a recount gives, late plays included', async () => {
    const next = generator(11);
    let now = new Date('2025-03-10T14:25:00Z');
    const service = new AnalyticsService(database, { now: () => now });
    const plays = new PlayEventRecorder(database);
    const activity = new GuildActivityRecorder(database);
    const record = async (startedAt: Date) => {
      await plays.record(
        aPlay({
          track: `track-${String(next(30)).padStart(2, '0')}`,
          author: `artist-${next(5)}`,
          requesterId: next(4) === 0 ? null : `40000000000000000${next(5)}`,
          startedAt,
          msPlayed: 1_000 * (10 + next(300)),
        }),
      );
      if (next(3) === 0) {
        await activity.recordCommandUse({
          guildId: GUILD_ID,
          userId: '400000000000000001',
          command: `cmd-${next(3)}`,
          at: startedAt,
        });
      }
    };
    for (let i = 0; i < 150; i++) await record(hoursAfter(now, -next(35 * 24 * 60) / 60));
    for (const scope of SLIDING) await service.summary(GUILD_ID, scope);

    // Steps of under an hour, a few hours, and more than a day (1d is then counted afresh).
    for (const stepHours of [0.4, 1, 3.5, 0.2, 26, 5, 49, 1.5]) {
      const previous = now;
      now = hoursAfter(now, stepHours);
      // Plays that ended during the step; the last one started before the 1d window's new start.
      for (let i = 0; i < 4; i++)
        await record(hoursAfter(previous, (next(Math.round(stepHours * 60)) - 30) / 60));
      await record(hoursAfter(windowOf('1d', now).from!, -2));
      for (const scope of SLIDING) {
        await service.summary(GUILD_ID, scope);
        expect(await windowStart(scope)).toEqual(windowOf(scope, now).from);
        const moved = await counters(scope);
        expect(moved.length).toBeGreaterThan(0);
        expect(await recounted(service, scope), `${scope} after a step of ${stepHours} h`).toEqual(moved);
      }
    }
  });

  it('serves a window another process already moved further as it is', async () => {
    const now = new Date('2025-06-01T10:10:00Z');
    const ahead = new AnalyticsService(database, { now: () => hoursAfter(now, 1) });
    const behind = new AnalyticsService(database, { now: () => now });
    await ahead.summary(GUILD_ID, '1d');
    const before = await counters('1d');
    await behind.summary(GUILD_ID, '1d');
    expect(await windowStart('1d')).toEqual(windowOf('1d', hoursAfter(now, 1)).from);
    expect(await counters('1d')).toEqual(before);
  });
});
