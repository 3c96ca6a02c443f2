/**
 * The music bot's whole stack in the test process: the Discord emulator (demo guild) with its
 * voice server, the built-in audio node (the audio role), and the gateway role (discord.js and
 * lavalink-client) on a test database and an in-memory bus. Nothing is faked: the roles are the
 * ones `gramophone start` runs. Being in-process is what lets a test reach into the database
 * between two commands (rename a table, add a constraint) and read what the gateway holds.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { audioRole } from '../../src/audio/index.ts';
import { type Bus, createBus, MemoryBusHub } from '../../src/bus/index.ts';
import { composeCapabilities } from '../../src/capability/index.ts';
import { parseConfig } from '../../src/config/index.ts';
import { type Database, migrate } from '../../src/db/index.ts';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import { dominantFrequency, pcmLoudness, VoiceServer } from '../../src/emulators/discord/voice/index.ts';
import { GATEWAY_ADDRESS, gatewayRole } from '../../src/gateway/index.ts';
import { HealthRegistry } from '../../src/health/index.ts';
import { JobQueue } from '../../src/jobs/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { ffmpegPath } from '../../src/media/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import {
  MUSIC_SNAPSHOT_COMMAND,
  type PlayerRecord,
  PlayerStore,
  type QueueSnapshot,
} from '../../src/music/index.ts';
import { capabilities } from '../../src/registry/index.ts';
import type { AppContext, RunningRole } from '../../src/runtime/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { shownToUser } from '../support/shown-to-user.ts';

const run = promisify(execFile);
const AUDIO_PASSWORD = 'music-stack-test-password';
/** Generous for a busy 2-core machine: how long the bot gets to answer a command. */
const ANSWER_TIMEOUT_MS = 15_000;

/** Tones in the audio node's local folder: each track is told apart by its frequency. */
export const TONES = { 'alpha-440.ogg': 440, 'bravo-660.ogg': 660, 'charlie-880.ogg': 880 } as const;
export type ToneFile = keyof typeof TONES;

export interface MusicStack {
  emulator: DiscordEmulator;
  voice: VoiceServer;
  database: Database;
  /** The panel's side of the bus: `music.snapshot` answers what the gateway holds in memory. */
  bus: Bus;
  ids: { guildId: string; voiceChannelId: string; textChannelId: string; ownerId: string; alice: string };
  file(name: ToneFile): string;
  /** A slash command from `userId` in the music text channel; resolves with the bot's answer. */
  slash(
    userId: string,
    command: string,
    options?: Record<string, string | number | boolean>,
  ): ReturnType<DiscordEmulator['control']['slashCommand']>;
  /**
   * What the bot told the user privately: an ephemeral reply, or the ephemeral follow-up after a
   * public deferral (fails when the follow-up is not ephemeral).
   */
  privateAnswer(answer: Awaited<ReturnType<MusicStack['slash']>>): Promise<string>;
  /** The queue as the gateway holds it (memory), over the bus. */
  snapshot(): Promise<QueueSnapshot>;
  /** The guild's row of `music_players` (the database), or null. */
  saved(): Promise<PlayerRecord | null>;
  /** Media milliseconds the voice server received from the bot on its latest connection. */
  heardMs(): number;
  /** Players the audio node holds (its `/v4/stats`): a stopped and dropped player is not one. */
  audioPlayers(): Promise<number>;
  /** Dominant frequency and RMS level (dBFS) heard between two media times. */
  heard(fromMs: number, toMs: number): { hz: number; rmsDbfs: number | null };
  close(): Promise<void>;
}

