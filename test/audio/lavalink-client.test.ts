/**
 * Conformance: the audio node driven by lavalink-client (unmodified), playing into the Discord
 * emulator's voice server, through the audio role exactly as `gramophone start` runs it.
 */
import { LavalinkManager, type LavalinkNode, type Player, type Track } from 'lavalink-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dominantFrequency } from '../../src/emulators/discord/voice/index.ts';
import { playerSchema, type Player as WirePlayer } from '../../src/lavalink/index.ts';
import { CATCH_UP_MS } from '../audio-playback/support.ts';
import { BOT_ID, type ConformanceNode, startConformanceNode, until } from './support/conformance-node.ts';
import { voiceBridge } from './support/voice-bridge.ts';

const GUILD = '710000000000000001';
const OTHER_GUILD = '710000000000000002';
const CHANNEL = '720000000000000001';

let node: ConformanceNode;
let manager: LavalinkManager;
let lavalink: LavalinkNode;
const events: { type: string; guildId: string; reason?: string; title?: string }[] = [];

beforeAll(async () => {
  node = await startConformanceNode();
  // The bridge builds Discord's dispatches; lavalink-client types them as its own packet shapes.
  const bridge = voiceBridge(node.voice, BOT_ID, (packet) =>
    manager.sendRawData(packet as unknown as Parameters<LavalinkManager['sendRawData']>[0]),
  );
  manager = new LavalinkManager({
    nodes: [
      { id: 'gramophone', host: node.host, port: node.port, authorization: node.password, retryAmount: 2 },
    ],
    sendToShard: (_guildId, payload) => bridge(payload as Parameters<typeof bridge>[0]),
    client: { id: BOT_ID, username: 'Gramophone conformance' },
    autoSkip: true,
    playerOptions: { onDisconnect: { autoReconnect: false, destroyPlayer: false } },
  });
  manager.on('trackStart', (player, track) =>
    events.push({ type: 'start', guildId: player.guildId, title: track?.info.title }),
  );
  // lavalink-client reports the end of the last queued track as queueEnd: the raw event tells the reason.
  manager.nodeManager.on('raw', (_node, payload) => {
    const event = payload as { op?: string; type?: string; guildId: string; reason?: string };
    if (event.op === 'event' && event.type === 'TrackEndEvent') {
      events.push({ type: 'end', guildId: event.guildId, reason: event.reason });
    }
  });
  manager.on('trackError', (player) => events.push({ type: 'error', guildId: player.guildId }));
  await manager.init({ id: BOT_ID, username: 'Gramophone conformance' });
  const first = manager.nodeManager.nodes.get('gramophone');
  if (!first) throw new Error('lavalink-client has no node');
  lavalink = first;
  // `ready` and the /v4/info lavalink-client fetches on open may arrive in either order.
  await until(() => expect(lavalink.sessionId && lavalink.info).toBeTruthy());
}, 90_000);

afterAll(async () => {
  for (const player of manager?.players.values() ?? []) await player.destroy('test over').catch(() => {});
  lavalink?.destroy('test over', true);
  await node?.stop();
});

async function wirePlayer(guildId: string): Promise<WirePlayer> {
  const response = await node.rest('GET', `/v4/sessions/${lavalink.sessionId}/players/${guildId}`);
  expect(response.status).toBe(200);
  return playerSchema.parse(await response.json());
}

/** Paths load with source `local`, URLs with `http` (lavalink-client would add `ytsearch:` otherwise). */
async function search(query: string): Promise<Track> {
  const result = await lavalink.search(
    { query, source: query.startsWith('/') ? 'local' : 'http' },
    { id: 'requester' },
  );
  expect(result.loadType, JSON.stringify(result.exception)).toBe('track');
  const track = result.tracks[0];
  if (!track) throw new Error('no track');
  return track as Track;
}

async function connectedPlayer(guildId: string): Promise<Player> {
  const player = manager.createPlayer({ guildId, voiceChannelId: CHANNEL, selfDeaf: true, volume: 100 });
  await player.connect();
  await until(async () => expect((await wirePlayer(guildId)).state.connected).toBe(true), 20_000);
  return player;
}

