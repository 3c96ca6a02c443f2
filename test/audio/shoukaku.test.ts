/**
 * Conformance: the audio node driven by shoukaku (unmodified), playing into the Discord
 * emulator's voice server, through the audio role exactly as `gramophone start` runs it.
 */
import { Connector, type NodeOption, type Player, Shoukaku, type Track } from 'shoukaku';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dominantFrequency, type VoiceServer } from '../../src/emulators/discord/voice/index.ts';
import { playerSchema, type Player as WirePlayer } from '../../src/lavalink/index.ts';
import { CATCH_UP_MS } from '../audio-playback/support.ts';
import { BOT_ID, type ConformanceNode, startConformanceNode, until } from './support/conformance-node.ts';
import { type RawVoicePacket, voiceBridge } from './support/voice-bridge.ts';

const GUILD = '730000000000000001';
const OTHER_GUILD = '730000000000000002';
const CHANNEL = '740000000000000001';

/**
 * A shoukaku connector without a Discord library: op 4 goes to the emulator's voice server, and
 * the voice state/server dispatches come back through shoukaku's own `raw` handler.
 */
class EmulatorConnector extends Connector {
  private readonly bridge: ReturnType<typeof voiceBridge>;

  constructor(voice: VoiceServer) {
    super({});
    this.bridge = voiceBridge(voice, BOT_ID, (packet: RawVoicePacket) => this.raw(packet));
  }

  getId(): string {
    return BOT_ID;
  }

  sendPacket(_shardId: number, payload: unknown): void {
    this.bridge(payload as Parameters<typeof this.bridge>[0]);
  }

  listen(nodes: NodeOption[]): void {
    setImmediate(() => this.ready(nodes));
  }
}

let node: ConformanceNode;
let shoukaku: Shoukaku;
const readies: boolean[] = [];

beforeAll(async () => {
  node = await startConformanceNode();
  shoukaku = new Shoukaku(
    new EmulatorConnector(node.voice),
    [{ name: 'gramophone', url: `${node.host}:${node.port}`, auth: node.password }],
    { resume: true, resumeTimeout: 30, reconnectTries: 3, reconnectInterval: 1 },
  );
  shoukaku.on('error', () => {});
  shoukaku.on('ready', (_name, resumed) => readies.push(resumed));
  await until(() => expect(readies.length).toBeGreaterThan(0));
}, 90_000);

afterAll(async () => {
  for (const guildId of [...(shoukaku?.players.keys() ?? [])]) await shoukaku.leaveVoiceChannel(guildId);
  shoukaku?.nodes.get('gramophone')?.disconnect(1000, 'test over');
  await node?.stop();
});

function lavalink() {
  const found = shoukaku.nodes.get('gramophone');
  if (!found) throw new Error('shoukaku has no node');
  return found;
}

async function wirePlayer(guildId: string): Promise<WirePlayer> {
  return playerSchema.parse(await lavalink().rest.getPlayer(guildId));
}

async function load(identifier: string): Promise<Track> {
  const result = await lavalink().rest.resolve(identifier);
  if (result?.loadType !== 'track') throw new Error(`expected a track, got ${JSON.stringify(result)}`);
  return result.data;
}

/** Joins a voice channel and waits until the node's voice connection is up. */
async function join(guildId: string): Promise<Player> {
  const player = await shoukaku.joinVoiceChannel({ guildId, channelId: CHANNEL, shardId: 0 });
  await until(async () => expect((await wirePlayer(guildId)).state.connected).toBe(true), 20_000);
  return player;
}

/** Collects a player's events as `type[:reason]`. */
function record(player: Player): string[] {
  const seen: string[] = [];
  player.on('start', () => seen.push('start'));
  player.on('end', (event) => seen.push(`end:${event.reason}`));
  player.on('exception', (event) => seen.push(`exception:${event.exception.message}`));
  return seen;
}

