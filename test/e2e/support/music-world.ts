/**
 * The world of the music end-to-end tests: the Discord emulator (demo guild) with its real
 * voice server in the test process, generated music files, and Gramophone processes run by
 * the CLI exactly as an operator would, connected to the emulator.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type DiscordEmulator, startDiscordEmulator } from '../../../src/emulators/discord/index.ts';
import { dominantFrequency, VoiceServer } from '../../../src/emulators/discord/voice/index.ts';
import { DEMO_LYRICS_CATALOGUE, startLrclibEmulator } from '../../../src/emulators/lrclib/index.ts';
import { ffmpegPath } from '../../../src/media/index.ts';
import { eventually } from '../../support/eventually.ts';
import { type GramophoneProcess, readyPorts, runGramophone } from '../../support/gramophone-process.ts';
import { shownToUser } from '../../support/shown-to-user.ts';

const run = promisify(execFile);

export const BOT_API_KEY = 'e2e-bot-api-key-0123456789abcdef0123456789abcdef';

/**
 * A "staircase" track: the frequency steps up by STEP_HZ every second from BASE_HZ, so the
 * frequency heard tells where in the track the player is (to the second).
 */
export const STAIRCASE = { baseHz: 300, stepHz: 20 };

/**
 * How long the bot (another process, on a machine that may be busy) gets to acknowledge an
 * interaction. Discord allows 3 s, and the emulator does too by default; a loaded test machine
 * can start a slow child past that without anything being wrong with the bot.
 */
export const INTERACTION_ACK_MS = 15_000;

/**
 * Spread into every `control.slashCommand`/`clickButton`/`selectMenu`/`autocomplete` of these
 * tests: how long to wait for the bot's settled answer once it acknowledged.
 */
export const ANSWER_TIMEOUTS = { answerTimeoutMs: 15_000 } as const;

/**
 * How long a `gramophone` process gets to log ready. It loads its TypeScript through tsx and
 * migrates its embedded database first: half a minute on a busy 2-core machine, sometimes more.
 */
export const READY_TIMEOUT_MS = 120_000;

/** The timeout of a suite hook that builds a world and starts one process in it. */
export const SETUP_TIMEOUT_MS = READY_TIMEOUT_MS + 60_000;

export type SlashOptions = NonNullable<Parameters<DiscordEmulator['control']['slashCommand']>[0]['options']>;

export interface MusicWorld {
  emulator: DiscordEmulator;
  voice: VoiceServer;
  musicDir: string;
  ids: {
    guildId: string;
    voiceChannelId: string;
    textChannelId: string;
    ownerId: string;
    alice: string;
    bob: string;
    carol: string;
    djRoleId: string;
  };
  file(name: string): string;
  /** A slash command from `userId` in the music text channel; resolves with the bot's answer. */
  slash(
    userId: string,
    command: string,
    options?: SlashOptions,
  ): ReturnType<DiscordEmulator['control']['slashCommand']>;
  /** Puts a member in the demo voice channel. */
  joinVoice(userId: string): void;
  /**
   * `gramophone start` with the panel's login pointed at the emulator: every role in one
   * process, its api at `base` (on the port it got: the default public URL, localhost).
   */
  startAll(env?: Record<string, string>): Promise<{ process: GramophoneProcess; port: string; base: string }>;
  /**
   * Starts `gramophone <args>` against the emulator; resolves once it logged ready. PORT and
   * AUDIO_PORT default to 0 (any free port): `readyPorts(process)` says which ones it got.
   */
  start(args: string[], env?: Record<string, string>): Promise<GramophoneProcess>;
  /** The dominant frequency heard between `fromMs` and `toMs` of the latest connection's media time. */
  heardHz(fromMs: number, toMs: number): number;
  /** Media milliseconds received on the latest connection. */
  heardMs(): number;
  /** The last lines each process logged (printed when a test fails). */
  logTail(lines?: number): string;
  close(): Promise<void>;
}

