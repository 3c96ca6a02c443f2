import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeTrack } from '../../../test/audio/support/fake-node-parts.ts';
import {
  errorMessage,
  eventually,
  isEvent,
  RecordingClient,
  startTestNode,
  type TestNode,
} from '../../../test/audio/support/harness.ts';
import { type Player, playerSchema } from '../../lavalink/index.ts';

const GUILD_A = '111111111111111111';
const GUILD_B = '222222222222222222';
const voice = { token: 'voice-token', endpoint: 'voice.example:443', sessionId: 'discord-session' };

let node: TestNode;
let client: RecordingClient;
let sessionId: string;

beforeEach(async () => {
  node = await startTestNode({ supportedFilters: ['volume', 'equalizer', 'timescale', 'lowPass'] });
  client = await RecordingClient.connect(node);
  sessionId = (await client.ready()).sessionId;
});

afterEach(async () => {
  await client.close();
  await node.server.close();
});

async function patch(guildId: string, body: unknown, query = ''): Promise<Response> {
  return node.rest('PATCH', `/v4/sessions/${sessionId}/players/${guildId}${query}`, body);
}

async function patchOk(guildId: string, body: unknown, query = ''): Promise<Player> {
  const response = await patch(guildId, body, query);
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).toBe(200);
  return playerSchema.parse(json);
}

