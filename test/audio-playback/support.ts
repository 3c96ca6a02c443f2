import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PlayerEngineEvents, Track } from '../../src/audio/contracts.ts';
import type { GramophonePlayerEngine } from '../../src/audio/playback/index.ts';
import { MAX_CATCH_UP_SLOTS } from '../../src/audio/playback/index.ts';
import { VoiceServer } from '../../src/emulators/discord/voice/index.ts';
import { ffmpegPath } from '../../src/media/index.ts';

const run = promisify(execFile);

export const BOT_USER_ID = '900000000000000042';
export const CHANNEL_ID = '800000000000000001';
export const TONE_HZ = 440;

/** Set by test/global-setup.ts, which also made this forked worker trust the CA. */
export function testCertDir(): string {
  const dir = process.env.GRAMOPHONE_TEST_CERT_DIR;
  if (!dir) throw new Error('GRAMOPHONE_TEST_CERT_DIR is unset: run through vitest (test/global-setup.ts)');
  return dir;
}

export function startVoiceServer(): Promise<VoiceServer> {
  return VoiceServer.start({ certDir: testCertDir(), heartbeatIntervalMs: 5_000 });
}

let guildCounter = 0;
/** A guild id unique within this worker. */
export function newGuildId(): string {
  guildCounter += 1;
  return `7${String(process.pid).padStart(8, '0')}${String(guildCounter).padStart(6, '0')}`;
}

/** Generates a sine tone with ffmpeg (48 kHz stereo) into `dir/name`, encoded as the extension says. */
export async function makeTone(dir: string, name: string, seconds: number, hz = TONE_HZ): Promise<string> {
  const path = join(dir, name);
  const codec = name.endsWith('.mp3')
    ? ['-c:a', 'libmp3lame', '-b:a', '128k']
    : ['-c:a', 'libopus', '-b:a', '96k'];
  await run(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=${seconds}:sample_rate=48000`],
    ...['-ac', '2', ...codec, path],
  ]);
  return path;
}

/** A Track as the sources would describe a local file. */
export function fakeTrack(identifier: string, lengthMs: number, isStream = false): Track {
  return {
    encoded: Buffer.from(identifier).toString('base64'),
    info: {
      identifier,
      isSeekable: !isStream,
      author: 'test',
      length: lengthMs,
      isStream,
      position: 0,
      title: identifier,
      uri: null,
      artworkUrl: null,
      isrc: null,
      sourceName: 'local',
    },
    pluginInfo: {},
    userData: {},
  };
}

/** Allocates a voice session for the bot on the emulator and connects the engine to it. */
export async function connect(engine: GramophonePlayerEngine, server: VoiceServer): Promise<void> {
  const sessionId = randomBytes(8).toString('hex');
  const { token, endpoint } = server.allocate({
    guildId: engine.guildId,
    channelId: CHANNEL_ID,
    userId: BOT_USER_ID,
    sessionId,
  });
  await engine.connectVoice({
    guildId: engine.guildId,
    userId: BOT_USER_ID,
    token,
    endpoint,
    sessionId,
    channelId: CHANNEL_ID,
  });
}

/** Resolves with the arguments of the engine's next `event`, or rejects after `timeoutMs`. */
export async function nextEvent<E extends keyof PlayerEngineEvents>(
  engine: GramophonePlayerEngine,
  event: E,
  timeoutMs: number,
): Promise<Parameters<PlayerEngineEvents[E]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      engine.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = ((...args: Parameters<PlayerEngineEvents[E]>) => {
      clearTimeout(timer);
      engine.off(event, listener);
      resolve(args);
    }) as PlayerEngineEvents[E];
    engine.on(event, listener);
  });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Root mean square of s16le PCM, 0–1. */
export function rms(pcm: Buffer): number {
  const samples = Math.floor(pcm.length / 2);
  if (samples === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples; i += 1) {
    const value = pcm.readInt16LE(i * 2) / 32768;
    sum += value * value;
  }
  return Math.sqrt(sum / samples);
}

/** Media time (ms) the emulator holds for a guild: one 20 ms frame per decrypted packet. */
export function mediaMs(server: VoiceServer, guildId: string): number {
  return (server.getStats(guildId)?.decrypted ?? 0) * 20;
}

/** ffmpeg processes whose parent is this process, as the OS sees them. */
export async function ffmpegChildren(): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)]).catch(
    (error: { stdout?: string; code?: number }) => {
      // ps exits 1 when it lists nothing.
      if (error.code === 1) return { stdout: error.stdout ?? '' };
      throw error;
    },
  );
  return stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm === 'ffmpeg')
    .map(([pid]) => Number(pid));
}

/**
 * How far a player's position may run ahead of wall time measured from any moment: the node's
 * frame clock runs up to MAX_CATCH_UP_SLOTS late 20 ms slots back to back, plus one slot.
 */
export const CATCH_UP_MS = (MAX_CATCH_UP_SLOTS + 1) * 20;
