import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, aPlay, BOB, GUILD_ID, generator, hoursAfter } from '../../test/support/analytics.ts';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { type Database, migrate } from '../db/index.ts';
import {
  type AnalyticsRange,
  AnalyticsService,
  analyticsSummarySchema,
  GuildActivityRecorder,
  type PlayEventInput,
  PlayEventRecorder,
  TOP_LIMIT,
  windowOf,
} from './index.ts';

const NOW = new Date('2025-03-10T14:25:00Z');
const OTHER_GUILD = '300000000000000002';
const CAROL = '400000000000000003';

interface Seeded {
  plays: PlayEventInput[];
  members: { kind: 'join' | 'leave'; memberCount: number; at: Date }[];
  commands: { command: string; at: Date }[];
}

const hours = (ms: number) => Math.round(ms / 36_000) / 100;

/** Top `limit` of `[key, count, ms]` by count, then key: the order the API promises. */
function ranked<T>(items: T[], keyOf: (item: T) => string, msOf: (item: T) => number, limit: number) {
  const groups = new Map<string, { key: string; count: number; ms: number }>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key) ?? { key, count: 0, ms: 0 };
    group.count += 1;
    group.ms += msOf(item);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1)).slice(0, limit);
}

/** What the summary must say, worked out from the seeded events alone. */
function expectedFigures(seeded: Seeded, range: AnalyticsRange) {
  const from = windowOf(range, NOW).from?.getTime() ?? -Infinity;
  const plays = seeded.plays.filter((p) => p.startedAt.getTime() >= from);
  const members = seeded.members.filter((m) => m.at.getTime() >= from);
  const commands = seeded.commands.filter((c) => c.at.getTime() >= from);
  const byDay = new Map<
    string,
    { date: string; memberCount: number; joins: number; leaves: number; at: number }
  >();
  for (const m of members) {
    // Days, or months (dated on the 1st) for all.
    const date = range === 'all' ? `${m.at.toISOString().slice(0, 7)}-01` : m.at.toISOString().slice(0, 10);
    const day = byDay.get(date) ?? { date, memberCount: 0, joins: 0, leaves: 0, at: -Infinity };
    if (m.kind === 'join') day.joins += 1;
    else day.leaves += 1;
    if (m.at.getTime() >= day.at) Object.assign(day, { at: m.at.getTime(), memberCount: m.memberCount });
    byDay.set(date, day);
  }
  // The latest event; of two at the same instant, the one recorded last.
  const latest = seeded.members.reduce<Seeded['members'][number] | undefined>(
    (best, m) => (!best || m.at.getTime() >= best.at.getTime() ? m : best),
    undefined,
  );
  return {
    plays: plays.length,
    listeningHours: hours(plays.reduce((sum, p) => sum + p.msPlayed, 0)),
    listeningMs: plays.reduce((sum, p) => sum + p.msPlayed, 0),
    topTracks: ranked(
      plays,
      (p) => `${p.track.info.sourceName}:${p.track.info.identifier}`,
      (p) => p.msPlayed,
      TOP_LIMIT,
    ).map((g) => ({ key: g.key, plays: g.count, listeningHours: hours(g.ms) })),
    topArtists: ranked(
      plays,
      (p) => p.track.info.author,
      (p) => p.msPlayed,
      TOP_LIMIT,
    ).map((g) => ({
      artist: g.key,
      plays: g.count,
      listeningHours: hours(g.ms),
    })),
    topRequesters: ranked(
      plays.filter((p) => p.track.requesterId),
      (p) => p.track.requesterId ?? '',
      (p) => p.msPlayed,
      TOP_LIMIT,
    ).map((g) => ({ userId: g.key, plays: g.count, listeningHours: hours(g.ms) })),
    busiestHours: Array.from({ length: 24 }, (_, hour) => {
      const inHour = plays.filter((p) => p.startedAt.getUTCHours() === hour);
      return {
        hour,
        plays: inHour.length,
        listeningHours: hours(inHour.reduce((sum, p) => sum + p.msPlayed, 0)),
      };
    }),
    members: {
      current: latest?.memberCount ?? null,
      tracked: true,
      joins: members.filter((m) => m.kind === 'join').length,
      leaves: members.filter((m) => m.kind === 'leave').length,
      granularity: range === 'all' ? 'month' : 'day',
      series: [...byDay.values()]
        .sort((a, b) => (a.date < b.date ? -1 : 1))
        .map(({ at: _at, ...day }) => day),
    },
    commands: ranked(
      commands,
      (c) => c.command,
      () => 0,
      50,
    ).map((g) => ({ command: g.key, uses: g.count })),
  };
}