describe('playing through PATCH', () => {
  it('connects voice, starts the track and answers the player object', async () => {
    const track = fakeTrack('https://example.org/song.mp3');
    const player = await patchOk(GUILD_A, {
      voice,
      track: { encoded: track.encoded, userData: { by: 'me' } },
    });
    expect(player).toMatchObject({
      guildId: GUILD_A,
      // The fake opens at once, so the track may already be a millisecond in.
      track: {
        encoded: track.encoded,
        info: { ...track.info, position: expect.any(Number) },
        userData: { by: 'me' },
      },
      volume: 100,
      paused: false,
      voice: { token: 'voice-token', endpoint: 'voice.example:443', sessionId: 'discord-session' },
      filters: {},
    });
    const engine = node.engines.engine(GUILD_A);
    expect(engine.voiceUpdates[0]).toMatchObject({
      guildId: GUILD_A,
      userId: '900000000000000001',
      ...voice,
    });

    const start = await client.waitFor(isEvent('TrackStartEvent', GUILD_A));
    expect(start.track).toMatchObject({ encoded: track.encoded, userData: { by: 'me' } });
    const update = await client.waitFor(
      (m): m is Extract<typeof m, { op: 'playerUpdate' }> => m.op === 'playerUpdate' && m.state.connected,
    );
    expect(update).toMatchObject({ guildId: GUILD_A, state: { connected: true, ping: 12 } });
    expect((await patchOk(GUILD_A, {})).state.connected).toBe(true);
  });

  it('sends playerUpdate periodically while a track plays, with a growing position', async () => {
    await patchOk(GUILD_A, { voice, encodedTrack: fakeTrack('https://example.org/p.mp3').encoded });
    await client.waitFor(isEvent('TrackStartEvent'));
    const from = client.messages.length;
    await eventually(() => {
      const updates = client.messages.slice(from).filter((m) => m.op === 'playerUpdate');
      expect(updates.length).toBeGreaterThanOrEqual(3);
    });
    const positions = client.messages
      .slice(from)
      .flatMap((m) => (m.op === 'playerUpdate' ? [m.state.position] : []));
    expect(positions.at(-1)).toBeGreaterThan(positions[0] ?? 0);
  });

  it('pauses, seeks, sets the volume, end time and filters', async () => {
    await patchOk(GUILD_A, { voice, track: { encoded: fakeTrack('https://example.org/q.mp3').encoded } });
    await client.waitFor(isEvent('TrackStartEvent'));
    const engine = node.engines.engine(GUILD_A);

    expect((await patchOk(GUILD_A, { paused: true })).paused).toBe(true);
    const seeked = await patchOk(GUILD_A, { position: 30_000 });
    expect(seeked.state.position).toBe(30_000);
    expect(seeked.track?.info.position).toBe(30_000);
    expect((await patchOk(GUILD_A, { volume: 250 })).volume).toBe(250);
    await patchOk(GUILD_A, { endTime: 45_000 });
    await patchOk(GUILD_A, { endTime: null });
    await patchOk(GUILD_A, { paused: false });
    const filters = { volume: 0.8, equalizer: [{ band: 3, gain: 0.25 }], timescale: { speed: 1.25 } };
    expect((await patchOk(GUILD_A, { filters })).filters).toEqual(filters);

    expect(engine.calls).toEqual([
      'connectVoice',
      'play',
      'paused:true',
      'seek:30000',
      'volume:250',
      'endTime:45000',
      'endTime:null',
      'paused:false',
      'filters',
    ]);
    expect(engine.volume).toBe(250);
    expect(engine.filtersApplied).toEqual(filters);
  });

  it('passes the position, end time and paused state of a new track to the engine', async () => {
    const track = fakeTrack('https://example.org/r.mp3');
    const player = await patchOk(GUILD_A, {
      track: { encoded: track.encoded },
      position: 5000,
      endTime: 9000,
      paused: true,
    });
    expect(player.paused).toBe(true);
    await client.waitFor(isEvent('TrackStartEvent'));
    const engine = node.engines.engine(GUILD_A);
    expect(engine.position).toBe(5000);
    expect(engine.endTime).toBe(9000);
    expect(engine.paused).toBe(true);
    expect(engine.calls).toEqual(['play']);
  });

  it('replaces, refuses to replace with noReplace, then stops with encoded: null', async () => {
    const first = fakeTrack('https://example.org/1.mp3');
    const second = fakeTrack('https://example.org/2.mp3');
    await patchOk(GUILD_A, { track: { encoded: first.encoded } });
    await client.waitFor(isEvent('TrackStartEvent'));

    const kept = await patchOk(GUILD_A, { track: { encoded: second.encoded } }, '?noReplace=true');
    expect(kept.track?.encoded).toBe(first.encoded);

    await patchOk(GUILD_A, { track: { encoded: second.encoded } }, '?noReplace=false');
    const replaced = await client.waitFor(isEvent('TrackEndEvent'));
    expect(replaced).toMatchObject({ reason: 'replaced', track: { encoded: first.encoded } });

    const stopped = await patchOk(GUILD_A, { track: { encoded: null } });
    expect(stopped.track).toBeNull();
    const ends = client.events(GUILD_A).filter((e) => e.type === 'TrackEndEvent');
    expect(ends.map((e) => (e.type === 'TrackEndEvent' ? [e.track.encoded, e.reason] : []))).toEqual([
      [first.encoded, 'replaced'],
      [second.encoded, 'stopped'],
    ]);
  });

  it('ends a short track with finished', async () => {
    await patchOk(GUILD_A, { track: { encoded: fakeTrack('https://example.org/short.mp3', 150).encoded } });
    const end = await client.waitFor(isEvent('TrackEndEvent'));
    expect(end.reason).toBe('finished');
  });

  it('loads an identifier that is one track; a playlist, search, empty or error is refused', async () => {
    const track = fakeTrack('https://example.org/id.mp3');
    node.sources.results.set('one', { loadType: 'track', data: track });
    node.sources.results.set('list', {
      loadType: 'playlist',
      data: { info: { name: 'L', selectedTrack: -1 }, pluginInfo: {}, tracks: [track] },
    });
    node.sources.results.set('search', { loadType: 'search', data: [track] });
    node.sources.results.set('fails', {
      loadType: 'error',
      data: {
        message: 'Could not reach example.org: connection refused',
        severity: 'common',
        cause: 'ECONNREFUSED',
      },
    });

    const played = await patchOk(GUILD_A, { track: { identifier: 'one', userData: { n: 1 } } });
    expect(played.track).toMatchObject({ encoded: track.encoded, userData: { n: 1 } });
    for (const [identifier, status, message] of [
      ['list', 400, /playlist or search result/],
      ['search', 400, /playlist or search result/],
      ['nothing', 400, /No matches found/],
      ['fails', 500, /connection refused/],
    ] as const) {
      const response = await patch(GUILD_B, { identifier });
      expect(response.status, identifier).toBe(status);
      expect(await errorMessage(response)).toMatch(message);
    }
    // A refused track creates no player.
    expect((await node.rest('GET', `/v4/sessions/${sessionId}/players/${GUILD_B}`)).status).toBe(404);
  });

  it('updates the userData of the current track without a new track', async () => {
    await patchOk(GUILD_A, { track: { encoded: fakeTrack('https://example.org/u.mp3').encoded } });
    await client.waitFor(isEvent('TrackStartEvent'));
    const player = await patchOk(GUILD_A, { track: { userData: { skipVotes: 2 } } });
    expect(player.track?.userData).toEqual({ skipVotes: 2 });
    await patchOk(GUILD_A, { track: { encoded: null } });
    const end = await client.waitFor(isEvent('TrackEndEvent'));
    expect(end.track.userData).toEqual({ skipVotes: 2 });
  });

  it('reports a track that fails to open as TrackException + TrackEnd(loadFailed), replacing the old one', async () => {
    const good = fakeTrack('https://example.org/good.mp3');
    await patchOk(GUILD_A, { track: { encoded: good.encoded } });
    await client.waitFor(isEvent('TrackStartEvent'));
    const broken = fakeTrack('https://example.org/broken.mp3');
    // Opening takes a moment, as over a network: the answer shows the new track meanwhile.
    node.sources.openDelayMs = 100;
    const answer = await patchOk(GUILD_A, { track: { encoded: broken.encoded } });
    expect(answer.track?.encoded).toBe(broken.encoded);

    const exception = await client.waitFor(isEvent('TrackExceptionEvent'));
    expect(exception.exception).toEqual({
      message: 'Could not open https://example.org/broken.mp3',
      severity: 'common',
      cause: 'ECONNREFUSED: connect failed',
    });
    await eventually(() => {
      const ends = client
        .events(GUILD_A)
        .flatMap((e) => (e.type === 'TrackEndEvent' ? [[e.track.encoded, e.reason]] : []));
      expect(ends).toEqual([
        [good.encoded, 'replaced'],
        [broken.encoded, 'loadFailed'],
      ]);
    });
    expect((await patchOk(GUILD_A, {})).track).toBeNull();
    const metrics = await node.registry.getSingleMetricAsString('gramophone_audio_load_failures_total');
    expect(metrics).toMatch(/gramophone_audio_load_failures_total\{source="http"\} 1/);
  });

  it('maps voice closes and stuck tracks to Lavalink events', async () => {
    await patchOk(GUILD_A, { voice, track: { encoded: fakeTrack('https://example.org/v.mp3').encoded } });
    const start = await client.waitFor(isEvent('TrackStartEvent'));
    const engine = node.engines.engine(GUILD_A);
    engine.closeVoice(4006, 'Session no longer valid');
    engine.emit('trackStuck', start.track, 10_000);
    engine.emit('trackException', start.track, {
      message: 'decoder hiccup',
      severity: 'suspicious',
      cause: 'x',
    });
    expect(await client.waitFor(isEvent('WebSocketClosedEvent'))).toMatchObject({
      guildId: GUILD_A,
      code: 4006,
      reason: 'Session no longer valid',
      byRemote: true,
    });
    expect((await client.waitFor(isEvent('TrackStuckEvent'))).thresholdMs).toBe(10_000);
    expect((await client.waitFor(isEvent('TrackExceptionEvent'))).exception.message).toBe('decoder hiccup');
    expect((await patchOk(GUILD_A, {})).state).toMatchObject({ connected: false, ping: -1 });
  });

  it('answers 500 when the voice server refuses', async () => {
    const response = await patch(GUILD_A, { voice: { ...voice, endpoint: 'refuse.example:443' } });
    expect(response.status).toBe(500);
    expect(await errorMessage(response)).toMatch(/Failed to connect to voice server: voice server refused/);
  });
});

