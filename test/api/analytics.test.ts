import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GuildActivityRecorder, PlayEventRecorder } from '../../src/analytics/index.ts';
import { aPlay, hoursAfter } from '../support/analytics.ts';
import { databaseKinds } from '../support/databases.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

const STRICT = { max: 15, timeWindow: 60_000 };
const NORMAL = { max: 200, timeWindow: 60_000 };

describe.each(databaseKinds())('analytics API (%s)', (kind) => {
  let panel: PanelHarness;
  let owner: Browser;
  let guildId: string;
  let ownerId: string;
  let aliceId: string;
  let seededAt: Date;

  beforeAll(async () => {
    panel = await startPanel({ kind, rateLimits: { strict: STRICT, normal: NORMAL } });
    const demo = panel.emulator.demo!;
    guildId = demo.guildId;
    ownerId = demo.ownerId;
    aliceId = demo.memberIds[0]!;
    owner = await logIn(panel, ownerId);

    // Far enough from the windows' edges that the hour the test runs in can't matter:
    // 2 hours ago (every range), 3 days (7d and up), 20 days (30d and up), 60 days (all).
    const now = new Date();
    seededAt = now;
    const plays = new PlayEventRecorder(panel.database);
    const song = { track: 'song-a', title: 'Song A', author: 'Band A' };
    await plays.record(
      aPlay({ guildId, ...song, requesterId: ownerId, startedAt: hoursAfter(now, -2), msPlayed: 1_800_000 }),
    );
    await plays.record(
      aPlay({ guildId, ...song, requesterId: aliceId, startedAt: hoursAfter(now, -72), msPlayed: 900_000 }),
    );
    await plays.record(
      aPlay({
        guildId,
        track: 'song-b',
        title: 'Song B',
        author: 'Band B',
        requesterId: aliceId,
        startedAt: hoursAfter(now, -73),
        msPlayed: 3_600_000,
      }),
    );
    await plays.record(
      aPlay({ guildId, ...song, requesterId: null, startedAt: hoursAfter(now, -20 * 24), msPlayed: 360_000 }),
    );
    await plays.record(
      aPlay({
        guildId,
        ...song,
        requesterId: ownerId,
        startedAt: hoursAfter(now, -60 * 24),
        msPlayed: 360_000,
      }),
    );
    const activity = new GuildActivityRecorder(panel.database);
    await activity.recordMemberEvent({
      guildId,
      userId: aliceId,
      kind: 'join',
      memberCount: 5,
      at: hoursAfter(now, -50),
    });
    await activity.recordMemberEvent({
      guildId,
      userId: aliceId,
      kind: 'leave',
      memberCount: 4,
      at: hoursAfter(now, -3),
    });
    for (const command of ['play', 'play', 'skip']) {
      await activity.recordCommandUse({ guildId, userId: ownerId, command, at: hoursAfter(now, -1) });
    }
    await activity.recordCommandUse({
      guildId,
      userId: ownerId,
      command: 'queue',
      at: hoursAfter(now, -24 * 10),
    });
  });
  afterAll(async () => {
    await panel?.close();
  });

  const get = (url: string) => owner.request({ method: 'GET', url });

  it('answers the last day’s figures from the seeded plays', async () => {
    const response = await get(`/api/guilds/${guildId}/analytics?range=1d`);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ guildId, range: '1d', plays: 1, listeningHours: 0.5 });
    expect(body.topTracks).toEqual([
      {
        title: 'Song A',
        author: 'Band A',
        uri: 'https://music.example/song-a',
        sourceName: 'http',
        identifier: 'id-song-a',
        plays: 1,
        listeningHours: 0.5,
      },
    ]);
    expect(body.topRequesters).toEqual([
      { userId: ownerId, name: 'Demo Owner', plays: 1, listeningHours: 0.5 },
    ]);
    const busiest = body.busiestHours.filter((h: { plays: number }) => h.plays > 0);
    expect(busiest).toEqual([
      { hour: hoursAfter(seededAt, -2).getUTCHours(), plays: 1, listeningHours: 0.5 },
    ]);
    expect(body.members).toMatchObject({ current: 4, joins: 0, leaves: 1 });
    expect(body.commands).toEqual([
      { command: 'play', uses: 2 },
      { command: 'skip', uses: 1 },
    ]);
  });

  it('widens with the range: 7d, 30d and all count the older plays too', async () => {
    const week = (await get(`/api/guilds/${guildId}/analytics?range=7d`)).json();
    expect(week).toMatchObject({ plays: 3, listeningHours: 1.75 });
    expect(week.topTracks.map((t: { title: string; plays: number }) => [t.title, t.plays])).toEqual([
      ['Song A', 2],
      ['Song B', 1],
    ]);
    expect(week.topArtists).toEqual([
      { artist: 'Band A', plays: 2, listeningHours: 0.75 },
      { artist: 'Band B', plays: 1, listeningHours: 1 },
    ]);
    expect(week.topRequesters.map((r: { userId: string; plays: number }) => [r.userId, r.plays])).toEqual([
      [aliceId, 2],
      [ownerId, 1],
    ]);
    expect(week.members).toMatchObject({ current: 4, joins: 1, leaves: 1 });
    expect(week.members.series.map((d: { memberCount: number }) => d.memberCount).at(-1)).toBe(4);

    const month = (await get(`/api/guilds/${guildId}/analytics?range=30d`)).json();
    expect(month).toMatchObject({ plays: 4, listeningHours: 1.85 });
    expect(month.commands).toContainEqual({ command: 'queue', uses: 1 });
    // The autoplayed track counts as a play but not for any requester.
    expect(month.topRequesters.reduce((sum: number, r: { plays: number }) => sum + r.plays, 0)).toBe(3);

    const all = (await get(`/api/guilds/${guildId}/analytics?range=all`)).json();
    expect(all).toMatchObject({ range: 'all', from: null, plays: 5, listeningHours: 1.95 });
    expect(all.topTracks[0]).toMatchObject({ title: 'Song A', plays: 4 });
  });

  it('defaults to 7d and refuses an unknown range with 400 naming the field', async () => {
    expect((await get(`/api/guilds/${guildId}/analytics`)).json().range).toBe('7d');
    const response = await get(`/api/guilds/${guildId}/analytics?range=2w`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'VALIDATION_FAILED',
      details: [{ path: 'range' }],
      requestId: response.headers['x-request-id'],
    });
    const csv = await get(`/api/guilds/${guildId}/analytics.csv?range=90d`);
    expect(csv.statusCode).toBe(400);
    expect(csv.json().details).toEqual([expect.objectContaining({ path: 'range' })]);
  });

  it('exports the same figures as CSV under the strict rate tier', async () => {
    const response = await get(`/api/guilds/${guildId}/analytics.csv?range=7d`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="analytics-${guildId}-7d.csv"`,
    );
    expect(response.headers['x-ratelimit-limit']).toBe(String(STRICT.max));
    const rows = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('section,rank,key,name,metric,value');
    expect(rows).toContain('totals,,,,plays,3');
    expect(rows).toContain('totals,,,,listening_hours,1.75');
    expect(rows).toContain('top_tracks,1,http:id-song-a,Band A – Song A,plays,2');
    expect(rows).toContain('top_artists,2,Band B,Band B,listening_hours,1');
    expect(rows).toContain(`top_requesters,2,${ownerId},Demo Owner,plays,1`);
    expect(rows).toContain('commands,1,play,play,uses,2');
    const json = await get(`/api/guilds/${guildId}/analytics?range=7d`);
    expect(json.headers['x-ratelimit-limit']).toBe(String(NORMAL.max));
  });

  it('redirects format=csv to the CSV export with the same range', async () => {
    const response = await get(`/api/guilds/${guildId}/analytics?range=30d&format=csv`);
    expect(response.statusCode).toBe(307);
    expect(response.headers.location).toBe(`/api/guilds/${guildId}/analytics.csv?range=30d`);
  });

  it('describes both routes in the OpenAPI document', async () => {
    const document = (await panel.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const analytics = document.paths['/api/guilds/{guildId}/analytics'].get;
    expect(Object.keys(analytics.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404']),
    );
    expect(analytics.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['range', 'format', 'guildId']),
    );
    expect(document.paths['/api/guilds/{guildId}/analytics.csv'].get.tags).toEqual(['analytics']);
  });
});