describe('shoukaku against the audio node', () => {
  it('connects with its session settings applied (resuming on)', async () => {
    expect(readies[0]).toBe(false);
    const sessionId = lavalink().sessionId;
    expect(sessionId).toMatch(/^[a-z0-9]{16}$/);
    const info = await lavalink().rest.getLavalinkInfo();
    expect(info?.sourceManagers).toEqual(expect.arrayContaining(['http', 'local']));
    // shoukaku PATCHes the session on ready; the node echoes it back.
    await until(async () => {
      const session = await node.rest('PATCH', `/v4/sessions/${sessionId}`, {});
      expect(await session.json()).toEqual({ resuming: true, timeout: 30 });
    });
  });

  it('loads, plays, pauses, seeks, sets volume and filters, stops and leaves', async () => {
    const player = await join(GUILD);
    const seen = record(player);
    const track = await load(node.httpUrl('tone-660.mp3'));
    expect(track.info).toMatchObject({ sourceName: 'http', isStream: false });

    await player.playTrack({ track: { encoded: track.encoded, userData: { requester: 'shoukaku' } } });
    await until(() => expect(seen).toContain('start'));
    await node.voice.waitForPackets(GUILD, 100, 10_000);
    const pcm = node.voice.getPcm(GUILD, { fromMs: 500, toMs: 1500 });
    expect(Math.abs(dominantFrequency(pcm) - 660)).toBeLessThan(15);
    expect((await wirePlayer(GUILD)).track?.userData).toEqual({ requester: 'shoukaku' });

    await player.setPaused(true);
    expect((await wirePlayer(GUILD)).paused).toBe(true);
    await player.setPaused(false);
    const seekAt = performance.now();
    await player.seekTo(4000);
    const seeked = await wirePlayer(GUILD);
    // Landed at 4 s, then played on for at most the time the two calls took (measured).
    expect(seeked.state.position).toBeGreaterThanOrEqual(4000);
    expect(seeked.state.position).toBeLessThanOrEqual(4000 + (performance.now() - seekAt) + CATCH_UP_MS);
    await player.setGlobalVolume(40);
    expect((await wirePlayer(GUILD)).volume).toBe(40);
    await player.setEqualizer([{ band: 2, gain: 0.3 }]);
    expect((await wirePlayer(GUILD)).filters).toEqual({ equalizer: [{ band: 2, gain: 0.3 }] });
    // shoukaku sends each filter alone; as on Lavalink, a filters object replaces all earlier ones.
    await player.setTimescale({ pitch: 1.2 });
    expect((await wirePlayer(GUILD)).filters).toEqual({ timescale: { pitch: 1.2 } });
    await player.clearFilters();
    expect((await wirePlayer(GUILD)).filters).toMatchObject({ volume: 1, equalizer: [], timescale: null });

    await player.stopTrack();
    await until(() => expect(seen).toContain('end:stopped'));
    expect((await wirePlayer(GUILD)).track).toBeNull();

    await shoukaku.leaveVoiceChannel(GUILD);
    await expect(lavalink().rest.getPlayer(GUILD)).rejects.toMatchObject({ status: 404 });
  }, 60_000);

  it('replaces a track, reports a track that fails to play, and plays a local file to its end', async () => {
    const player = await join(OTHER_GUILD);
    const seen = record(player);
    const local = await load(`${node.musicDir}/tone-880.flac`);
    await player.playTrack({ track: { encoded: local.encoded } });
    await until(() => expect(seen).toEqual(['start']));

    // A track whose file vanished after loading: the node says why, and the old one is replaced.
    const vanished = await load(`${node.musicDir}/tone-440.ogg`);
    const { rename } = await import('node:fs/promises');
    await rename(`${node.musicDir}/tone-440.ogg`, `${node.musicDir}/moved.ogg`);
    try {
      await player.playTrack({ track: { encoded: vanished.encoded } });
      await until(() => expect(seen.some((e) => e.startsWith('exception:'))).toBe(true));
      await until(() => expect(seen).toContain('end:loadFailed'));
      expect(seen.slice(0, 2)).toEqual(['start', 'end:replaced']);
    } finally {
      await rename(`${node.musicDir}/moved.ogg`, `${node.musicDir}/tone-440.ogg`);
    }

    await player.playTrack({ track: { encoded: local.encoded }, position: 7000 });
    await until(() => expect(seen.at(-1)).toBe('end:finished'), 15_000);
    await shoukaku.leaveVoiceChannel(OTHER_GUILD);
  }, 60_000);

  it('resumes after the socket drops, with the players still there', async () => {
    const player = await join(GUILD);
    const track = await load(`${node.musicDir}/tone-440.ogg`);
    await player.playTrack({ track: { encoded: track.encoded } });
    await node.voice.waitForPackets(GUILD, 50, 10_000);
    const sessionId = lavalink().sessionId;
    const before = readies.length;

    // Drop the socket the hard way; shoukaku reconnects with Session-Id.
    (lavalink() as unknown as { ws: { terminate(): void } }).ws.terminate();
    await until(() => expect(readies.length).toBeGreaterThan(before), 15_000);
    expect(readies.at(-1)).toBe(true);
    expect(lavalink().sessionId).toBe(sessionId);
    const resumed = await wirePlayer(GUILD);
    expect(resumed).toMatchObject({ paused: false, track: { encoded: track.encoded } });
    await shoukaku.leaveVoiceChannel(GUILD);
  }, 60_000);
});

describe('bad input through shoukaku', () => {
  it('gets readable load errors and REST errors while another player keeps playing', async () => {
    const player = await join(OTHER_GUILD);
    await player.playTrack({ track: { encoded: (await load(`${node.musicDir}/tone-440.ogg`)).encoded } });
    await node.voice.waitForPackets(OTHER_GUILD, 25, 10_000);
    const before = await wirePlayer(OTHER_GUILD);

    const unreachable = await lavalink().rest.resolve(node.unreachableUrl);
    expect(unreachable).toMatchObject({ loadType: 'error', data: { severity: 'common' } });
    expect(JSON.stringify(unreachable)).toMatch(/connection refused/);
    const outside = await lavalink().rest.resolve(node.outsideFile);
    expect(outside).toMatchObject({
      loadType: 'error',
      data: { message: expect.stringMatching(/outside the folders/) },
    });
    await expect(
      lavalink().rest.updatePlayer({ guildId: GUILD, playerOptions: { volume: -3 } }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/volume/),
    });
    await expect(lavalink().rest.decode('not-a-track')).rejects.toMatchObject({ status: 400 });

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
    await shoukaku.leaveVoiceChannel(OTHER_GUILD);
  }, 60_000);

  it('is refused with a wrong password', async () => {
    const errors: unknown[] = [];
    const stranger = new Shoukaku(
      new EmulatorConnector(node.voice),
      [{ name: 'wrong', url: `${node.host}:${node.port}`, auth: 'wrong' }],
      { reconnectTries: 1, reconnectInterval: 0.1 },
    );
    stranger.on('error', (_name, error) => errors.push(error));
    await until(() => expect(errors.map(String).join(' ')).toMatch(/401/));
    expect(stranger.nodes.get('wrong')?.sessionId ?? null).toBeNull();
  });
});