/** What the LRCLIB emulator knows of the tone files (tagged artist=Test Tones): synced lines for bravo-660. */
export const TONE_LYRICS = {
  trackName: 'bravo-660',
  artistName: 'Test Tones',
  albumName: 'Tones',
  duration: 40,
  instrumental: false,
  plainLyrics: 'Six hundred and sixty\nA steady tone',
  syncedLyrics: '[00:00.00]Six hundred and sixty\n[00:20.00]A steady tone',
} as const;

export async function startMusicWorld(): Promise<MusicWorld> {
  const certDir = process.env.GRAMOPHONE_TEST_CERT_DIR;
  if (!certDir)
    throw new Error('GRAMOPHONE_TEST_CERT_DIR is unset: run through vitest (test/global-setup.ts)');
  const work = await mkdtemp(join(tmpdir(), 'gramophone-e2e-'));
  const musicDir = join(work, 'music');
  await mkdir(musicDir);
  await Promise.all([
    tone(join(musicDir, 'alpha-440.ogg'), 440, 40),
    tone(join(musicDir, 'bravo-660.ogg'), 660, 40),
    tone(join(musicDir, 'charlie-880.ogg'), 880, 40),
    tone(join(musicDir, 'delta-550.ogg'), 550, 40),
    // Ends after 3 s: what happens when a queue runs out.
    tone(join(musicDir, 'short-330.ogg'), 330, 3),
    staircase(join(musicDir, 'staircase.ogg'), 60),
  ]);
  const voice = await VoiceServer.start({ certDir });
  // Lyrics (#14): the bot asks this LRCLIB stand-in, never lrclib.net; bravo-660 has synced lines.
  const lrclib = await startLrclibEmulator({ catalogue: [...DEMO_LYRICS_CATALOGUE, TONE_LYRICS] });
  const emulator = await startDiscordEmulator({
    demo: true,
    voice,
    limits: { interactionAckMs: INTERACTION_ACK_MS },
  });
  const described = emulator.describe();
  const ids = {
    guildId: described.guildId as string,
    voiceChannelId: described.voiceChannelId as string,
    textChannelId: (described.musicTextChannelId ?? described.textChannelId) as string,
    ownerId: described.ownerId as string,
    alice: described.memberIds?.[0] as string,
    bob: described.memberIds?.[1] as string,
    carol: described.memberIds?.[2] as string,
    djRoleId: described.djRoleId as string,
  };
  const processes: GramophoneProcess[] = [];
  const dataDirs: string[] = [];

  const latest = () => voice.getStats(ids.guildId);
  const world: MusicWorld = {
    emulator,
    voice,
    musicDir,
    ids,
    file: (name) => join(musicDir, name),
    slash: async (userId, command, options = {}) =>
      shownToUser(
        emulator,
        await emulator.control.slashCommand({
          channelId: ids.textChannelId,
          userId,
          command,
          options,
          ...ANSWER_TIMEOUTS,
        }),
      ),
    joinVoice: (userId) => {
      emulator.control.joinVoice({ channelId: ids.voiceChannelId, userId });
    },
    async start(args, env = {}) {
      const dataDir = join(work, `data-${dataDirs.length}`);
      dataDirs.push(dataDir);
      const child = runGramophone(args, {
        DATA_DIR: dataDir,
        PORT: '0',
        AUDIO_PORT: '0',
        AUDIO_LOCAL_DIRS: musicDir,
        DISCORD_TOKEN: emulator.token,
        DISCORD_API_URL: emulator.apiUrl,
        BOT_API_KEYS: BOT_API_KEY,
        // The audio node dials the emulator's voice server over TLS with the test CA.
        NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
        LOG_LEVEL: 'info',
        // The suites add tracks faster than people do; the limit has its own tests
        // (test/api/play-rate-limit.test.ts, src/music/add-rate-limiter.test.ts).
        MUSIC_ADD_RATE: 'off',
        LYRICS_LRCLIB_URL: lrclib.url,
        ...env,
      });
      processes.push(child);
      await child
        .waitForLog((line) => String(line.msg ?? '').startsWith('Gramophone ready'), READY_TIMEOUT_MS)
        .catch((error) => {
          throw new Error(
            `${(error as Error).message}\n${child.stdout().slice(-4000)}\n${child.stderr().slice(-2000)}`,
          );
        });
      return child;
    },
    heardHz(fromMs, toMs) {
      return dominantFrequency(voice.getPcm(ids.guildId, { fromMs, toMs }));
    },
    heardMs() {
      const stats = latest();
      return stats ? stats.decrypted * 20 : 0;
    },
    async startAll(env = {}) {
      const child = await world.start(['start'], {
        DISCORD_CLIENT_ID: emulator.applicationId,
        DISCORD_CLIENT_SECRET: emulator.clientSecret,
        DISCORD_OAUTH_AUTHORIZE_URL: emulator.oauthUrl,
        ...env,
      });
      // PORT=0 and no PUBLIC_URL: the login comes back to http://localhost:<the port it got>.
      const port = String((await readyPorts(child)).PORT);
      return { process: child, port, base: `http://localhost:${port}` };
    },
    logTail(lines = 40) {
      return processes
        .map(
          (child, i) =>
            `--- process ${i} (${child.child.spawnargs.slice(2).join(' ')})\n${child.stdout().split('\n').slice(-lines).join('\n')}${child.stderr().slice(-1000)}`,
        )
        .join('\n');
    },
    async close() {
      for (const child of processes)
        if (child.child.exitCode === null && child.child.signalCode === null) child.kill('SIGKILL');
      await Promise.all(processes.map((child) => child.exited));
      await emulator.close();
      await lrclib.close();
      await voice.close();
      await rm(work, { recursive: true, force: true });
    },
  };
  return world;
}

