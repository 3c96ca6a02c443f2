/**
 * Queues survive: a gateway killed with SIGKILL comes back playing where it was, and a dead
 * audio node's players continue on another node. Where in the track the player is comes from
 * the audio itself: the "staircase" track's frequency steps up every second.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/gramophone-process.ts';
import { persistedQueue } from './support/bot-api.ts';
import { type MusicWorld, staircaseSecond, startMusicWorld, until } from './support/music-world.ts';

let world: MusicWorld;

beforeEach(async () => {
  world = await startMusicWorld();
}, 120_000);

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') console.error(world?.logTail());
  await world?.close();
});

const slash: MusicWorld['slash'] = (...args) => world.slash(...args);

/** Where in the staircase track the latest connection's last heard second was. */
function heardSecond(): number {
  const end = world.heardMs();
  return staircaseSecond(world.heardHz(end - 700, end - 200));
}

/** Packets of a connection other than `ssrc` (the bot reconnected). */
function newConnection(ssrc: number | undefined) {
  const stats = world.voice.getStats(world.ids.guildId);
  return stats && stats.ssrc !== ssrc && stats.decrypted > 25 ? stats : null;
}

async function playStaircaseFor(ms: number): Promise<void> {
  world.joinVoice(world.ids.alice);
  await slash(world.ids.alice, 'play', { query: world.file('staircase.ogg') });
  await slash(world.ids.alice, 'play', { query: world.file('bravo-660.ogg') });
  await world.voice.waitForPackets(world.ids.guildId, 50, 15_000);
  await new Promise((resolve) => setTimeout(resolve, ms));
}

describe('durable queues', () => {
  it('resumes where it was, in the same channel, after the gateway is killed with SIGKILL', async () => {
    const dataDir = `${world.musicDir}/../bot-data`;
    const port = String(await freePort());
    const env = { DATA_DIR: dataDir, PORT: port };
    const first = await world.start(['start'], env);
    await playStaircaseFor(8_000);
    const before = world.voice.getStats(world.ids.guildId);
    const secondAtKill = heardSecond();
    expect(secondAtKill).toBeGreaterThanOrEqual(5);
    first.kill('SIGKILL');
    await first.exited;

    const second = await world.start(['start'], env);
    const readyAt = Date.now();
    await until(() => expect(newConnection(before?.ssrc)).not.toBeNull(), 15_000);
    const resumed = newConnection(before?.ssrc);
    expect((resumed?.firstPacketAt ?? Infinity) - readyAt).toBeLessThan(5_000);
    expect(resumed?.channelId ?? world.ids.voiceChannelId).toBe(world.ids.voiceChannelId);
    // Heard from the resumed connection: within ±3 s of where it was killed.
    await until(() => expect(world.heardMs()).toBeGreaterThan(1_000));
    const secondAfter = heardSecond();
    expect(Math.abs(secondAfter - secondAtKill - world.heardMs() / 1000)).toBeLessThanOrEqual(3);
    const queue = await persistedQueue(second, port, world.ids.guildId);
    expect(queue.current?.title).toBe('staircase');
    expect(queue.upcoming.map((t) => t.title)).toEqual(['bravo-660']);
  }, 120_000);

  it('moves the players of a dead audio node to the second node', async () => {
    const [portA, portB] = [String(await freePort()), String(await freePort())];
    const password = 'e2e-node-password';
    const nodeA = await world.start(['audio'], { AUDIO_PORT: portA, AUDIO_PASSWORD: password });
    const nodeB = await world.start(['audio'], { AUDIO_PORT: portB, AUDIO_PASSWORD: password });
    await world.start(['gateway'], {
      LAVALINK_NODES: `http://a:${password}@127.0.0.1:${portA},http://b:${password}@127.0.0.1:${portB}`,
    });
    await playStaircaseFor(6_000);
    const before = world.voice.getStats(world.ids.guildId);
    const playing = async (port: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/v4/stats`, {
        headers: { authorization: password },
      });
      return ((await response.json()) as { playingPlayers: number }).playingPlayers;
    };
    const victim = (await playing(portA)) === 1 ? nodeA : nodeB;
    const survivorPort = victim === nodeA ? portB : portA;
    const secondAtKill = heardSecond();
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    await until(() => expect(newConnection(before?.ssrc)).not.toBeNull(), 15_000);
    const moved = newConnection(before?.ssrc);
    expect((moved?.firstPacketAt ?? Infinity) - killedAt).toBeLessThan(5_000);
    expect(await playing(survivorPort)).toBe(1);
    await until(() => expect(world.heardMs()).toBeGreaterThan(1_000));
    expect(Math.abs(heardSecond() - secondAtKill - world.heardMs() / 1000)).toBeLessThanOrEqual(3);
  }, 120_000);
});
