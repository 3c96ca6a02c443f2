/**
 * Playback capacity: how many concurrent players one audio node process carries, for Ogg Opus
 * passthrough and for MP3 transcoding, sending real audio over @discordjs/voice to the Discord
 * emulator's voice server (in its own process, so its decryption does not count against us).
 * Per step: CPU of the node process and of its ffmpeg children, RSS, and the frame deficit over
 * a measurement window; a series stops at the first step above 0.5 % deficit. Bounded to about
 * five minutes. Starts with a short encoder comparison (ffmpeg libopus vs opusscript).
 *
 *   node bin/run-ts.js bench/audio.bench.ts
 *
 * Three processes: this one (prepares tracks and the throwaway CA), a player process started
 * with NODE_EXTRA_CA_CERTS (Node reads it only at start), and the voice server it forks.
 */
import { type ChildProcess, execFile, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import prism from 'prism-media';
import {
  createPlayerEngineFactory,
  type GramophonePlayerEngine,
  type GramophonePlayerEngineFactory,
} from '../src/audio/playback/index.ts';
import { ensureCertificates, extraCaCertsFile, VoiceServer } from '../src/emulators/discord/voice/index.ts';
import { silentLogger } from '../src/logging/index.ts';
import { ffmpegPath } from '../src/media/index.ts';

const run = promisify(execFile);
const ROLE = process.env.GRAMOPHONE_BENCH_ROLE ?? 'main';
const TRACK_SECONDS = 300;
const WARMUP_MS = 3_000;
const WINDOW_MS = 12_000;
const DEFICIT_LIMIT = 0.5;
const TOTAL_BUDGET_MS = 5 * 60_000;
/** Transcoding first: its steps are few and short, passthrough gets the rest of the budget. */
const DEFAULT_SERIES: Record<string, number[]> = {
  transcode: [10, 20, 40, 60, 80],
  passthrough: [10, 50, 100, 200, 300, 500],
};
/** Share of the budget (from the start of the first series) a series may use before the next. */
const TRANSCODE_BUDGET_MS = 110_000;
/** `GRAMOPHONE_BENCH_SERIES="passthrough=100,300;transcode=40"` runs only those steps. */
const SERIES: Record<string, number[]> = process.env.GRAMOPHONE_BENCH_SERIES
  ? Object.fromEntries(
      process.env.GRAMOPHONE_BENCH_SERIES.split(';').map((part) => {
        const [name = '', steps = ''] = part.split('=');
        return [name.trim(), steps.split(',').map(Number)];
      }),
    )
  : DEFAULT_SERIES;
const BOT_USER_ID = '900000000000000077';
const CHANNEL_ID = '800000000000000077';

type VoiceCall =
  | { type: 'allocate'; guildId: string; sessionId: string }
  | { type: 'packets'; guildIds: string[] }
  | { type: 'close' };
type VoiceRequest = VoiceCall & { id: number };

// ── main: tracks, CA, then the player process ────────────────────────────────────────────────
async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'gramophone-audio-bench-'));
  try {
    console.log(
      `audio bench — ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const tone = `sine=frequency=440:duration=${TRACK_SECONDS}:sample_rate=48000`;
    const ffmpeg = (out: string, codec: string[]) =>
      run(ffmpegPath(), [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        tone,
        '-ac',
        '2',
        ...codec,
        out,
      ]);
    await Promise.all([
      ffmpeg(join(dir, 'track.ogg'), ['-c:a', 'libopus', '-b:a', '96k']),
      ffmpeg(join(dir, 'track.mp3'), ['-c:a', 'libmp3lame', '-b:a', '128k']),
    ]);
    const certDir = join(dir, 'ca');
    const { caPath } = await ensureCertificates(certDir);
    const env = {
      ...process.env,
      NODE_EXTRA_CA_CERTS: await extraCaCertsFile(caPath, process.env.NODE_EXTRA_CA_CERTS),
      GRAMOPHONE_BENCH_ROLE: 'players',
      GRAMOPHONE_BENCH_DIR: dir,
    };
    // GRAMOPHONE_BENCH_PROFILE=<dir> writes a CPU profile of the player process there.
    const profileDir = process.env.GRAMOPHONE_BENCH_PROFILE;
    const execArgv = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
    const players = fork('bin/run-ts.js', ['bench/audio.bench.ts'], { env, stdio: 'inherit', execArgv });
    const guard = setTimeout(() => players.kill('SIGKILL'), TOTAL_BUDGET_MS + 60_000);
    const [code] = (await once(players, 'exit')) as [number | null];
    clearTimeout(guard);
    console.log(
      `load average after: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    if (code !== 0) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ── voice: the emulator's voice server, answering the player process over IPC ──────────────────
async function voice(): Promise<void> {
  const certDir = join(process.env.GRAMOPHONE_BENCH_DIR as string, 'ca');
  // Little audio kept per connection: 500 connections × 60 s of frames would be gigabytes.
  const server = await VoiceServer.start({ certDir, retainAudioMs: 1_000, keepReleased: 0 });
  // Never outlive the player process.
  process.once('disconnect', () => process.exit(0));
  process.on('message', async (request: VoiceRequest) => {
    if (request.type === 'allocate') {
      const { guildId, sessionId } = request;
      const result = server.allocate({ guildId, channelId: CHANNEL_ID, userId: BOT_USER_ID, sessionId });
      process.send?.({ id: request.id, result });
    } else if (request.type === 'packets') {
      const wanted = new Set(request.guildIds);
      let packets = 0;
      for (const stats of server.listStats())
        if (wanted.has(stats.guildId) && !stats.released) packets += stats.decrypted;
      process.send?.({ id: request.id, result: packets });
    } else {
      await server.close();
      process.send?.({ id: request.id, result: null });
      process.exit(0);
    }
  });
  process.send?.({ id: 0, result: 'ready' });
}

/** Calls the voice process: one request, one answer by id. */
class VoiceClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  constructor(readonly child: ChildProcess) {
    child.on('message', (message: { id: number; result: unknown }) => {
      this.waiting.get(message.id)?.(message.result);
      this.waiting.delete(message.id);
    });
  }

  call<T>(request: VoiceCall): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.waiting.set(id, resolve as (result: unknown) => void);
      this.child.send({ ...request, id });
    });
  }
}