describe('reading and destroying players', () => {
  it('lists players, gets one, destroys it with a cleanup end', async () => {
    await patchOk(GUILD_A, { track: { encoded: fakeTrack('https://example.org/l.mp3').encoded } });
    await patchOk(GUILD_B, { volume: 10 });
    const list = (await (await node.rest('GET', `/v4/sessions/${sessionId}/players`)).json()) as Player[];
    expect(list.map((p) => playerSchema.parse(p).guildId).sort()).toEqual([GUILD_A, GUILD_B]);
    const one = playerSchema.parse(
      await (await node.rest('GET', `/v4/sessions/${sessionId}/players/${GUILD_B}`)).json(),
    );
    expect(one.volume).toBe(10);

    await client.waitFor(isEvent('TrackStartEvent'));
    const deleted = await node.rest('DELETE', `/v4/sessions/${sessionId}/players/${GUILD_A}`);
    expect(deleted.status).toBe(204);
    expect((await client.waitFor(isEvent('TrackEndEvent'))).reason).toBe('cleanup');
    expect(node.engines.engine(GUILD_A).destroyed).toBe(true);
    expect((await node.rest('GET', `/v4/sessions/${sessionId}/players/${GUILD_A}`)).status).toBe(404);
  });

  it('404s an unknown session or player and 400s a bad guild id', async () => {
    for (const [method, path] of [
      ['GET', '/v4/sessions/nope/players'],
      ['GET', '/v4/sessions/nope/players/1'],
      ['PATCH', '/v4/sessions/nope/players/1'],
      ['DELETE', '/v4/sessions/nope/players/1'],
      ['PATCH', '/v4/sessions/nope'],
    ] as const) {
      const response = await node.rest(method, path, method === 'PATCH' ? {} : undefined);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(await errorMessage(response)).toBe('Session not found');
    }
    expect(await errorMessage(await node.rest('GET', `/v4/sessions/${sessionId}/players/1`))).toBe(
      'Player not found',
    );
    expect((await patch('not-a-guild', {})).status).toBe(400);
  });
});

