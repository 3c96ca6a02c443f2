import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AudioPlayerStatus,
  createAudioPlayer,
  createAudioResource,
  entersState,
  joinVoiceChannel,
  StreamType,
  type VoiceConnection,
  VoiceConnectionStatus,
} from '@discordjs/voice';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dominantFrequency,
  type EncryptionMode,
  VoiceServer,
} from '../../src/emulators/discord/voice/index.ts';
import { ffmpegPath } from '../../src/media/index.ts';
import { emulatorAdapterCreator } from './voice-adapter.ts';

const run = promisify(execFile);
const BOT_USER_ID = '900000000000000001';
const TONE_HZ = 440;
const TONE_SECONDS = 5;

/** Set by test/global-setup.ts, which also made the forked worker trust the CA. */
function testCertDir(): string {
  const dir = process.env.GRAMOPHONE_TEST_CERT_DIR;
  if (!dir) throw new Error('GRAMOPHONE_TEST_CERT_DIR is unset: run through vitest (test/global-setup.ts)');
  return dir;
}

describe('voice emulator playback with unmodified @discordjs/voice', () => {
  let workDir: string;
  let tonePath: string;
  const servers: VoiceServer[] = [];
  const connections: VoiceConnection[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'gramophone-voice-'));
    tonePath = join(workDir, 'tone.ogg');
    // Ogg/Opus passes through @discordjs/voice untouched (demux only, no re-encode).
    await run(ffmpegPath(), [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', `sine=frequency=${TONE_HZ}:duration=${TONE_SECONDS}`],
      ...['-ac', '2', '-c:a', 'libopus', '-b:a', '96k', tonePath],
    ]);
  });

  afterAll(async () => {
    for (const connection of connections) {
      if (connection.state.status !== VoiceConnectionStatus.Destroyed) connection.destroy();
    }
    await Promise.all(servers.map((server) => server.close()));
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  async function playTone(modes: EncryptionMode[], guildId: string, channelId: string) {
    const server = await VoiceServer.start({ certDir: testCertDir(), encryptionModes: modes });
    servers.push(server);
    const connection = joinVoiceChannel({
      guildId,
      channelId,
      adapterCreator: emulatorAdapterCreator(server, BOT_USER_ID),
    });
    connections.push(connection);
    await entersState(connection, VoiceConnectionStatus.Ready, 10_000);

    const player = createAudioPlayer();
    connection.subscribe(player);
    player.play(createAudioResource(createReadStream(tonePath), { inputType: StreamType.OggOpus }));
    await entersState(player, AudioPlayerStatus.Playing, 5_000);
    await entersState(player, AudioPlayerStatus.Idle, (TONE_SECONDS + 10) * 1000);
    // About 251 tone frames (5 s plus Opus pre-skip) and the trailing silence frames.
    await server.waitForPackets(guildId, 250, 3_000);
    // On Idle the player sends Speaking 0 over the websocket, a moment after the last datagram.
    await expect.poll(() => server.getStats(guildId)?.speaking, { timeout: 5_000 }).toBe(0);
    const stats = server.getStats(guildId);
    if (!stats) throw new Error('no stats recorded');
    const pcm = server.getPcm(guildId);
    connection.destroy();
    return { server, stats, pcm };
  }

  it.each([
    { mode: 'aead_aes256_gcm_rtpsize' as const, guildId: '100000000000000001' },
    { mode: 'aead_xchacha20_poly1305_rtpsize' as const, guildId: '100000000000000002' },
  ])('receives, decrypts and decodes a 440 Hz tone sent with $mode', async ({ mode, guildId }) => {
    const channelId = '200000000000000001';
    const { server, stats, pcm } = await playTone([mode], guildId, channelId);

    expect(stats.mode).toBe(mode);
    expect(stats.decrypted).toBeGreaterThanOrEqual(240);
    expect(stats.decryptFailures).toBe(0);
    // silencePaddingFrames is 5, but the player goes Idle before dispatching the last one it prepared.
    expect(stats.silenceFrames).toBeGreaterThanOrEqual(4);
    expect(stats.lost).toBeLessThanOrEqual(2);
    // RFC 3550 jitter (1/16 smoothing) of packets paced by the sender's own timer, in the same
    // process: a loaded machine delaying that timer by a few hundred milliseconds near the end
    // leaves some tens of ms. Correct delivery is proven by `lost` and the decoded tone; this
    // catches a broken cadence (or jitter units) far beyond one frame.
    expect(stats.jitterMs).toBeLessThan(60);
    expect(stats.speakingUpdates).toBeGreaterThanOrEqual(2); // speaking on, then off at the end
    expect(stats).toMatchObject({ guildId, channelId, userId: BOT_USER_ID });
    // The bot keeps DAVE on (as production must); the emulator answers transport encryption only.
    expect(stats.maxDaveProtocolVersion).toBeGreaterThan(0);

    const seconds = pcm.length / (48_000 * 4);
    expect(seconds).toBeGreaterThan(TONE_SECONDS - 0.2);
    const frequency = dominantFrequency(pcm);
    expect(Math.abs(frequency - TONE_HZ)).toBeLessThanOrEqual(5);

    // Leaving released the allocation and closed the voice socket with 4014.
    await expect.poll(() => server.getStats(guildId)?.released, { timeout: 5_000 }).toBe(true);
    console.info(
      `[voice ${mode}] packets=${stats.decrypted} silence=${stats.silenceFrames} lost=${stats.lost} ` +
        `late=${stats.lateOrOutOfOrder} jitter=${stats.jitterMs.toFixed(2)}ms ` +
        `pcm=${seconds.toFixed(2)}s dominant=${frequency.toFixed(2)}Hz`,
    );
  });
});
