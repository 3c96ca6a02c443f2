import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, type ExpectStatic, it } from 'vitest';
import {
  createPlayerEngineFactory,
  type GramophonePlayerEngine,
  type GramophonePlayerEngineFactory,
} from '../../src/audio/playback/index.ts';
import { dominantFrequency, type VoiceServer } from '../../src/emulators/discord/voice/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import {
  BOT_USER_ID,
  CATCH_UP_MS,
  connect,
  fakeTrack,
  makeTone,
  mediaMs,
  newGuildId,
  nextEvent,
  sleep,
  startVoiceServer,
  TONE_HZ,
} from './support.ts';

const LONG_SECONDS = 20;

/** Waits on a busy machine; the timeout only bounds a wait for something that must happen. */
const POLL = { timeout: 10_000, interval: 20 };

/** An engine's frame counters and position at a moment measured with performance.now(). */
function mark(engine: GramophonePlayerEngine) {
  return { at: performance.now(), position: engine.position, ...engine.frames };
}

/**
 * Slots since `from` in which the engine could not play a frame: nulled (its pipeline had
 * nothing yet: ffmpeg restarting, or starved on a loaded machine) or missed (the event loop
 * stalled past catching up). Each held the track back by 20 ms of wall time.
 */
function heldBackMs(engine: GramophonePlayerEngine, from: ReturnType<typeof mark>): number {
  const now = engine.frames;
  return 20 * (now.nulled - from.nulled + now.deficit - from.deficit);
}

/**
 * Real audio end to end: ffmpeg-made tracks played by the engine over @discordjs/voice to the
 * Discord emulator's voice server, which decrypts, counts and decodes what arrives. The slow
 * cases (a 20 s track, a seek to its middle) run concurrently to keep the file near 25 s.
 */
