import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  activeFilterNames,
  encodeTrack,
  errorResponseSchema,
  type Filters,
  filtersSchema,
  infoSchema,
  loadResultSchema,
  parseVersion,
  playerSchema,
  playerUpdateSchema,
  type ServerMessage,
  serverMessageSchema,
  sessionSchema,
  sessionUpdateSchema,
  statsSchema,
  type Track,
  type TrackInfo,
  trackChangeOf,
} from './index.ts';

const info: TrackInfo = {
  identifier: 'https://example.org/a.mp3',
  isSeekable: true,
  author: 'Unknown artist',
  length: 185_000,
  isStream: false,
  position: 0,
  title: 'a.mp3',
  uri: 'https://example.org/a.mp3',
  artworkUrl: null,
  isrc: null,
  sourceName: 'http',
};
const track: Track = { encoded: encodeTrack(info), info, pluginInfo: {}, userData: { requester: '42' } };
const guildId = '817327181659111454';

/** JSON on the wire and back through the schema must give the same value. */
function roundTrip<T>(schema: z.ZodType<T>, value: T): T {
  return schema.parse(JSON.parse(JSON.stringify(value)));
}

describe('websocket messages round-trip through serverMessageSchema', () => {
  const messages: ServerMessage[] = [
    { op: 'ready', resumed: false, sessionId: 'xtaug914v9k5032f' },
    {
      op: 'playerUpdate',
      guildId,
      state: { time: 1_500_467_109, position: 60_000, connected: true, ping: 50 },
    },
    {
      op: 'stats',
      players: 1,
      playingPlayers: 1,
      uptime: 123_456_789,
      memory: { free: 1, used: 2, allocated: 3, reservable: 4 },
      cpu: { cores: 4, systemLoad: 0.5, lavalinkLoad: 0.25 },
      frameStats: { sent: 6000, nulled: 10, deficit: -3010 },
    },
    {
      op: 'stats',
      players: 0,
      playingPlayers: 0,
      uptime: 1,
      memory: { free: 1, used: 2, allocated: 3, reservable: 4 },
      cpu: { cores: 2, systemLoad: 0, lavalinkLoad: 0 },
    },
    { op: 'event', type: 'TrackStartEvent', guildId, track },
    { op: 'event', type: 'TrackEndEvent', guildId, track, reason: 'finished' },
    {
      op: 'event',
      type: 'TrackExceptionEvent',
      guildId,
      track,
      exception: { message: 'connection reset', severity: 'suspicious', cause: 'Error: ECONNRESET' },
    },
    { op: 'event', type: 'TrackStuckEvent', guildId, track, thresholdMs: 10_000 },
    {
      op: 'event',
      type: 'WebSocketClosedEvent',
      guildId,
      code: 4006,
      reason: 'Your session is no longer valid.',
      byRemote: true,
    },
  ];

  for (const message of messages) {
    const label = message.op === 'event' ? message.type : message.op;
    it(`${label}`, () => {
      expect(roundTrip(serverMessageSchema, message)).toEqual(message);
    });
  }

  it('every track end reason is accepted, an unknown one is not', () => {
    for (const reason of ['finished', 'loadFailed', 'stopped', 'replaced', 'cleanup'] as const) {
      expect(
        roundTrip(serverMessageSchema, { op: 'event', type: 'TrackEndEvent', guildId, track, reason }),
      ).toBeTruthy();
    }
    const bad = serverMessageSchema.safeParse({
      op: 'event',
      type: 'TrackEndEvent',
      guildId,
      track,
      reason: 'FINISHED',
    });
    expect(bad.success).toBe(false);
  });

  it('rejects an unknown op and an unknown event type', () => {
    expect(serverMessageSchema.safeParse({ op: 'play', guildId }).success).toBe(false);
    expect(serverMessageSchema.safeParse({ op: 'event', type: 'TrackPausedEvent', guildId }).success).toBe(
      false,
    );
  });
});