describe('lavalink-client against the audio node', () => {
  it('connects, gets ready and reads the node info', () => {
    expect(lavalink.connected).toBe(true);
    expect(lavalink.sessionId).toMatch(/^[a-z0-9]{16}$/);
    expect(lavalink.info?.sourceManagers).toEqual(expect.arrayContaining(['http', 'local']));
    expect(lavalink.info?.filters).toEqual(expect.arrayContaining(['volume', 'equalizer', 'timescale']));
  });

  it('loads a local file and an http URL', async () => {
    const local = await search(`${node.musicDir}/tone-440.ogg`);
    expect(local.info).toMatchObject({ sourceName: 'local', isStream: false });
    expect(local.info.duration).toBeGreaterThan(7000);
    const remote = await search(node.httpUrl('tone-660.mp3'));
    expect(remote.info).toMatchObject({ sourceName: 'http', uri: node.httpUrl('tone-660.mp3') });
  });

  it('plays into Discord voice, then pauses, seeks, changes volume and filters, stops and destroys', async () => {
    const player = await connectedPlayer(GUILD);
    const track = await search(`${node.musicDir}/tone-440.ogg`);
    await player.queue.add(track);
    await player.play();
    await until(() =>
      expect(events).toContainEqual(expect.objectContaining({ type: 'start', guildId: GUILD })),
    );
    await node.voice.waitForPackets(GUILD, 100, 10_000);
    const pcm = node.voice.getPcm(GUILD, { fromMs: 500, toMs: 1500 });
    expect(Math.abs(dominantFrequency(pcm) - 440)).toBeLessThan(15);

    await player.pause();
    expect((await wirePlayer(GUILD)).paused).toBe(true);
    await player.resume();
    expect((await wirePlayer(GUILD)).paused).toBe(false);

    const seekAt = performance.now();
    await player.seek(5000);
    const seeked = await wirePlayer(GUILD);
    // Landed at 5 s, then played on for at most the time the two calls took (measured).
    expect(seeked.state.position).toBeGreaterThanOrEqual(5000);
    expect(seeked.state.position).toBeLessThanOrEqual(5000 + (performance.now() - seekAt) + CATCH_UP_MS);

    await player.setVolume(60);
    expect((await wirePlayer(GUILD)).volume).toBe(60);

    await player.filterManager.setVolume(0.5);
    await player.filterManager.toggleNightcore();
    const filtered = await wirePlayer(GUILD);
    expect(filtered.filters.volume).toBe(0.5);
    expect(filtered.filters.timescale?.speed).toBeGreaterThan(1);

    await player.stopPlaying(true, false);
    await until(() => expect(events).toContainEqual({ type: 'end', guildId: GUILD, reason: 'stopped' }));
    expect((await wirePlayer(GUILD)).track).toBeNull();

    await player.destroy('done');
    const gone = await node.rest('GET', `/v4/sessions/${lavalink.sessionId}/players/${GUILD}`);
    expect(gone.status).toBe(404);
  }, 60_000);

  it('plays an http URL and starts the next queued track when one finishes', async () => {
    const player = await connectedPlayer(OTHER_GUILD);
    const first = await search(node.httpUrl('tone-660.mp3'));
    const second = await search(node.httpUrl('tone-880.flac'));
    await player.queue.add([first, second]);
    const from = events.length;
    await player.play({ position: 6500 });
    // 1.5 s left of the first: it ends `finished` and lavalink-client plays the second.
    await until(() => {
      const mine = events.slice(from).filter((e) => e.guildId === OTHER_GUILD);
      expect(mine.map((e) => e.type + (e.reason ? `:${e.reason}` : ''))).toEqual([
        'start',
        'end:finished',
        'start',
      ]);
    }, 20_000);
    expect((await wirePlayer(OTHER_GUILD)).track?.info.uri).toBe(node.httpUrl('tone-880.flac'));
    await player.destroy('done');
  }, 60_000);

  it('resumes its session: players keep playing while away and are handed back', async () => {
    const player = await connectedPlayer(GUILD);
    await player.queue.add(await search(`${node.musicDir}/tone-440.ogg`));
    await player.play();
    await node.voice.waitForPackets(GUILD, 50, 10_000);
    const sessionId = lavalink.sessionId as string;
    await lavalink.updateSession(true, 60);
    const resumed = new Promise<unknown[]>((resolve) =>
      manager.nodeManager.once('resumed', (_node, _payload, players) => resolve(players as unknown[])),
    );

    lavalink.disconnect('test drop');
    const before = node.voice.getStats(GUILD)?.decrypted ?? 0;
    // Nobody is connected, yet the player still sends audio to Discord: over 20 packets
    // (400 ms of audio), however long a loaded machine takes to get them out.
    await until(() => expect(node.voice.getStats(GUILD)?.decrypted ?? 0).toBeGreaterThan(before + 20));
    expect(lavalink.connected).toBeFalsy();

    lavalink.connect(sessionId);
    const players = await resumed;
    expect(lavalink.sessionId).toBe(sessionId);
    expect(players).toEqual([expect.objectContaining({ guildId: GUILD, paused: false })]);
    await player.destroy('done');
  }, 60_000);
});

