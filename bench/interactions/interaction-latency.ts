/**
 * Slash-command latency of a real `gramophone start` process (every role, embedded database,
 * built-in audio node) against the Discord emulator and its voice server, which run in this
 * process. Each guild has a listener in its voice channel; /play queues a local Ogg Opus file
 * (the first one in a guild joins voice and starts playing for real), /queue shows the queue.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type DiscordEmulator, startDiscordEmulator } from '../../src/emulators/discord/index.ts';
import {
  ensureCertificates,
  extraCaCertsFile,
  VoiceServer,
} from '../../src/emulators/discord/voice/index.ts';
import { ffmpegPath } from '../../src/media/index.ts';
import { freePort, runGramophone } from '../../test/support/gramophone-process.ts';
import { stop } from './gateway-memory.ts';
import { type SeededGuild, seedGuilds } from './guild-seed.ts';
import { type OpenLoopResult, openLoop } from './open-loop.ts';
import { type PhaseLoad, watchPhase } from './process-load.ts';
import { rssBytes } from './process-probe.ts';

export interface LatencyOptions {
  guilds: number;
  rate: number;
  seconds: number;
}

export interface LatencyPhase {
  command: string;
  /** What else was going on: 'idle' (nothing playing) or 'playing'. */
  situation: string;
  result: OpenLoopResult;
  load: PhaseLoad;
}

export interface LatencyReport {
  /** The phases in the order run. */
  phases: LatencyPhase[];
  /** Guilds whose voice connection received audio in the last 2 s of the run. */
  guildsPlaying: number;
  /** RSS of the `gramophone start` process at the end (every role, the players). */
  processRssBytes: number;
  /** The audio node's `GET /v4/loadtracks` times over the run, from its request log. */
  loadTracksMs: number[];
}

const WARMUP_SECONDS = 2;

export async function measureInteractionLatency(
  options: LatencyOptions,
  log: (line: string) => void,
): Promise<LatencyReport> {
  const work = await mkdtemp(join(tmpdir(), 'gramophone-bench-interactions-'));
  const musicDir = join(work, 'music');
  await mkdir(musicDir);
  // Long enough that the first track of every guild still plays while /queue is measured.
  const track = join(musicDir, 'tone-440.ogg');
  await opusTone(track, 440, Math.max(60, options.seconds * 3 + 30));

  const certDir = join(tmpdir(), `gramophone-bench-ca-${userInfo().uid}`);
  const { caPath } = await ensureCertificates(certDir);
  // Only the last second of audio is kept per connection: enough to know it arrived.
  const voice = await VoiceServer.start({ certDir, retainAudioMs: 1_000 });
  let emulator: DiscordEmulator | undefined;
  let gramophone: ReturnType<typeof runGramophone> | undefined;
  try {
    emulator = await startDiscordEmulator({ voice });
    const port = await freePort();
    const guilds = seedGuilds(emulator.control, options.guilds, { listenersInVoice: true });
    gramophone = runGramophone(['start'], {
      DATA_DIR: join(work, 'data'),
      PORT: String(port),
      AUDIO_PORT: String(await freePort()),
      AUDIO_LOCAL_DIRS: musicDir,
      DISCORD_TOKEN: emulator.token,
      DISCORD_API_URL: emulator.apiUrl,
      // The audio node dials the voice server over TLS signed by the bench's throwaway CA.
      NODE_EXTRA_CA_CERTS: await extraCaCertsFile(caPath, process.env.NODE_EXTRA_CA_CERTS),
      LOG_LEVEL: 'info',
    });
    await gramophone
      .waitForLog((line) => String(line.msg ?? '').startsWith('Gramophone ready'), 180_000)
      .catch((error: Error) => {
        throw new Error(`${error.message.slice(-4000)}\n${gramophone?.stderr().slice(-2000)}`);
      });
    log(
      `  gramophone start is ready (pid ${gramophone.child.pid}); ${guilds.length} guilds, a listener in voice in each`,
    );

    const control = emulator.control;
    const slash = (guild: SeededGuild, command: string, commandOptions: Record<string, string> = {}) =>
      control.slashCommand({
        channelId: guild.textChannelId,
        userId: guild.listenerId,
        command,
        options: commandOptions,
        answerTimeoutMs: 30_000,
      });
    const pick = (i: number) => guilds[i % guilds.length] as SeededGuild;
    const count = Math.round(options.rate * options.seconds);

    const pid = gramophone.child.pid;
    if (pid === undefined) throw new Error('gramophone start has no pid');
    const metricsUrl = `http://127.0.0.1:${port}/metrics`;
    const warmup = await openLoop(Math.round(options.rate * WARMUP_SECONDS), options.rate, (i) =>
      slash(pick(i), 'queue'),
    );
    log(`  warm-up: ${warmup.fired} /queue (not counted)`);
    const phases: LatencyPhase[] = [];
    // /queue before anything plays (the interaction path alone), /play (the first in each guild
    // joins voice and starts a player), then /queue again with every guild playing.
    const plan = [
      { command: 'queue', situation: 'idle' },
      { command: 'play', situation: 'starting players' },
      { command: 'queue', situation: 'playing' },
    ];
    for (const { command, situation } of plan) {
      log(
        `  /${command} (${situation}): ${count} interactions at ${options.rate}/s over ${guilds.length} guilds…`,
      );
      const watch = await watchPhase(pid, metricsUrl);
      const result = await openLoop(count, options.rate, (i) =>
        slash(pick(i), command, command === 'play' ? { query: track } : {}),
      );
      phases.push({ command, situation, result, load: await watch.finish() });
    }
    return {
      phases,
      guildsPlaying: guildsReceivingAudio(voice, guilds),
      processRssBytes: await rssBytes(pid),
      loadTracksMs: requestTimes(gramophone.logs(), '/v4/loadtracks'),
    };
  } finally {
    if (gramophone) await stop(gramophone);
    await emulator?.close();
    await voice.close();
    await rm(work, { recursive: true, force: true });
  }
}

/** Response times of the audio node's requests whose URL starts with `path` (Fastify's request log). */
function requestTimes(logs: Record<string, unknown>[], path: string): number[] {
  const wanted = new Set<unknown>();
  const times: number[] = [];
  for (const line of logs) {
    if (line.module !== 'audio-server') continue;
    const url = (line.req as { url?: string } | undefined)?.url;
    if (line.msg === 'incoming request' && url?.startsWith(path)) wanted.add(line.reqId);
    if (line.msg === 'request completed' && wanted.has(line.reqId)) times.push(Number(line.responseTime));
  }
  return times;
}

function guildsReceivingAudio(voice: VoiceServer, guilds: readonly SeededGuild[]): number {
  const recent = Date.now() - 2_000;
  return guilds.filter((guild) => {
    const stats = voice.getStats(guild.guildId);
    return stats !== undefined && stats.decrypted > 0 && (stats.lastPacketAt ?? 0) >= recent;
  }).length;
}

async function opusTone(path: string, hz: number, seconds: number): Promise<void> {
  await promisify(execFile)(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=${seconds}`],
    ...['-ac', '2', '-ar', '48000', '-c:a', 'libopus', '-b:a', '96k', path],
  ]);
}