// ── CPU figures from /proc (children) and process.cpuUsage (ourselves) ─────────────────────────
const CLOCK_TICKS = 100;

/** CPU seconds of our ffmpeg children and of one other child (the voice server), from /proc. */
async function childCpu(voicePid: number): Promise<{ ffmpeg: number; voice: number; ffmpegCount: number }> {
  const figures = { ffmpeg: 0, voice: 0, ffmpegCount: 0 };
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const ppid = Number(fields[1]);
    const seconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    if (Number(entry) === voicePid) figures.voice += seconds;
    else if (ppid === process.pid && name === 'ffmpeg') {
      figures.ffmpeg += seconds;
      figures.ffmpegCount += 1;
    }
  }
  return figures;
}

// ── encoder comparison ───────────────────────────────────────────────────────────────────────
/** CPU seconds per second of audio: ffmpeg decoding + libopus, vs ffmpeg decoding + opusscript here. */
async function compareEncoders(mp3: string): Promise<void> {
  const seconds = 30;
  const bench = async (args: string[]) => {
    const { stderr } = await run(
      ffmpegPath(),
      ['-hide_banner', '-benchmark', '-t', String(seconds), '-i', mp3, ...args],
      {
        encoding: 'buffer',
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const match = /utime=([\d.]+)s stime=([\d.]+)s/.exec(stderr.toString());
    return match ? Number(match[1]) + Number(match[2]) : Number.NaN;
  };
  const libopus = await bench([
    '-ar',
    '48000',
    '-ac',
    '2',
    '-c:a',
    'libopus',
    '-b:a',
    '128k',
    '-f',
    'ogg',
    '-y',
    '/dev/null',
  ]);
  const decodeOnly = await bench(['-f', 's16le', '-ar', '48000', '-ac', '2', '-y', '/dev/null']);
  const { stdout: pcm } = await run(
    ffmpegPath(),
    [
      '-loglevel',
      'error',
      '-t',
      String(seconds),
      '-i',
      mp3,
      '-f',
      's16le',
      '-ar',
      '48000',
      '-ac',
      '2',
      'pipe:1',
    ],
    {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const encoder = new prism.opus.Encoder({ rate: 48_000, channels: 2, frameSize: 960 });
  const before = process.cpuUsage();
  const done = new Promise((resolve) => encoder.on('finish', resolve));
  encoder.on('data', () => {});
  encoder.end(pcm);
  await done;
  const used = process.cpuUsage(before);
  const opusscript = (used.user + used.system) / 1e6;
  const perSecond = (cpu: number) => `${((cpu / seconds) * 100).toFixed(2)} % of a core`;
  console.log('\nencoder comparison (CPU per second of audio, 128 kbit/s stereo):');
  console.log(`  ffmpeg decode + libopus (in ffmpeg):        ${perSecond(libopus)}`);
  console.log(
    `  ffmpeg decode + opusscript (in Node, ${prism.opus.Encoder.type}): ${perSecond(decodeOnly + opusscript)} (${perSecond(opusscript)} on the event loop)`,
  );
}

// ── players: the series ──────────────────────────────────────────────────────────────────────
interface Step {
  players: number;
  nodeCpu: number;
  ffmpegCpu: number;
  voiceCpu: number;
  rssMb: number;
  deficitPct: number;
  nulledPct: number;
  receivedPct: number;
  lagP99Ms: number;
  /** Clock slots run more than 100 ms late (frames sent in a catch-up burst). */
  latePct: number;
  ffmpegCount: number;
  /** Players whose voice connection was not ready at the end of the window. */
  voiceDown: number;
}

async function players(): Promise<void> {
  process.once('disconnect', () => process.exit(1));
  const deadline = performance.now() + TOTAL_BUDGET_MS;
  const dir = process.env.GRAMOPHONE_BENCH_DIR as string;
  await compareEncoders(join(dir, 'track.mp3'));
  const voiceChild = fork('bin/run-ts.js', ['bench/audio.bench.ts'], {
    env: { ...process.env, GRAMOPHONE_BENCH_ROLE: 'voice' },
    stdio: 'inherit',
  });
  const voiceClient = new VoiceClient(voiceChild);
  await new Promise((resolve) => voiceChild.once('message', resolve));
  const factory = createPlayerEngineFactory({ logger: silentLogger() });
  let guildCounter = 0;
  const best: Record<string, number> = {};

  const seriesStart = performance.now();
  for (const [series, counts] of Object.entries(SERIES)) {
    const container = series === 'passthrough' ? ('ogg-opus' as const) : ('mp3' as const);
    const source = join(dir, series === 'passthrough' ? 'track.ogg' : 'track.mp3');
    const seriesDeadline =
      series === 'transcode' && Object.keys(SERIES).length > 1 ? seriesStart + TRANSCODE_BUDGET_MS : deadline;
    const engines: GramophonePlayerEngine[] = [];
    console.log(
      `\n${series} (${container}) — window ${WINDOW_MS / 1000} s after ${WARMUP_MS / 1000} s warm-up`,
    );
    console.log(
      'players  ramp s  node CPU  (machine)  ffmpeg CPU  voice srv CPU  RSS MB  deficit %  nulled %  late %  received %  loop p99  voice down',
    );
    best[series] = 0;
    for (const count of counts) {
      if (performance.now() + WARMUP_MS + WINDOW_MS + 10_000 > seriesDeadline) {
        console.log('  (time budget reached)');
        break;
      }
      const rampStart = performance.now();
      await grow(engines, count, async () => {
        guildCounter += 1;
        const guildId = `6${String(guildCounter).padStart(17, '0')}`;
        const engine = factory.create(guildId, BOT_USER_ID);
        await connectWithRetry(engine, voiceClient, guildCounter);
        const track = benchTrack(series);
        // Keep playing for the whole series.
        engine.on('trackEnd', (_track, reason) => {
          if (reason === 'finished') void engine.play(track, { source, container }, {});
        });
        await engine.play(track, { source, container }, {});
        return engine;
      });
      const ramp = (performance.now() - rampStart) / 1000;
      const step = await measure(engines, voiceClient, factory);
      console.log(
        `${String(step.players).padStart(7)}  ${ramp.toFixed(1).padStart(6)}  ${pct(step.nodeCpu)}  (${pct(step.nodeCpu / cpus().length)})` +
          `  ${pct(step.ffmpegCpu)}  ${pct(step.voiceCpu).padStart(13)}  ${step.rssMb.toFixed(0).padStart(6)}` +
          `  ${step.deficitPct.toFixed(3).padStart(9)}  ${step.nulledPct.toFixed(3).padStart(8)}  ${step.latePct.toFixed(2).padStart(6)}` +
          `  ${step.receivedPct.toFixed(2).padStart(10)}` +
          `  ${step.lagP99Ms.toFixed(1).padStart(6)} ms  ${String(step.voiceDown).padStart(10)}` +
          (series === 'transcode' ? `  (${step.ffmpegCount} ffmpeg)` : ''),
      );
      if (step.deficitPct > DEFICIT_LIMIT) break;
      best[series] = count;
    }
    await Promise.all(engines.map((engine) => engine.destroy()));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  console.log(
    `\nlargest counts under ${DEFICIT_LIMIT} % deficit: passthrough ${best.passthrough}, transcode ${best.transcode}` +
      ` (goal ≥ 500 and ≥ 60); ffmpeg left: ${factory.ffmpegProcesses}`,
  );
  await voiceClient.call({ type: 'close' });
  process.exit(0);
}

function pct(value: number): string {
  return `${value.toFixed(1).padStart(6)} %`;
}

function benchTrack(series: string) {
  return {
    encoded: '',
    info: {
      identifier: series,
      isSeekable: true,
      author: 'bench',
      length: TRACK_SECONDS * 1000,
      isStream: false,
      position: 0,
      title: series,
      uri: null,
      artworkUrl: null,
      isrc: null,
      sourceName: 'local',
    },
    pluginInfo: {},
    userData: {},
  };
}

/** Connects, asking the voice server for a fresh session when a handshake fails (it is UDP). */
async function connectWithRetry(
  engine: GramophonePlayerEngine,
  voiceClient: VoiceClient,
  n: number,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const sessionId = `bench-${n}-${attempt}`;
    const { guildId } = engine;
    const { token, endpoint } = await voiceClient.call<{ token: string; endpoint: string }>({
      type: 'allocate',
      guildId,
      sessionId,
    });
    try {
      await engine.connectVoice({
        guildId,
        userId: BOT_USER_ID,
        token,
        endpoint,
        sessionId,
        channelId: CHANNEL_ID,
      });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
      console.log(`  (voice connection of ${guildId} failed: ${(error as Error).message}; retrying)`);
    }
  }
}

/** Adds players until there are `count`, a few at a time (voice handshakes are TLS). */
async function grow(
  engines: GramophonePlayerEngine[],
  count: number,
  add: () => Promise<GramophonePlayerEngine>,
): Promise<void> {
  while (engines.length < count) {
    const batch = Math.min(10, count - engines.length);
    engines.push(...(await Promise.all(Array.from({ length: batch }, add))));
  }
}

async function measure(
  engines: GramophonePlayerEngine[],
  voiceClient: VoiceClient,
  factory: GramophonePlayerEngineFactory,
): Promise<Step> {
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  const voicePid = voiceClient.child.pid ?? -1;
  const guildIds = engines.map((engine) => engine.guildId);
  const sum = () =>
    engines.reduce(
      (total, engine) => {
        const f = engine.frames;
        return {
          sent: total.sent + f.sent,
          nulled: total.nulled + f.nulled,
          deficit: total.deficit + f.deficit,
        };
      },
      { sent: 0, nulled: 0, deficit: 0 },
    );
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const start = {
    wall: performance.now(),
    cpu: process.cpuUsage(),
    children: await childCpu(voicePid),
    frames: sum(),
    packets: await voiceClient.call<number>({ type: 'packets', guildIds }),
    clock: factory.clockFigures,
  };
  lag.enable();
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  lag.disable();
  const cpu = process.cpuUsage(start.cpu);
  const children = await childCpu(voicePid);
  const frames = sum();
  const packets = await voiceClient.call<number>({ type: 'packets', guildIds });
  const wall = (performance.now() - start.wall) / 1000;
  const sent = frames.sent - start.frames.sent;
  const nulled = frames.nulled - start.frames.nulled;
  const deficit = frames.deficit - start.frames.deficit;
  const clock = factory.clockFigures;
  const clockSlots = clock.slots - start.clock.slots;
  const lateSlots = clock.lateSlots - start.clock.lateSlots;
  const slots = sent + nulled + deficit;
  return {
    players: engines.length,
    nodeCpu: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
    ffmpegCpu: ((children.ffmpeg - start.children.ffmpeg) / wall) * 100,
    voiceCpu: ((children.voice - start.children.voice) / wall) * 100,
    rssMb: process.memoryUsage().rss / 1024 / 1024,
    deficitPct: slots > 0 ? (deficit / slots) * 100 : 0,
    nulledPct: slots > 0 ? (nulled / slots) * 100 : 0,
    receivedPct: ((packets - start.packets) / (engines.length * wall * 50)) * 100,
    lagP99Ms: lag.percentile(99) / 1e6,
    latePct: clockSlots > 0 ? (lateSlots / clockSlots) * 100 : 0,
    ffmpegCount: children.ffmpegCount,
    voiceDown: engines.filter((engine) => !engine.voiceConnected).length,
  };
}

if (ROLE === 'players') await players();
else if (ROLE === 'voice') await voice();
else await main();
