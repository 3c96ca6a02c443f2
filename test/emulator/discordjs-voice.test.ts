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
  VoiceConnectionStatus,
} from '@discordjs/voice';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { dominantFrequency, VoiceServer } from '../../src/emulators/discord/voice/index.ts';
import { ffmpegPath } from '../../src/media/index.ts';

const run = promisify(execFile);

/**
 * The whole path a bot takes: discord.js logs in to the emulated gateway, @discordjs/voice joins
 * through discord.js's own voice adapter (op 4 → VOICE_STATE_UPDATE + VOICE_SERVER_UPDATE), dials
 * the emulated voice server over TLS and sends a tone that the emulator decodes.
 */
describe('discord.js and @discordjs/voice against the emulator', () => {
  let workDir: string;
  let tonePath: string;
  let voice: VoiceServer;
  let emulator: DiscordEmulator;
  let client: Client;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'gramophone-djs-voice-'));
    tonePath = join(workDir, 'tone.ogg');
    await run(ffmpegPath(), [
      ...['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=5'],
      ...['-ac', '2', '-c:a', 'libopus', '-b:a', '96k', tonePath],
    ]);
    const certDir = process.env.GRAMOPHONE_TEST_CERT_DIR;
    if (!certDir)
      throw new Error('GRAMOPHONE_TEST_CERT_DIR is unset: run through vitest (test/global-setup.ts)');
    voice = await VoiceServer.start({ certDir });
    emulator = await startDiscordEmulator({ demo: true, voice });
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates],
      rest: { api: emulator.apiUrl },
    });
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(emulator.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await emulator?.close();
    await voice?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('joins the demo voice channel and plays a 440 Hz tone the emulator hears', async () => {
    const demo = emulator.describe();
    const guildId = demo.guildId ?? '';
    const guild = client.guilds.cache.get(guildId);
    if (!guild) throw new Error('the demo guild did not arrive');
    const connection = joinVoiceChannel({
      guildId,
      channelId: demo.voiceChannelId ?? '',
      adapterCreator: guild.voiceAdapterCreator,
    });
    try {
      await entersState(connection, VoiceConnectionStatus.Ready, 15_000);
      const player = createAudioPlayer();
      connection.subscribe(player);
      player.play(createAudioResource(createReadStream(tonePath), { inputType: StreamType.OggOpus }));
      await entersState(player, AudioPlayerStatus.Playing, 5_000);
      await entersState(player, AudioPlayerStatus.Idle, 15_000);
      const stats = await voice.waitForPackets(guildId, 240, 5_000);
      expect(stats.decrypted).toBeGreaterThanOrEqual(240);
      expect(stats.decryptFailures).toBe(0);
      expect(stats).toMatchObject({ channelId: demo.voiceChannelId, userId: client.user?.id });
      const frequency = dominantFrequency(voice.getPcm(guildId));
      expect(Math.abs(frequency - 440)).toBeLessThanOrEqual(5);
      // The same, by HTTP alone, as a bot written in any language would check it.
      const reception = (await (
        await fetch(`${emulator.controlUrl}/voice/${guildId}?lastMs=3000`)
      ).json()) as {
        recorded: boolean;
        connected: boolean;
        packetsReceived: number;
        decryptFailures: number;
        lastPacketAt: number;
        audio: { durationMs: number; dominantFrequencyHz: number; rmsDbfs: number; peakDbfs: number };
      };
      expect(reception).toMatchObject({ recorded: true, connected: true, decryptFailures: 0 });
      expect(reception.packetsReceived).toBe(stats.packets);
      expect(reception.lastPacketAt).toBe(voice.getStats(guildId)?.lastPacketAt);
      expect(reception.audio.durationMs).toBe(3000);
      expect(Math.abs(reception.audio.dominantFrequencyHz - 440)).toBeLessThanOrEqual(5);
      // ffmpeg's sine is 1/8 of full scale (-18 dBFS), less 3 dB for the mono-to-stereo upmix: a
      // peak near -21 dBFS, and a sine's RMS 3 dB below its peak.
      expect(reception.audio.peakDbfs).toBeGreaterThan(-22.5);
      expect(reception.audio.peakDbfs).toBeLessThan(-19.5);
      expect(reception.audio.peakDbfs - reception.audio.rmsDbfs).toBeGreaterThan(2.5);
      expect(reception.audio.peakDbfs - reception.audio.rmsDbfs).toBeLessThan(3.6);
      const windowed = await fetch(`${emulator.controlUrl}/voiceReception`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ guildId, fromMs: 1000, toMs: 2000 }),
      });
      expect(((await windowed.json()) as typeof reception).audio.durationMs).toBe(1000);
      // The bot's voice state is visible to discord.js too.
      await expect
        .poll(() => guild.members.me?.voice.channelId, { timeout: 5_000 })
        .toBe(demo.voiceChannelId);
    } finally {
      connection.destroy();
    }
  });
});