describe.concurrent('playback audio through the voice emulator', () => {
  let dir: string;
  let mp3: string;
  let ogg: string;
  let server: VoiceServer;
  const factories: GramophonePlayerEngineFactory[] = [];
  const engines: GramophonePlayerEngine[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gramophone-playback-'));
    [mp3, ogg, server] = await Promise.all([
      makeTone(dir, 'tone.mp3', LONG_SECONDS),
      makeTone(dir, 'tone.ogg', 6),
      startVoiceServer(),
    ]);
  });

  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.destroy()));
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A connected engine of its own factory (so ffmpeg counts are per test). */
  async function newEngine(): Promise<{
    engine: GramophonePlayerEngine;
    factory: GramophonePlayerEngineFactory;
  }> {
    const factory = createPlayerEngineFactory({ logger: silentLogger() });
    factories.push(factory);
    const engine = factory.create(newGuildId(), BOT_USER_ID);
    engines.push(engine);
    await connect(engine, server);
    return { engine, factory };
  }

  /** Waits until the emulator holds at least `ms` of media for the engine's guild. */
  async function mediaReaches(expect: ExpectStatic, engine: GramophonePlayerEngine, ms: number) {
    await expect.poll(() => mediaMs(server, engine.guildId), POLL).toBeGreaterThanOrEqual(ms);
  }

  it('plays a 20 s 440 Hz MP3 with at least 95 % of its frames, then finishes', async ({ expect }) => {
    const { engine } = await newEngine();
    const started = nextEvent(engine, 'trackStart', 5_000);
    const ended = nextEvent(engine, 'trackEnd', (LONG_SECONDS + 25) * 1000);
    await engine.play(fakeTrack('tone.mp3', LONG_SECONDS * 1000), { source: mp3, container: 'mp3' }, {});
    await started;
    expect(engine.pipeline?.mode).toBe('transcode');
    const [, reason] = await ended;
    expect(reason).toBe('finished');

    const expected = LONG_SECONDS * 50;
    // The last datagrams may still be on their way when the track ends.
    await expect
      .poll(() => server.getStats(engine.guildId)?.decrypted ?? 0, POLL)
      .toBeGreaterThanOrEqual(expected * 0.95);
    const stats = server.getStats(engine.guildId);
    expect(stats?.decryptFailures).toBe(0);
    const frequency = dominantFrequency(server.getPcm(engine.guildId, { fromMs: 1_000, toMs: 19_000 }));
    expect(Math.abs(frequency - TONE_HZ)).toBeLessThanOrEqual(5);
    expect(engine.frames.sent).toBeGreaterThanOrEqual(expected * 0.95);
    console.info(
      `[mp3] packets=${stats?.decrypted}/${expected} lost=${stats?.lost} jitter=${stats?.jitterMs.toFixed(2)}ms ` +
        `dominant=${frequency.toFixed(2)}Hz frames=${JSON.stringify(engine.frames)}`,
    );
  }, 60_000);

  it('seeks to 10 s of a 20 s track and finishes about 10 s later', async ({ expect }) => {
    const { engine } = await newEngine();
    const started = nextEvent(engine, 'trackStart', 5_000);
    await engine.play(fakeTrack('tone.mp3', LONG_SECONDS * 1000), { source: mp3, container: 'mp3' }, {});
    await started;
    await sleep(500);
    const ended = nextEvent(engine, 'trackEnd', 25_000);
    const seekAt = mark(engine);
    await engine.seek(10_000);
    // seek() restarts the pipeline synchronously: no frame slot can run before this line.
    expect(engine.position).toBeGreaterThanOrEqual(10_000);
    expect(engine.position).toBeLessThan(10_100);
    const [, reason] = await ended;
    const seconds = (performance.now() - seekAt.at) / 1000;
    expect(reason).toBe('finished');
    // 10 s of track at one 20 ms frame per slot, plus the slots that could not play a frame
    // (ffmpeg restarting at 10 s, a loaded machine): those are counted, not guessed.
    const heldBack = heldBackMs(engine, seekAt) / 1000;
    expect(Math.abs(seconds - heldBack - 10)).toBeLessThanOrEqual(1.5);
    console.info(
      `[seek] finished ${seconds.toFixed(2)} s after seeking to 10 s (${heldBack.toFixed(2)} s held back)`,
    );
  }, 60_000);

  it('timescale pitch 2.0 moves the 440 Hz tone to about 880 Hz at unchanged speed', async ({ expect }) => {
    const { engine } = await newEngine();
    await engine.setFilters({ timescale: { pitch: 2 } });
    const started = nextEvent(engine, 'trackStart', 5_000);
    await engine.play(fakeTrack('tone.mp3', LONG_SECONDS * 1000), { source: mp3, container: 'mp3' }, {});
    await started;
    const from = mediaMs(server, engine.guildId);
    const start = mark(engine);
    const slept = 3_000;
    await sleep(slept);
    const elapsed = performance.now() - start.at;
    const moved = engine.position - start.position;
    const heldBack = heldBackMs(engine, start);
    await mediaReaches(expect, engine, from + 2_500);
    const pcm = server.getPcm(engine.guildId, { fromMs: from + 500, toMs: from + 2_500 });
    const frequency = dominantFrequency(pcm);
    expect(Math.abs(frequency - 2 * TONE_HZ)).toBeLessThanOrEqual(15);
    // Speed unchanged: 20 ms of track per 20 ms slot. Upwards, no more track than the wall time
    // measured allows (plus the clock's catch-up). Downwards, every slot due within the 3 s
    // asked for has run by now, however late the sleep ended (timers fire in deadline order),
    // each a frame unless it is counted as held back.
    expect(moved).toBeLessThanOrEqual(elapsed + CATCH_UP_MS);
    expect(moved).toBeGreaterThanOrEqual(slept - 40 - heldBack); // 150 slots, less 2 for ms rounding
    expect(engine.pipeline?.ffmpegArgs?.join(' ')).toContain('asetrate=96000');
    engine.stop();
    console.info(
      `[pitch 2.0] dominant=${frequency.toFixed(2)}Hz moved=${moved}ms in ${elapsed.toFixed(0)}ms ` +
        `(held back ${heldBack}ms)`,
    );
  });

  it('passes Ogg Opus through without ffmpeg or re-encoding, and the emulator decodes 440 Hz', async ({
    expect,
  }) => {
    const { engine, factory } = await newEngine();
    const started = nextEvent(engine, 'trackStart', 5_000);
    const ended = nextEvent(engine, 'trackEnd', 15_000);
    await engine.play(fakeTrack('tone.ogg', 6_000), { source: ogg, container: 'ogg-opus' }, {});
    await started;
    expect(engine.pipeline).toEqual({ mode: 'passthrough', ffmpegArgs: null });
    expect(factory.ffmpegProcesses).toBe(0);
    expect((await ended)[1]).toBe('finished');
    await expect
      .poll(() => server.getStats(engine.guildId)?.decrypted ?? 0, POLL)
      .toBeGreaterThanOrEqual(6 * 50 * 0.95);
    const stats = server.getStats(engine.guildId);
    const frequency = dominantFrequency(server.getPcm(engine.guildId, { fromMs: 500, toMs: 5_500 }));
    expect(Math.abs(frequency - TONE_HZ)).toBeLessThanOrEqual(5);
    console.info(`[passthrough] packets=${stats?.decrypted} dominant=${frequency.toFixed(2)}Hz`);
  });

  it('seeks in Ogg Opus by remuxing with ffmpeg (copy, no libopus) and keeps the tone', async ({
    expect,
  }) => {
    const { engine } = await newEngine();
    const started = nextEvent(engine, 'trackStart', 5_000);
    await engine.play(
      fakeTrack('tone.ogg', 6_000),
      { source: ogg, container: 'ogg-opus' },
      { position: 2_000 },
    );
    await started;
    const args = engine.pipeline?.ffmpegArgs ?? [];
    expect(engine.pipeline?.mode).toBe('remux');
    expect(args.join(' ')).toContain('-ss 2.000');
    expect(args.join(' ')).toContain('-c:a copy');
    expect(args).not.toContain('libopus');
    expect(args).not.toContain('-af');
    const from = mediaMs(server, engine.guildId);
    await expect.poll(() => engine.position, POLL).toBeGreaterThanOrEqual(3_300);
    await mediaReaches(expect, engine, from + 1_200);
    const frequency = dominantFrequency(
      server.getPcm(engine.guildId, { fromMs: from + 200, toMs: from + 1_200 }),
    );
    expect(Math.abs(frequency - TONE_HZ)).toBeLessThanOrEqual(5);
    engine.stop();
  });
});