describe('bad input', () => {
  it('names the field of an invalid body, and refuses filters the engine lacks', async () => {
    const cases: [unknown, RegExp][] = [
      [{ volume: 5000 }, /volume: .*1000/],
      [{ filters: { vibrato: { frequency: 20 } } }, /filters\.vibrato\.frequency/],
      [{ filters: { equalizer: [{ band: 20, gain: 0 }] } }, /filters\.equalizer\.0\.band/],
      [{ filters: { karaoke: { level: 0.5 } } }, /not supported by this node: karaoke/],
      [{ endTime: -5 }, /end time must be greater than 0/],
      [{ track: { encoded: 'garbage!' } }, /Failed to decode track/],
      [{ track: { encoded: 'x' }, identifier: 'y' }, /both track and encodedTrack\/identifier/],
    ];
    for (const [body, message] of cases) {
      const response = await patch(GUILD_A, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(await errorMessage(response)).toMatch(message);
    }
    const malformed = await fetch(`${node.baseUrl}/v4/sessions/${sessionId}/players/${GUILD_A}`, {
      method: 'PATCH',
      headers: { Authorization: 'test-password', 'Content-Type': 'application/json' },
      body: '{"volume": 5',
    });
    expect(malformed.status).toBe(400);
  });

  it('answers 400 for values the engine refuses, and keeps a low-pass of 1 or less off', async () => {
    await patchOk(GUILD_A, { volume: 100 });
    const refused = await patch(GUILD_A, { filters: { timescale: { speed: 0 } } });
    expect(refused.status).toBe(400);
    expect(await errorMessage(refused)).toMatch(/timescale\.speed must be > 0/);
    expect((await patchOk(GUILD_A, {})).filters).toEqual({});

    const off = await patchOk(GUILD_A, { filters: { lowPass: { smoothing: 1 }, volume: 0.9 } });
    expect(off.filters).toEqual({ lowPass: { smoothing: 1 }, volume: 0.9 });
    expect(node.engines.engine(GUILD_A).filtersApplied).toEqual({ volume: 0.9 });
  });

  it("leaves another guild's player playing untouched", async () => {
    await patchOk(GUILD_B, {
      voice,
      track: { encoded: fakeTrack('https://example.org/keep.mp3').encoded },
      volume: 80,
    });
    await client.waitFor(isEvent('TrackStartEvent', GUILD_B));
    const engineB = node.engines.engine(GUILD_B);
    const callsBefore = [...engineB.calls];

    node.sources.results.set('https://unreachable.invalid/a.mp3', {
      loadType: 'error',
      data: { message: 'Could not reach unreachable.invalid', severity: 'common', cause: 'ENOTFOUND' },
    });
    expect((await patch(GUILD_A, { identifier: 'https://unreachable.invalid/a.mp3' })).status).toBe(500);
    expect((await patch(GUILD_A, { volume: -1 })).status).toBe(400);
    expect(
      (await patch(GUILD_A, { track: { encoded: fakeTrack('https://example.org/broken.mp3').encoded } }))
        .status,
    ).toBe(200);
    await client.waitFor(isEvent('TrackEndEvent', GUILD_A));

    const playerB = playerSchema.parse(
      await (await node.rest('GET', `/v4/sessions/${sessionId}/players/${GUILD_B}`)).json(),
    );
    expect(playerB).toMatchObject({
      paused: false,
      volume: 80,
      track: { info: { identifier: 'https://example.org/keep.mp3' } },
    });
    expect(engineB.calls).toEqual(callsBefore);
    expect(engineB.track).not.toBeNull();
    expect(client.events(GUILD_B).map((e) => e.type)).toEqual(['TrackStartEvent']);
  });
});