/** Waits for `check`, polling every 100 ms. */
export const until = (check: () => void | Promise<void>, timeoutMs = 15_000) =>
  eventually(check, timeoutMs, 100);

/**
 * Polls `read` until its value has not changed for `quietMs` of real time and returns that value;
 * throws if it still changes after `timeoutMs`. Each reading waits for pending I/O first, so a
 * stall of this process cannot pass for quiet (a late timer would otherwise read before the
 * packets that arrived meanwhile are handled).
 */
export async function untilSettled(
  read: () => number,
  { quietMs = 1_500, timeoutMs = 15_000 }: { quietMs?: number; timeoutMs?: number } = {},
): Promise<number> {
  const started = performance.now();
  let value = read();
  let since = started;
  for (;;) {
    await afterPendingIo(100);
    const now = performance.now();
    const current = read();
    if (current !== value) {
      value = current;
      since = now;
    } else if (now - since >= quietMs) {
      return value;
    }
    if (now - started > timeoutMs)
      throw new Error(`still changing after ${timeoutMs} ms (last value ${value})`);
  }
}

/** Waits `ms`, then lets the I/O that arrived meanwhile be handled (setImmediate runs after it). */
export async function afterPendingIo(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  await new Promise((resolve) => setImmediate(resolve));
}

/** Where in the staircase track a frequency is, in seconds. */
export function staircaseSecond(hz: number): number {
  return Math.round((hz - STAIRCASE.baseHz) / STAIRCASE.stepHz);
}

async function tone(path: string, hz: number, seconds: number): Promise<void> {
  await ffmpeg(`sine=frequency=${hz}:duration=${seconds}`, path);
}

async function staircase(path: string, seconds: number): Promise<void> {
  const { baseHz, stepHz } = STAIRCASE;
  // Within each whole second the phase is 2π·t·f with f constant: a pure tone of f.
  await ffmpeg(`aevalsrc='0.5*sin(2*PI*t*(${baseHz}+${stepHz}*floor(t)))':s=48000:d=${seconds}`, path);
}

async function ffmpeg(source: string, path: string): Promise<void> {
  await run(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', source],
    // One artist for every file, so a search for it offers them all (the pick list).
    ...['-metadata', 'artist=Test Tones'],
    ...['-ac', '2', '-ar', '48000', '-c:a', 'libopus', '-b:a', '96k', path],
  ]);
}