/** Starts the emulator with its voice server, the audio node and the gateway on `kind`. */
export async function startMusicStack(
  kind: 'pglite' | 'postgres',
  /** More environment for both roles, e.g. `{ AUDIO_HTTP_ALLOW }`. */
  extraEnv: Record<string, string> = {},
  /** Runs on the migrated database before the gateway starts, e.g. to leave saved players in it. */
  beforeGateway?: (world: {
    database: Database;
    file(name: ToneFile): string;
    /** The emulator, already up: its `describe()` names the demo guild's ids. */
    emulator: DiscordEmulator;
  }) => Promise<void>,
): Promise<MusicStack> {
  const certDir = process.env.GRAMOPHONE_TEST_CERT_DIR;
  if (!certDir)
    throw new Error('GRAMOPHONE_TEST_CERT_DIR is unset: run through vitest (test/global-setup.ts)');
  const work = await mkdtemp(join(tmpdir(), 'gramophone-music-stack-'));
  const musicDir = join(work, 'music');
  await mkdir(musicDir);
  await Promise.all(Object.entries(TONES).map(([file, hz]) => tone(join(musicDir, file), hz, 60)));

  const stops: (() => Promise<void>)[] = [() => rm(work, { recursive: true, force: true })];
  const close = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => {});
  };
  try {
    const voice = await VoiceServer.start({ certDir });
    stops.push(() => voice.close());
    const emulator = await startDiscordEmulator({ demo: true, voice });
    stops.push(() => emulator.close());
    const target = await createTestDatabase(kind);
    stops.push(() => target.dispose());
    const database = await target.open();
    stops.push(() => database.close());
    await migrate(database);
    const hub = new MemoryBusHub();
    const busOptions = { logger: silentLogger(), commandTimeoutMs: 10_000, memoryHub: hub };
    const gatewayBus = await createBus({ ...busOptions, instanceId: 'gateway' });
    stops.push(() => gatewayBus.close());
    const bus = await createBus({ ...busOptions, instanceId: 'panel' });
    stops.push(() => bus.close());

    const env = {
      DATA_DIR: join(work, 'data'),
      AUDIO_HOST: '127.0.0.1',
      AUDIO_PASSWORD,
      AUDIO_LOCAL_DIRS: musicDir,
      DISCORD_TOKEN: emulator.token,
      DISCORD_API_URL: emulator.apiUrl,
      MUSIC_ADD_RATE: 'off',
      ...extraEnv,
    };
    const base = (roles: string[], config: ReturnType<typeof parseConfig>) => {
      const metrics = createMetricsRegistry({ instance: 'test', roles: roles.join(',') });
      return {
        config,
        database,
        bus: gatewayBus,
        logger: silentLogger(),
        health: new HealthRegistry(),
        metrics,
        jobs: new JobQueue({ database, logger: silentLogger(), registry: metrics }),
        capabilities: composeCapabilities(capabilities),
        roles,
      } as unknown as AppContext;
    };
    const audio: RunningRole = await audioRole.start(
      base(['audio'], parseConfig({ ...env, AUDIO_PORT: '0' })),
    );
    stops.push(() => audio.stop());
    const audioPort = audio.ports?.AUDIO_PORT;
    if (!audioPort) throw new Error('the audio role did not report its port');
    await beforeGateway?.({ database, file: (name) => join(musicDir, name), emulator });
    const gateway = await gatewayRole.start(
      base(['gateway'], parseConfig({ ...env, AUDIO_PORT: String(audioPort) })),
    );
    stops.push(() => gateway.stop());

    const described = emulator.describe();
    const ids = {
      guildId: described.guildId as string,
      voiceChannelId: described.voiceChannelId as string,
      textChannelId: (described.musicTextChannelId ?? described.textChannelId) as string,
      ownerId: described.ownerId as string,
      alice: described.memberIds?.[0] as string,
    };
    const store = new PlayerStore(database.db);
    const pcm = (fromMs: number, toMs: number) => voice.getPcm(ids.guildId, { fromMs, toMs });
    return {
      emulator,
      voice,
      database,
      bus,
      ids,
      file: (name) => join(musicDir, name),
      slash: (userId, command, options = {}) =>
        emulator.control.slashCommand({
          channelId: ids.textChannelId,
          userId,
          command,
          options,
          answerTimeoutMs: ANSWER_TIMEOUT_MS,
        }),
      privateAnswer: async (answer) => {
        const shown = await shownToUser(emulator, answer);
        if (!shown.ephemeral) throw new Error(`the bot answered publicly: ${JSON.stringify(shown)}`);
        return shown.content;
      },
      snapshot: () => bus.request(GATEWAY_ADDRESS, MUSIC_SNAPSHOT_COMMAND, { guildId: ids.guildId }),
      saved: () => store.load(ids.guildId),
      audioPlayers: async () => {
        const response = await fetch(`http://127.0.0.1:${audioPort}/v4/stats`, {
          headers: { authorization: AUDIO_PASSWORD },
        });
        if (!response.ok) throw new Error(`the audio node answered ${response.status} to /v4/stats`);
        return ((await response.json()) as { players: number }).players;
      },
      heardMs: () => (voice.getStats(ids.guildId)?.decrypted ?? 0) * 20,
      heard: (fromMs, toMs) => ({
        hz: dominantFrequency(pcm(fromMs, toMs)),
        rmsDbfs: pcmLoudness(pcm(fromMs, toMs)).rmsDbfs,
      }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function tone(path: string, hz: number, seconds: number): Promise<void> {
  await run(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=${seconds}`],
    ...['-ac', '2', '-ar', '48000', '-c:a', 'libopus', '-b:a', '96k', path],
  ]);
}