describe('REST bodies round-trip', () => {
  it('load results of every type', () => {
    const results: z.infer<typeof loadResultSchema>[] = [
      { loadType: 'track', data: track },
      {
        loadType: 'playlist',
        data: { info: { name: 'Mix', selectedTrack: -1 }, pluginInfo: {}, tracks: [track, track] },
      },
      { loadType: 'search', data: [track] },
      { loadType: 'empty', data: {} },
      {
        loadType: 'error',
        data: { message: 'Something went wrong', severity: 'fault', cause: 'Error: boom' },
      },
    ];
    for (const result of results) expect(roundTrip(loadResultSchema, result)).toEqual(result);
    expect(loadResultSchema.safeParse({ loadType: 'empty', data: { x: 1 } }).success).toBe(false);
  });

  it('player, session, info, stats and error objects', () => {
    const player = {
      guildId,
      track,
      volume: 100,
      paused: false,
      state: { time: 1, position: 0, connected: false, ping: -1 },
      voice: { token: '', endpoint: '', sessionId: '' },
      filters: { volume: 1, equalizer: [{ band: 0, gain: 0.2 }] },
    };
    expect(roundTrip(playerSchema, player)).toEqual(player);
    expect(roundTrip(playerSchema, { ...player, track: null })).toEqual({ ...player, track: null });
    expect(roundTrip(sessionSchema, { resuming: true, timeout: 60 })).toEqual({
      resuming: true,
      timeout: 60,
    });
    const nodeInfo = {
      version: parseVersion('4.0.0-gramophone+abc.1'),
      buildTime: 1_664_223_916_812,
      git: { branch: 'main', commit: '85c5ab5', commitTime: 1_664_223_916_812 },
      jvm: '20.20.2',
      lavaplayer: 'gramophone/0.1.0',
      sourceManagers: ['http', 'local'],
      filters: ['volume', 'equalizer'],
      plugins: [],
    };
    expect(roundTrip(infoSchema, nodeInfo)).toEqual(nodeInfo);
    expect(nodeInfo.version).toEqual({
      semver: '4.0.0-gramophone+abc.1',
      major: 4,
      minor: 0,
      patch: 0,
      preRelease: 'gramophone',
      build: 'abc.1',
    });
    const stats = {
      players: 0,
      playingPlayers: 0,
      uptime: 5,
      memory: { free: 1, used: 2, allocated: 3, reservable: 4 },
      cpu: { cores: 1, systemLoad: 0.1, lavalinkLoad: 0.01 },
    };
    expect(roundTrip(statsSchema, stats)).toEqual(stats);
    const error = {
      timestamp: 1,
      status: 404,
      error: 'Not Found',
      message: 'Session not found',
      path: '/v4/x',
    };
    expect(roundTrip(errorResponseSchema, error)).toEqual(error);
    expect(() => parseVersion('4.0')).toThrow(/semantic version/);
  });
});