describe.each(databaseKinds())('analytics summary (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let service: AnalyticsService;
  const seeded: Seeded = { plays: [], members: [], commands: [] };

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    service = new AnalyticsService(database, { now: () => NOW, memberEventsTracked: true });
    const recorder = new PlayEventRecorder(database);
    const activity = new GuildActivityRecorder(database);
    await database.query(`INSERT INTO users (id, username, global_name) VALUES ($1, 'alice', 'Alice')`, [
      ALICE,
    ]);

    const next = generator(7);
    // 40 days of history up to now; the first plays sit on the edges of the 7d window.
    const from7d = windowOf('7d', NOW).from!;
    const startTimes = [from7d, new Date(from7d.getTime() - 60_000), hoursAfter(from7d, 8.5)];
    for (let i = 0; i < 220; i++) startTimes.push(hoursAfter(NOW, -next(40 * 24 * 60) / 60));
    for (const startedAt of startTimes) {
      const play = aPlay({
        track: `track-${String(next(25)).padStart(2, '0')}`,
        author: `artist-${String(next(6)).padStart(2, '0')}`,
        requesterId: [ALICE, BOB, CAROL, null][next(4)] ?? null,
        startedAt,
        msPlayed: 1_000 * (30 + next(300)),
      });
      seeded.plays.push(play);
      await recorder.record(play);
    }
    let memberCount = 100;
    for (let i = 0; i < 40; i++) {
      const kind = next(3) === 0 ? 'leave' : 'join';
      memberCount += kind === 'join' ? 1 : -1;
      const at = hoursAfter(NOW, -next(40 * 24 * 60) / 60);
      seeded.members.push({ kind, memberCount, at });
      await activity.recordMemberEvent({ guildId: GUILD_ID, userId: BOB, kind, memberCount, at });
    }
    for (let i = 0; i < 60; i++) {
      const use = {
        command: ['play', 'skip', 'queue', 'volume'][next(4)]!,
        at: hoursAfter(NOW, -next(40 * 24 * 60) / 60),
      };
      seeded.commands.push(use);
      await activity.recordCommandUse({ guildId: GUILD_ID, userId: ALICE, ...use });
    }
    // Another guild's events must not leak into this one's figures.
    await recorder.record(aPlay({ guildId: OTHER_GUILD, startedAt: hoursAfter(NOW, -1) }));
    await activity.recordCommandUse({
      guildId: OTHER_GUILD,
      userId: ALICE,
      command: 'play',
      at: hoursAfter(NOW, -1),
    });
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });

  it.each(['1d', '7d', '30d', 'all'] as const)(
    'matches figures worked out from the raw events for %s',
    async (range) => {
      const summary = await service.summary(GUILD_ID, range);
      expect(analyticsSummarySchema.safeParse(summary).success).toBe(true);
      const expected = expectedFigures(seeded, range);
      expect(summary.plays).toBeGreaterThan(0);
      expect({
        ...summary,
        topTracks: summary.topTracks.map((t) => ({
          key: `${t.sourceName}:${t.identifier}`,
          plays: t.plays,
          listeningHours: t.listeningHours,
        })),
        topRequesters: summary.topRequesters.map(({ name: _name, ...rest }) => rest),
      }).toEqual({
        guildId: GUILD_ID,
        range,
        from: windowOf(range, NOW).from?.toISOString() ?? null,
        to: NOW.toISOString(),
        ...expected,
      });
    },
  );

  it('counts a play that starts on the window’s first instant and not one a minute before', async () => {
    const from = windowOf('7d', NOW).from!.getTime();
    const summary = await service.summary(GUILD_ID, '7d');
    const inWindow = seeded.plays.filter((p) => p.startedAt.getTime() >= from).length;
    expect(summary.plays).toBe(inWindow);
    expect(seeded.plays.some((p) => p.startedAt.getTime() === from - 60_000)).toBe(true);
  });

  it('names the top tracks and the requesters it knows', async () => {
    const summary = await service.summary(GUILD_ID, 'all');
    const track = summary.topTracks[0]!;
    expect(track).toMatchObject({
      title: `Title of ${track.identifier.replace('id-', '')}`,
      uri: `https://music.example/${track.identifier.replace('id-', '')}`,
      sourceName: 'http',
    });
    const names = Object.fromEntries(summary.topRequesters.map((r) => [r.userId, r.name]));
    expect(names).toEqual({ [ALICE]: 'Alice', [BOB]: null, [CAROL]: null });
  });

  it('answers zeros and empty lists for a guild without history', async () => {
    const summary = await service.summary('300000000000000009', '30d');
    expect(summary).toMatchObject({ plays: 0, listeningHours: 0, topTracks: [], commands: [] });
    expect(summary.members).toEqual({
      tracked: true,
      current: null,
      joins: 0,
      leaves: 0,
      granularity: 'day',
      series: [],
    });
  });

  it('counts the time heard, not the tracks’ lengths: a skip counts the seconds it played', async () => {
    const guildId = '300000000000000010';
    const recorder = new PlayEventRecorder(database);
    const at = hoursAfter(NOW, -2);
    // Three plays of a 200 s track: heard for 40 s, skipped after 12.5 s, stopped after 95 s.
    for (const msPlayed of [40_000, 12_500, 95_000]) {
      await recorder.record(aPlay({ guildId, startedAt: at, msPlayed }));
    }
    const summary = await service.summary(guildId, '1d');
    expect(summary.plays).toBe(3);
    expect(summary.listeningMs).toBe(147_500);
    // 147.5 s is 0.041 h: the rounded figure says 0.04, the exact one keeps every millisecond.
    expect(summary.listeningHours).toBe(0.04);
  });

  it('says whether members are tracked at all: without the intent the figures are missing, not zero', async () => {
    const untracked = new AnalyticsService(database, { now: () => NOW });
    const summary = await untracked.summary('300000000000000009', '30d');
    expect(summary.members).toMatchObject({ tracked: false, current: null });
    expect(summary.busiestHours).toHaveLength(24);
  });
});
