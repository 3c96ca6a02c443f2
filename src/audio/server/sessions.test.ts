import { afterEach, describe, expect, it } from 'vitest';
import { fakeTrack } from '../../../test/audio/support/fake-node-parts.ts';
import {
  errorMessage,
  eventually,
  isEvent,
  RecordingClient,
  startTestNode,
  type TestNode,
} from '../../../test/audio/support/harness.ts';
import type { ServerMessage } from '../../lavalink/index.ts';

const GUILD = '333333333333333333';
let node: TestNode | undefined;
const clients: RecordingClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await node?.server.close();
  node = undefined;
});

async function connect(current: TestNode, headers: Record<string, string> = {}): Promise<RecordingClient> {
  const client = await RecordingClient.connect(current, headers);
  clients.push(client);
  return client;
}

async function startPlaying(current: TestNode, sessionId: string, length = 60_000) {
  const track = fakeTrack(`https://example.org/${length}.mp3`, length);
  const response = await current.rest('PATCH', `/v4/sessions/${sessionId}/players/${GUILD}`, {
    track: { encoded: track.encoded },
  });
  expect(response.status).toBe(200);
  return track;
}

describe('session settings', () => {
  it('PATCH /v4/sessions/{id} sets resuming and the timeout (60 s by default)', async () => {
    node = await startTestNode();
    const client = await connect(node);
    const { sessionId, resumed } = await client.ready();
    expect(resumed).toBe(false);
    expect(sessionId).toMatch(/^[a-z0-9]{16}$/);
    const unchanged = await node.rest('PATCH', `/v4/sessions/${sessionId}`, {});
    expect(await unchanged.json()).toEqual({ resuming: false, timeout: 60 });
    const set = await node.rest('PATCH', `/v4/sessions/${sessionId}`, { resuming: true, timeout: 30 });
    expect(await set.json()).toEqual({ resuming: true, timeout: 30 });
    const bad = await node.rest('PATCH', `/v4/sessions/${sessionId}`, { timeout: -1 });
    expect(bad.status).toBe(400);
    expect(await errorMessage(bad)).toMatch(/timeout/);
  });
});

describe('disconnects', () => {
  it('without resuming, destroys the players as soon as the socket drops', async () => {
    node = await startTestNode();
    const client = await connect(node);
    const { sessionId } = await client.ready();
    await startPlaying(node, sessionId);
    await client.waitFor(isEvent('TrackStartEvent'));
    await client.close();
    const engine = node.engines.engine(GUILD);
    await eventually(() => expect(engine.destroyed).toBe(true));
    expect((await node.rest('GET', `/v4/sessions/${sessionId}/players`)).status).toBe(404);
  });

  it('with resuming, keeps playing, queues events and replays them in order on resume', async () => {
    node = await startTestNode();
    const first = await connect(node);
    const { sessionId } = await first.ready();
    await node.rest('PATCH', `/v4/sessions/${sessionId}`, { resuming: true, timeout: 10 });
    const short = await startPlaying(node, sessionId, 300);
    await first.waitFor(isEvent('TrackStartEvent'));
    await first.close();

    // While away: the short track finishes, then another is started over REST and stopped.
    const engine = node.engines.engine(GUILD);
    await eventually(() => expect(engine.track).toBeNull());
    const next = await startPlaying(node, sessionId);
    await eventually(() => expect(engine.track?.encoded).toBe(next.encoded));
    await node.rest('PATCH', `/v4/sessions/${sessionId}/players/${GUILD}`, { track: { encoded: null } });
    await startPlaying(node, sessionId);
    expect(engine.destroyed).toBe(false);

    const second = await connect(node, { 'Session-Id': sessionId });
    expect(second.upgradeHeaders['session-resumed']).toBe('true');
    const ready = await second.ready();
    expect(ready).toEqual({ op: 'ready', resumed: true, sessionId });
    await second.waitFor((m): m is Extract<ServerMessage, { op: 'playerUpdate' }> => m.op === 'playerUpdate');
    const replayed = second
      .events()
      .map((e) => (e.type === 'TrackEndEvent' ? `${e.type}:${e.reason}` : e.type));
    expect(replayed).toEqual([
      'TrackEndEvent:finished',
      'TrackStartEvent',
      'TrackEndEvent:stopped',
      'TrackStartEvent',
    ]);
    expect(second.events()[0]).toMatchObject({ track: { encoded: short.encoded } });
    // The ready op comes first; stale playerUpdate/stats were not queued.
    expect(second.messages[0]?.op).toBe('ready');
    const players = (await (await node.rest('GET', `/v4/sessions/${sessionId}/players`)).json()) as unknown[];
    expect(players).toHaveLength(1);
  });

  it('destroys a resumable session once its timeout passes', async () => {
    node = await startTestNode();
    const client = await connect(node);
    const { sessionId } = await client.ready();
    await node.rest('PATCH', `/v4/sessions/${sessionId}`, { resuming: true, timeout: 1 });
    await startPlaying(node, sessionId);
    await client.waitFor(isEvent('TrackStartEvent'));
    const engine = node.engines.engine(GUILD);
    // Measured from before the close: the node starts its timer only once it sees the socket
    // drop, and a timer never fires early, so however late this machine runs, the players
    // cannot be gone sooner than the 1 s timeout after this moment.
    const closedAt = performance.now();
    await client.close();
    expect(engine.destroyed).toBe(false);
    await eventually(() => expect(engine.destroyed).toBe(true), 10_000);
    // Timers have millisecond resolution: allow that much.
    expect(performance.now() - closedAt).toBeGreaterThanOrEqual(1_000 - 2);

    const late = await connect(node, { 'Session-Id': sessionId });
    expect(late.upgradeHeaders['session-resumed']).toBe('false');
    const ready = await late.ready();
    expect(ready.resumed).toBe(false);
    expect(ready.sessionId).not.toBe(sessionId);
  });

  it('hands a guild over to a new session when the old one waits for a resume', async () => {
    node = await startTestNode();
    const first = await connect(node);
    const { sessionId: oldId } = await first.ready();
    await node.rest('PATCH', `/v4/sessions/${oldId}`, { resuming: true });
    await startPlaying(node, oldId);
    await first.waitFor(isEvent('TrackStartEvent'));
    await first.close();
    const oldEngine = node.engines.engine(GUILD);

    // The client reconnects without Session-Id (a new session) and plays in the same guild.
    const second = await connect(node);
    const { sessionId: newId } = await second.ready();
    await startPlaying(node, newId);
    expect(oldEngine.destroyed).toBe(true);
    expect(node.engines.engine(GUILD)).not.toBe(oldEngine);
    const oldPlayers = await node.rest('GET', `/v4/sessions/${oldId}/players`);
    expect(await oldPlayers.json()).toEqual([]);
  });

  it("does not resume another bot's session", async () => {
    node = await startTestNode();
    const client = await connect(node);
    const { sessionId } = await client.ready();
    await node.rest('PATCH', `/v4/sessions/${sessionId}`, { resuming: true });
    await client.close();
    const other = await connect(node, { 'Session-Id': sessionId, 'User-Id': '123' });
    expect((await other.ready()).resumed).toBe(false);
  });
});

