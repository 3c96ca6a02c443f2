/**
 * Queues survive: a gateway killed with SIGKILL comes back playing where it was, and a dead
 * audio node's players continue on another node. Where in the track the player is comes from
 * the audio itself: the "staircase" track's frequency steps up every second.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readyPorts } from '../support/gramophone-process.ts';
import { persistedQueue } from './support/bot-api.ts';
import {
  type MusicWorld,
  READY_TIMEOUT_MS,
  SETUP_TIMEOUT_MS,
  staircaseSecond,
  startMusicWorld,
  until,
} from './support/music-world.ts';

let world: MusicWorld;

beforeEach(async () => {
  world = await startMusicWorld();
}, SETUP_TIMEOUT_MS);

afterEach(async (context) => {
  if (context.task.result?.state === 'fail') console.error(world?.logTail());
  await world?.close();
});

const slash: MusicWorld['slash'] = (...args) => world.slash(...args);

/**
 * Where in the staircase track the latest connection's last heard second was, and how much media
 * that connection had carried then (both from one reading, so they describe the same moment).
 */
function heardPosition(): { second: number; heardMs: number } {
  const end = world.heardMs();
  return { second: staircaseSecond(world.heardHz(end - 700, end - 200)), heardMs: end };
}
const heardSecond = () => heardPosition().second;

/**
 * How far the resumed audio is from where it was killed, in seconds: the second heard now, less
 * the second heard at the kill and the media played since the resume. 0 means it resumed exactly
 * there. Read from the audio itself, so a slow machine does not move it.
 */
function resumeOffset(secondAtKill: number): number {
  const { second, heardMs } = heardPosition();
  return second - secondAtKill - heardMs / 1000;
}

/**
 * A restart or failover has this long, from the moment it could begin (the new process ready,
 * the node killed), to get the first packet of the new connection to the voice server. Generous
 * for a busy machine; what the tests prove is that the player comes back by itself, in the
 * right place.
 */
const RECOVERY_MS = 15_000;

/** Each test starts processes twice, one after the other (each may take READY_TIMEOUT_MS). */
const TWO_STARTUPS_MS = 2 * READY_TIMEOUT_MS + 60_000;

/** Packets of a connection other than `ssrc` (the bot reconnected). */
function newConnection(ssrc: number | undefined) {
  const stats = world.voice.getStats(world.ids.guildId);
  return stats && stats.ssrc !== ssrc && stats.decrypted > 25 ? stats : null;
}

/** Plays the staircase (bravo queued after it) until `ms` of it were heard: media time, not a sleep. */
async function playStaircaseFor(ms: number): Promise<void> {
  world.joinVoice(world.ids.alice);
  await slash(world.ids.alice, 'play', { query: world.file('staircase.ogg') });
  await slash(world.ids.alice, 'play', { query: world.file('bravo-660.ogg') });
  await world.voice.waitForPackets(world.ids.guildId, 50, 30_000);
  await until(() => expect(world.heardMs()).toBeGreaterThanOrEqual(ms), ms + 30_000);
}

describe('durable queues', () => {
  it(
    'resumes where it was, in the same channel, after the gateway is killed with SIGKILL',
    async () => {
      const dataDir = `${world.musicDir}/../bot-data`;
      // Each process takes any free port (world.start's PORT=0): what carries over is DATA_DIR.
      const env = { DATA_DIR: dataDir };
      const first = await world.start(['start'], env);
      await playStaircaseFor(8_000);
      const before = world.voice.getStats(world.ids.guildId);
      const secondAtKill = heardSecond();
      expect(secondAtKill).toBeGreaterThanOrEqual(5);
      first.kill('SIGKILL');
      await first.exited;

      const second = await world.start(['start'], env);
      const readyAt = Date.now();
      await until(() => expect(newConnection(before?.ssrc)).not.toBeNull(), 2 * RECOVERY_MS);
      const resumed = newConnection(before?.ssrc);
      expect((resumed?.firstPacketAt ?? Infinity) - readyAt).toBeLessThan(RECOVERY_MS);
      expect(resumed?.channelId ?? world.ids.voiceChannelId).toBe(world.ids.voiceChannelId);
      // Heard from the resumed connection: within ±3 s of where it was killed.
      await until(() => expect(world.heardMs()).toBeGreaterThan(1_000));
      expect(Math.abs(resumeOffset(secondAtKill))).toBeLessThanOrEqual(3);
      const port = String((await readyPorts(second)).PORT);
      const queue = await persistedQueue(second, port, world.ids.guildId);
      expect(queue.current?.title).toBe('staircase');
      expect(queue.upcoming.map((t) => t.title)).toEqual(['bravo-660']);
    },
    TWO_STARTUPS_MS,
  );

  it(
    'moves the players of a dead audio node to the second node',
    async () => {
      const password = 'e2e-node-password';
      // Each node takes any free port (world.start's AUDIO_PORT=0) and its ready line says which.
      const [nodeA, nodeB] = await Promise.all([
        world.start(['audio'], { AUDIO_PASSWORD: password }),
        world.start(['audio'], { AUDIO_PASSWORD: password }),
      ]);
      const [portA, portB] = [
        String((await readyPorts(nodeA)).AUDIO_PORT),
        String((await readyPorts(nodeB)).AUDIO_PORT),
      ];
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
      await until(() => expect(newConnection(before?.ssrc)).not.toBeNull(), 2 * RECOVERY_MS);
      const moved = newConnection(before?.ssrc);
      const moveMs = (moved?.firstPacketAt ?? Infinity) - killedAt;
      expect(moveMs).toBeLessThan(RECOVERY_MS);
      expect(await playing(survivorPort)).toBe(1);
      await until(() => expect(world.heardMs()).toBeGreaterThan(1_000));
      // Within 3 s of where it was killed, or of where the clock had the track once it moved (a
      // player that never stopped continues from its estimated position): the move's own duration,
      // measured here, is the only allowance beyond the ±3 s.
      const offset = resumeOffset(secondAtKill);
      expect(offset).toBeGreaterThanOrEqual(-3);
      expect(offset).toBeLessThanOrEqual(moveMs / 1000 + 3);
    },
    TWO_STARTUPS_MS,
  );
});