describe('bad input leaves other players untouched', () => {
  it('answers each mistake clearly while another guild keeps playing', async () => {
    const player = await connectedPlayer(OTHER_GUILD);
    await player.queue.add(await search(`${node.musicDir}/tone-440.ogg`));
    await player.play();
    await node.voice.waitForPackets(OTHER_GUILD, 25, 10_000);
    const before = await wirePlayer(OTHER_GUILD);

    const unreachable = await lavalink.search(
      { query: node.unreachableUrl, source: 'http' },
      { id: 'requester' },
    );
    expect(unreachable.loadType).toBe('error');
    expect(unreachable.exception?.message).toMatch(/Could not reach 127\.0\.0\.1: connection refused/);

    const outside = await lavalink.search({ query: node.outsideFile, source: 'local' }, { id: 'requester' });
    expect(outside.loadType).toBe('error');
    expect(outside.exception?.message).toMatch(/outside the folders/);

    const wrongPassword = await fetch(`http://${node.host}:${node.port}/v4/info`, {
      headers: { Authorization: 'nope' },
    });
    expect(wrongPassword.status).toBe(401);
    expect((await node.rest('GET', '/v4/sessions/unknown/players')).status).toBe(404);
    const malformed = await fetch(
      `http://${node.host}:${node.port}/v4/sessions/${lavalink.sessionId}/players/${GUILD}`,
      {
        method: 'PATCH',
        headers: { Authorization: node.password, 'Content-Type': 'application/json' },
        body: '{"volume":',
      },
    );
    expect(malformed.status).toBe(400);
    const badVolume = await node.rest('PATCH', `/v4/sessions/${lavalink.sessionId}/players/${GUILD}`, {
      volume: 5000,
    });
    expect(badVolume.status).toBe(400);

    const after = await wirePlayer(OTHER_GUILD);
    expect(after).toMatchObject({
      paused: false,
      volume: before.volume,
      track: { encoded: before.track?.encoded },
    });
    // Still playing: its position moves on (under CPU load a pipeline may take a moment to catch up).
    await until(async () =>
      expect((await wirePlayer(OTHER_GUILD)).state.position).toBeGreaterThan(before.state.position),
    );
    await player.destroy('done');
  }, 60_000);

  it('cannot connect with a wrong password', async () => {
    const stranger = new LavalinkManager({
      nodes: [
        {
          id: 'wrong',
          host: node.host,
          port: node.port,
          authorization: 'wrong',
          retryAmount: 1,
          retryDelay: 100,
        },
      ],
      sendToShard: () => {},
      client: { id: BOT_ID },
    });
    const failure = new Promise<unknown>((resolve) =>
      stranger.nodeManager.once('error', (_node, error) => resolve(error)),
    );
    await stranger.init({ id: BOT_ID });
    expect(String(await failure)).toMatch(/401/);
    stranger.nodeManager.nodes.get('wrong')?.destroy('test over', true);
  });
});