describe('the Update Player body', () => {
  it('tells an omitted key from null', () => {
    const omitted = playerUpdateSchema.parse({ volume: 50 });
    expect('endTime' in omitted).toBe(false);
    expect(trackChangeOf(omitted)).toEqual({ kind: 'none' });

    const cleared = playerUpdateSchema.parse({ endTime: null });
    expect('endTime' in cleared && cleared.endTime === null).toBe(true);

    expect(trackChangeOf(playerUpdateSchema.parse({ track: { encoded: null } }))).toEqual({ kind: 'stop' });
    expect(trackChangeOf(playerUpdateSchema.parse({ encodedTrack: null }))).toEqual({ kind: 'stop' });
  });

  it('folds the deprecated encodedTrack/identifier into the track change', () => {
    expect(trackChangeOf(playerUpdateSchema.parse({ encodedTrack: track.encoded }))).toEqual({
      kind: 'encoded',
      encoded: track.encoded,
    });
    expect(trackChangeOf(playerUpdateSchema.parse({ identifier: 'x.mp3' }))).toEqual({
      kind: 'identifier',
      identifier: 'x.mp3',
    });
    expect(
      trackChangeOf(playerUpdateSchema.parse({ track: { identifier: 'y', userData: { a: 1 } } })),
    ).toEqual({
      kind: 'identifier',
      identifier: 'y',
      userData: { a: 1 },
    });
    expect(trackChangeOf(playerUpdateSchema.parse({ track: { userData: { a: 1 } } }))).toEqual({
      kind: 'none',
      userData: { a: 1 },
    });
  });

  it('rejects contradictions and out-of-range values with a message naming the problem', () => {
    const cases: [unknown, RegExp][] = [
      [{ track: { encoded: 'x' }, encodedTrack: 'x' }, /both track and encodedTrack/],
      [{ track: { encoded: 'x', identifier: 'y' } }, /both encoded track and identifier/],
      [{ encodedTrack: 'x', identifier: 'y' }, /both encoded track and identifier/],
      [{ endTime: 0 }, /end time must be greater than 0/],
      [{ volume: 1001 }, /1000/],
      [{ volume: 50.5 }, /int/i],
      [{ position: -1 }, />=0/],
      [{ paused: 'yes' }, /boolean/],
      [{ voice: { token: 't', endpoint: '', sessionId: 's' } }, /partial voice state: endpoint/],
    ];
    for (const [body, message] of cases) {
      const result = playerUpdateSchema.safeParse(body);
      expect(result.success, JSON.stringify(body)).toBe(false);
      expect(result.error?.issues.map((issue) => issue.message).join('; ')).toMatch(message);
    }
  });

  it('accepts a voice update with the channel id some clients add', () => {
    const voice = { token: 't', endpoint: 'e:1', sessionId: 's', channelId: '1' };
    expect(playerUpdateSchema.parse({ voice }).voice).toEqual(voice);
  });

  it('session updates take resuming and a whole number of seconds', () => {
    expect(sessionUpdateSchema.parse({ resuming: true, timeout: 30 })).toEqual({
      resuming: true,
      timeout: 30,
    });
    expect(sessionUpdateSchema.safeParse({ timeout: 1.5 }).success).toBe(false);
  });
});

describe('filters', () => {
  it("accepts the example of Lavalink's docs", () => {
    const example: Filters = {
      volume: 1.0,
      equalizer: [{ band: 0, gain: 0.2 }],
      karaoke: { level: 1.0, monoLevel: 1.0, filterBand: 220.0, filterWidth: 100.0 },
      timescale: { speed: 1.0, pitch: 1.0, rate: 1.0 },
      tremolo: { frequency: 2.0, depth: 0.5 },
      vibrato: { frequency: 2.0, depth: 0.5 },
      rotation: { rotationHz: 0 },
      distortion: {
        sinOffset: 0,
        sinScale: 1,
        cosOffset: 0,
        cosScale: 1,
        tanOffset: 0,
        tanScale: 1,
        offset: 0,
        scale: 1,
      },
      channelMix: { leftToLeft: 1, leftToRight: 0, rightToLeft: 0, rightToRight: 1 },
      lowPass: { smoothing: 20 },
      pluginFilters: { myPlugin: { myPluginKey: 'myPluginValue' } },
    };
    expect(roundTrip(filtersSchema, example)).toEqual(example);
    expect(activeFilterNames(example)).toHaveLength(10);
  });

  it('enforces the documented ranges', () => {
    const bad: unknown[] = [
      { volume: 5.01 },
      { volume: -0.1 },
      { equalizer: [{ band: 15, gain: 0 }] },
      { equalizer: [{ band: 0, gain: -0.26 }] },
      { equalizer: [{ band: 0, gain: 1.01 }] },
      { vibrato: { frequency: 14.5 } },
      { vibrato: { depth: 0 } },
      { vibrato: { depth: 1.1 } },
      { tremolo: { frequency: 0 } },
      { channelMix: { leftToRight: 1.5 } },
      { karaoke: { level: 2 } },
      { timescale: { speed: -1 } },
      { lowPass: { smoothing: -1 } },
    ];
    for (const filters of bad)
      expect(filtersSchema.safeParse(filters).success, JSON.stringify(filters)).toBe(false);
  });

  it('treats null as off, and drops keys it does not know (NodeLink-only filters)', () => {
    const parsed = filtersSchema.parse({ karaoke: null, echo: { delay: 1 } });
    expect(parsed).toEqual({ karaoke: null });
    expect(activeFilterNames(parsed)).toEqual([]);
  });
});
