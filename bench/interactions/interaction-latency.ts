/**
 * Slash-command latency of a real `gramophone start` process (every role, embedded database,
 * built-in audio node) against the Discord emulator and its voice server, which run in this
 * process. Each guild has a listener in its voice channel; /play queues a local Ogg Opus file
 * (the first one in a guild joins voice and starts playing for real), /queue shows the queue.
 * Phases: /queue with nothing playing; then a player is started in every guild (not timed);
 * /queue with every guild playing; /play queueing more tracks into the playing guilds; the same
 * /play again beside a CPU-burning neighbour (a busy loop on every core), the shared, contended
 * host on which acknowledgements used to miss Discord's 3 s.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  type BotAnswer,
  type DiscordEmulator,
  startDiscordEmulator,
} from '../../src/emulators/discord/index.ts';
import {
  ensureCertificates,
  extraCaCertsFile,
  VoiceServer,
} from '../../src/emulators/discord/voice/index.ts';
import { ffmpegPath } from '../../src/media/index.ts';
import { freePort, runGramophone } from '../../test/support/gramophone-process.ts';
import { type CpuBurner, startCpuBurner } from './cpu-burner.ts';
import { type SeededGuild, seedGuilds } from './guild-seed.ts';
import { type OpenLoopResult, openLoop } from './open-loop.ts';
import { type PhaseLoad, watchPhase } from './process-load.ts';
import { rssBytes, stop } from './process-probe.ts';

export interface LatencyOptions {
  guilds: number;
  rate: number;
  seconds: number;
  /** Where to write the gramophone process's log (JSON lines), to look into a run. */
  logFile?: string | undefined;
  /** Busy-looping processes in the last /play phase (one per core: a neighbour on every core). */
  burners: number;
}

export interface LatencyPhase {
  command: string;
  /** What else was going on, e.g. 'every guild playing'. */
  situation: string;
  /** Busy-looping neighbour processes during the phase (0: none). */
  burners: number;
  result: OpenLoopResult;
  load: PhaseLoad;
}

export interface LatencyReport {
  /** The phases in the order run. */
  phases: LatencyPhase[];
  /**
   * Guilds whose bot connected to the voice server, whose audio arrived at some point, and
   * whose audio was still arriving in the last 2 s of the run.
   */
  voice: { connected: number; heard: number; playingNow: number };
  /** RSS of the `gramophone start` process at the end (every role, the players). */
  processRssBytes: number;
  /** The audio node's `GET /v4/loadtracks` over the run, from its request log. */
  loadTracks: { received: number; completedMs: number[] };
}

const WARMUP_SECONDS = 2;
/** /play commands in flight while the players are started, before the measured phases. */
const PLAYER_START_CONCURRENCY = 5;
const TRACK_TITLE = 'tone-440';