describe('stats', () => {
  it('sends stats at once without frameStats, then with frame figures per player per minute', async () => {
    node = await startTestNode({ statsIntervalMs: 400 });
    const client = await connect(node);
    const { sessionId } = await client.ready();
    const isStats = (m: ServerMessage): m is Extract<ServerMessage, { op: 'stats' }> => m.op === 'stats';
    const first = await client.waitFor(isStats);
    expect(first).not.toHaveProperty('frameStats');
    await startPlaying(node, sessionId);
    await client.waitFor(isEvent('TrackStartEvent'));

    // The first tick with the player playing takes its snapshot; the next has a whole interval.
    await eventually(
      () => expect(client.messages.filter(isStats).some((s) => s.frameStats)).toBe(true),
      3000,
    );
    const withFrames = client.messages.filter(isStats).find((s) => s.frameStats);
    expect(withFrames).toMatchObject({ players: 1, playingPlayers: 1 });
    // The fake sends one frame per 20 ms: about 3000 a minute, nothing nulled, a small deficit.
    expect(withFrames?.frameStats?.sent).toBeGreaterThan(2500);
    expect(withFrames?.frameStats?.sent).toBeLessThan(3300);
    expect(withFrames?.frameStats?.nulled).toBe(0);
    expect(Math.abs(withFrames?.frameStats?.deficit ?? 9999)).toBeLessThan(500);
  });
});

describe('metrics', () => {
  it('exposes players, playing players, frames and ffmpeg processes on the registry', async () => {
    node = await startTestNode();
    const client = await connect(node);
    const { sessionId } = await client.ready();
    await startPlaying(node, sessionId);
    await node.rest('PATCH', `/v4/sessions/${sessionId}/players/444444444444444444`, { volume: 5 });
    await client.waitFor(isEvent('TrackStartEvent'));
    await new Promise((done) => setTimeout(done, 200));

    const text = await node.registry.metrics();
    expect(text).toMatch(/^gramophone_audio_players 2$/m);
    expect(text).toMatch(/^gramophone_audio_playing_players 1$/m);
    expect(text).toMatch(/^gramophone_audio_ffmpeg_processes 1$/m);
    const sent = Number(/^gramophone_audio_frames_total\{kind="sent"\} (\d+)$/m.exec(text)?.[1]);
    expect(sent).toBeGreaterThan(5);
    expect(text).toMatch(/^gramophone_audio_frames_total\{kind="nulled"\} 0$/m);

    // Frames of a destroyed player stay counted.
    await node.rest('DELETE', `/v4/sessions/${sessionId}/players/${GUILD}`);
    const after = await node.registry.metrics();
    expect(
      Number(/^gramophone_audio_frames_total\{kind="sent"\} (\d+)$/m.exec(after)?.[1]),
    ).toBeGreaterThanOrEqual(sent);
    expect(after).toMatch(/^gramophone_audio_players 1$/m);
  });
});