export async function measureInteractionLatency(
  options: LatencyOptions,
  log: (line: string) => void,
): Promise<LatencyReport> {
  const work = await mkdtemp(join(tmpdir(), 'gramophone-bench-interactions-'));
  const musicDir = join(work, 'music');
  await mkdir(musicDir);
  // Long enough that the first track of every guild still plays while /queue is measured.
  const track = join(musicDir, `${TRACK_TITLE}.ogg`);
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
      // One listener per guild plays every 2 s, at the default add rate's edge: the bench
      // measures acknowledgement, so every /play should really load.
      MUSIC_ADD_RATE: 'off',
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
    const slash = async (
      guild: SeededGuild,
      command: string,
      commandOptions: Record<string, string> = {},
    ) => {
      const answer = await control.slashCommand({
        channelId: guild.textChannelId,
        userId: guild.listenerId,
        command,
        options: commandOptions,
        answerTimeoutMs: 30_000,
      });
      // A private answer after a public deferral (a refusal) is an ephemeral follow-up, the
      // deferred message deleted: report its text, so refusals say what they were.
      if (!answer.deferred || answer.messageId !== null) return answer;
      const [followUp] = (await control
        .followUps({ interactionId: answer.interactionId, count: 1 })
        .catch(() => [])) as { content?: string; flags?: number }[];
      return followUp
        ? { ...answer, content: followUp.content ?? '', ephemeral: ((followUp.flags ?? 0) & 64) !== 0 }
        : answer;
    };
    const pick = (i: number) => guilds[i % guilds.length] as SeededGuild;
    const count = Math.round(options.rate * options.seconds);

    const pid = gramophone.child.pid;
    if (pid === undefined) throw new Error('gramophone start has no pid');
    const metricsUrl = `http://127.0.0.1:${port}/metrics`;
    const warmup = await openLoop(Math.round(options.rate * WARMUP_SECONDS), options.rate, (i) =>
      slash(pick(i), 'queue'),
    );
    log(`  warm-up: ${warmup.fired} /queue (not counted)`);
    const worked = (command: string) =>
      // /play names the track it queued in bold (its file name: it has no tags), where a refusal
      // such as "Could not load “/path/tone-440.ogg”" quotes the query; /queue shows an embed.
      command === 'play'
        ? (answer: BotAnswer) => answer.content.includes(`**${TRACK_TITLE}**`)
        : (answer: BotAnswer) => answer.embeds.length > 0;
    const phases: LatencyPhase[] = [];
    const measure = async (command: string, situation: string, burner: CpuBurner | null = null) => {
      log(
        `  /${command} (${situation}): ${count} interactions at ${options.rate}/s over ${guilds.length} guilds ` +
          `(load average ${loadAverage()})…`,
      );
      const watch = await watchPhase(pid, metricsUrl);
      const result = await openLoop(
        count,
        options.rate,
        (i) => slash(pick(i), command, command === 'play' ? { query: track } : {}),
        worked(command),
      );
      phases.push({
        command,
        situation,
        burners: burner?.processes ?? 0,
        result,
        load: await watch.finish(),
      });
    };
    // The interaction path alone, then with a player in every guild, then /play itself (last:
    // at a rate the audio node cannot load tracks at, its backlog would spoil what follows).
    await measure('queue', 'nothing playing');
    const players = await startPlayers(
      guilds,
      (guild) => slash(guild, 'play', { query: track }),
      worked('play'),
    );
    const heard = await waitForAudio(voice, guilds, 30_000);
    log(
      `  players started in ${players.started}/${guilds.length} guilds in ${(players.ms / 1000).toFixed(1)} s ` +
        `(${PLAYER_START_CONCURRENCY} /play at a time, not counted); audio arriving in ${heard}`,
    );
    await measure('queue', 'every guild playing');
    await measure('play', 'queueing into playing guilds');
    // Last: the neighbour slows everything, the emulator and this load generator included.
    const burner = await startCpuBurner(options.burners);
    try {
      await measure('play', `queueing into playing guilds, ${burner.processes} CPU burners`, burner);
    } finally {
      await burner.stop();
    }
    if (options.logFile) await writeFile(options.logFile, gramophone.stdout());
    return {
      phases,
      voice: voiceSummary(voice, guilds),
      processRssBytes: await rssBytes(pid),
      loadTracks: requestTimes(gramophone.logs(), '/v4/loadtracks'),
    };
  } finally {
    if (gramophone) await stop(gramophone);
    await emulator?.close();
    await voice.close();
    await rm(work, { recursive: true, force: true });
  }
}

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * The audio node's requests whose URL starts with `path`, from Fastify's request log: how many
 * arrived, and the response times of those that completed.
 */
function requestTimes(logs: Record<string, unknown>[], path: string): LatencyReport['loadTracks'] {
  const wanted = new Set<unknown>();
  const completedMs: number[] = [];
  for (const line of logs) {
    if (line.module !== 'audio-server') continue;
    const url = (line.req as { url?: string } | undefined)?.url;
    if (line.msg === 'incoming request' && url?.startsWith(path)) wanted.add(line.reqId);
    if (line.msg === 'request completed' && wanted.has(line.reqId))
      completedMs.push(Number(line.responseTime));
  }
  return { received: wanted.size, completedMs };
}

/** One /play per guild, a few at a time, waiting for each answer: the players to measure beside. */
async function startPlayers(
  guilds: readonly SeededGuild[],
  play: (guild: SeededGuild) => Promise<BotAnswer>,
  worked: (answer: BotAnswer) => boolean,
): Promise<{ started: number; ms: number }> {
  const begin = performance.now();
  const queue = [...guilds];
  let started = 0;
  const worker = async () => {
    for (let guild = queue.shift(); guild; guild = queue.shift()) {
      const answer = await play(guild).catch(() => null);
      if (answer && worked(answer)) started += 1;
    }
  };
  await Promise.all(Array.from({ length: PLAYER_START_CONCURRENCY }, worker));
  return { started, ms: performance.now() - begin };
}

/** Waits until audio arrives from every guild, or `timeoutMs`; returns how many guilds it arrives from. */
async function waitForAudio(
  voice: VoiceServer,
  guilds: readonly SeededGuild[],
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { playingNow } = voiceSummary(voice, guilds);
    if (playingNow === guilds.length || Date.now() > deadline) return playingNow;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Per guild: did the bot connect to voice, did audio ever arrive, is it arriving now. */
function voiceSummary(voice: VoiceServer, guilds: readonly SeededGuild[]): LatencyReport['voice'] {
  const recent = Date.now() - 2_000;
  const summary = { connected: 0, heard: 0, playingNow: 0 };
  for (const guild of guilds) {
    const stats = voice.getStats(guild.guildId);
    if (!stats) continue;
    if (stats.connected) summary.connected += 1;
    if (stats.decrypted > 0) summary.heard += 1;
    if ((stats.lastPacketAt ?? 0) >= recent) summary.playingNow += 1;
  }
  return summary;
}

async function opusTone(path: string, hz: number, seconds: number): Promise<void> {
  await promisify(execFile)(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-nostdin', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=${hz}:duration=${seconds}`],
    ...['-ac', '2', '-ar', '48000', '-c:a', 'libopus', '-b:a', '96k', path],
  ]);
}
