import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackEndReason } from '../../src/audio/contracts.ts';
import {
  createPlayerEngineFactory,
  type GramophonePlayerEngine,
  type GramophonePlayerEngineFactory,
} from '../../src/audio/playback/index.ts';
import { dominantFrequency, type VoiceServer } from '../../src/emulators/discord/voice/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createNetGuard } from '../../src/net-guard/index.ts';
import {
  BOT_USER_ID,
  CATCH_UP_MS,
  connect,
  fakeTrack,
  ffmpegChildren,
  makeTone,
  mediaMs,
  newGuildId,
  nextEvent,
  rms,
  sleep,
  startVoiceServer,
  TONE_HZ,
} from './support.ts';

/**
 * Waits on a busy machine: ffmpeg starting and timers firing late take what they take. The
 * timeout only bounds a wait for something that must happen; no assertion depends on it.
 */
const POLL = { timeout: 10_000, interval: 20 };

/**
 * Player controls against the voice emulator: pause/resume, volume, filters switching pipelines,
 * stop/replace/destroy reasons, broken and stalled inputs, voice closes, and no ffmpeg left over.
 */
describe('playback controls through the voice emulator', () => {
  let dir: string;
  let mp3: string;
  let ogg: string;
  let server: VoiceServer;
  let factory: GramophonePlayerEngineFactory;
  const registry = new Registry();
  const engines: GramophonePlayerEngine[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gramophone-playback-'));
    [mp3, ogg, server] = await Promise.all([
      makeTone(dir, 'tone.mp3', 20),
      makeTone(dir, 'tone.ogg', 20),
      startVoiceServer(),
    ]);
    factory = createPlayerEngineFactory({
      logger: silentLogger(),
      registry,
      stuckThresholdMs: 1_000,
      // The test's web server is on loopback, which the node refuses unless allowed.
      netGuard: createNetGuard({ allow: ['127.0.0.1'] }),
    });
  });

  afterAll(async () => {
    await Promise.all(engines.map((engine) => engine.destroy()));
    await server?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function newEngine(): Promise<GramophonePlayerEngine> {
    const engine = factory.create(newGuildId(), BOT_USER_ID);
    engines.push(engine);
    await connect(engine, server);
    return engine;
  }

  /** Waits until the emulator holds at least `ms` of media for the engine's guild. */
  async function mediaReaches(engine: GramophonePlayerEngine, ms: number): Promise<void> {
    await expect.poll(() => mediaMs(server, engine.guildId), POLL).toBeGreaterThanOrEqual(ms);
  }

  /** Polls the decrypted packet count until it has stayed the same for `quietMs`, and returns it. */
  async function settledPackets(guildId: string, quietMs = 300): Promise<number> {
    const deadline = performance.now() + POLL.timeout;
    let count = server.getStats(guildId)?.decrypted ?? 0;
    let since = performance.now();
    while (performance.now() - since < quietMs) {
      if (performance.now() > deadline) throw new Error(`packets still arriving after ${POLL.timeout} ms`);
      await sleep(POLL.interval);
      const now = server.getStats(guildId)?.decrypted ?? 0;
      if (now !== count) {
        count = now;
        since = performance.now();
      }
    }
    return count;
  }

  async function playTone(engine: GramophonePlayerEngine, container: 'mp3' | 'ogg-opus' = 'mp3') {
    const started = nextEvent(engine, 'trackStart', 5_000);
    const source = container === 'mp3' ? mp3 : ogg;
    await engine.play(fakeTrack(container, 20_000), { source, container }, {});
    await started;
  }

  it('pause stops the packets and keeps the position; resume continues from it', async () => {
    const engine = await newEngine();
    await playTone(engine);
    // Well into the track first, so that keeping the position means something.
    await expect.poll(() => engine.position, POLL).toBeGreaterThan(800);
    engine.setPaused(true);
    expect(engine.paused).toBe(true);
    const pausedAt = engine.position;
    // The 5 trailing silence frames go out; once the count has settled, a further second
    // (at least; a late timer only makes it longer) brings no packet and no position change.
    const packetsAfterPause = await settledPackets(engine.guildId);
    await sleep(1_000);
    expect(server.getStats(engine.guildId)?.decrypted).toBe(packetsAfterPause);
    expect(engine.position).toBe(pausedAt);

    engine.setPaused(false);
    const resumedAt = performance.now();
    await expect.poll(() => engine.position - pausedAt, POLL).toBeGreaterThan(800);
    // Continued from where it paused, not ahead by the paused time (at least 1.3 s): no
    // further than the time measured since the resume allows.
    const elapsed = performance.now() - resumedAt;
    expect(engine.position - pausedAt).toBeLessThanOrEqual(elapsed + CATCH_UP_MS);
    await expect
      .poll(() => server.getStats(engine.guildId)?.decrypted ?? 0, POLL)
      .toBeGreaterThan(packetsAfterPause + 40);
    engine.stop();
  });

  it('volume 0 silences without restarting the track once its pipeline takes over, volume 100 brings it back', async () => {
    const engine = await newEngine();
    await playTone(engine);
    await mediaReaches(engine, 1_200);
    const loud = rms(server.getPcm(engine.guildId, { fromMs: 200, toMs: 1_200 }));

    /**
     * Sets the volume, waits until the pipeline made for it has taken over (ffmpeg starts
     * ahead; on a loaded machine it may come up late, and the old one plays on meanwhile), then
     * returns the RMS of one second of what followed the switch.
     */
    const rmsAfter = async (volume: number, switched: (args: string) => boolean): Promise<number> => {
      const asked = performance.now();
      await engine.setVolume(volume);
      await expect.poll(() => switched(engine.pipeline?.ffmpegArgs?.join(' ') ?? ''), POLL).toBe(true);
      // Skips the packets in flight at the switch and the decoder settling on the new stream.
      const fromMs = mediaMs(server, engine.guildId) + 300;
      await mediaReaches(engine, fromMs + 1_000);
      console.info(`[volume ${volume}] switched after ${(performance.now() - asked).toFixed(0)} ms`);
      return rms(server.getPcm(engine.guildId, { fromMs, toMs: fromMs + 1_000 }));
    };

    const beforeMute = engine.position;
    const muted = await rmsAfter(0, (args) => args.includes('volume=0'));
    // Over 1.3 s of media went out since: the track went on, it did not start again.
    expect(engine.position).toBeGreaterThan(beforeMute + 1_000);
    const back = await rmsAfter(100, (args) => !args.includes('volume='));

    // ffmpeg's sine is 1/8 full scale, −3 dB per channel once upmixed to stereo: RMS ≈ 0.06.
    expect(loud).toBeGreaterThan(0.04);
    expect(muted).toBeLessThan(loud / 100);
    expect(back).toBeGreaterThan(loud * 0.8);
    engine.stop();
    console.info(`[volume] rms loud=${loud.toFixed(4)} muted=${muted.toFixed(5)} back=${back.toFixed(4)}`);
  });

  it('switches Opus passthrough to transcoding for filters and back, keeping the position', async () => {
    const engine = await newEngine();
    await playTone(engine, 'ogg-opus');
    expect(engine.pipeline?.mode).toBe('passthrough');
    await expect.poll(() => engine.position, POLL).toBeGreaterThan(800);
    const before = engine.position;
    const framesBefore = engine.frames;
    /**
     * The position moved by exactly the 20 ms frames taken since `before` (pitch keeps the
     * speed): all those sent, and at most those nulled (a nulled slot may not have taken a
     * frame). Counted, so it holds however slowly the machine ran meanwhile.
     */
    const expectPositionFollowsFrames = () => {
      const moved = engine.position - before;
      const sent = engine.frames.sent - framesBefore.sent;
      const nulled = engine.frames.nulled - framesBefore.nulled;
      expect(moved).toBeGreaterThanOrEqual(20 * sent - 20);
      expect(moved).toBeLessThanOrEqual(20 * (sent + nulled) + 20);
    };
    await engine.setFilters({ timescale: { pitch: 2 } });
    await expect.poll(() => engine.pipeline?.mode, POLL).toBe('transcode');
    // The new pipeline took over where playback was: neither back to zero nor a jump ahead.
    expect(engine.position).toBeGreaterThan(before);
    expectPositionFollowsFrames();
    const from = mediaMs(server, engine.guildId);
    await mediaReaches(engine, from + 1_200);
    const pitched = dominantFrequency(
      server.getPcm(engine.guildId, { fromMs: from + 200, toMs: from + 1_200 }),
    );
    expect(Math.abs(pitched - 2 * TONE_HZ)).toBeLessThanOrEqual(15);
    // And the pitched pipeline plays at the same speed: over a second of its frames since.
    expectPositionFollowsFrames();

    await engine.setFilters({});
    // Back to Opus as is, from a position: ffmpeg copies packets (remux), nothing re-encoded.
    await expect.poll(() => engine.pipeline?.mode, POLL).toBe('remux');
    expect(engine.pipeline?.ffmpegArgs).not.toContain('libopus');
    engine.stop();
  });

  it('ends tracks with stopped, replaced, finished at endTime, and cleanup on destroy', async () => {
    const engine = await newEngine();
    const reasons: TrackEndReason[] = [];
    engine.on('trackEnd', (_track, reason) => reasons.push(reason));

    await playTone(engine);
    engine.stop();
    expect(engine.track).toBeNull();
    expect(engine.status).toBe('idle');

    await playTone(engine);
    await playTone(engine, 'ogg-opus');
    expect(engine.track?.info.identifier).toBe('ogg-opus');

    const ended = nextEvent(engine, 'trackEnd', 5_000);
    engine.setEndTime(engine.position + 600);
    const [, reason] = await ended;
    expect(reason).toBe('finished');

    await playTone(engine);
    await engine.destroy();
    expect(reasons).toEqual(['stopped', 'replaced', 'finished', 'cleanup']);
    await expect(engine.play(fakeTrack('x', 1), { source: mp3, container: 'mp3' }, {})).rejects.toThrow(
      /destroyed/,
    );
  });

  it('reports a broken input as an exception then loadFailed, and releases it', async () => {
    const engine = await newEngine();
    const garbage = join(dir, 'garbage.ogg');
    await writeFile(garbage, Buffer.alloc(64 * 1024, 7));
    for (const input of [
      { source: join(dir, 'missing.mp3'), container: 'mp3' as const },
      { source: garbage, container: 'ogg-opus' as const },
    ]) {
      let closed = 0;
      const exception = nextEvent(engine, 'trackException', 5_000);
      const ended = nextEvent(engine, 'trackEnd', 5_000);
      await engine.play(fakeTrack('broken', 1_000), { ...input, close: () => closed++ }, {});
      const [, error] = await exception;
      expect(error.severity).toBe('common');
      expect(error.message?.length).toBeGreaterThan(0);
      expect((await ended)[1]).toBe('loadFailed');
      expect(closed).toBe(1);
    }
  });

  it('plays a stream input through ffmpeg stdin and can seek in it', async () => {
    const engine = await newEngine();
    const started = nextEvent(engine, 'trackStart', 5_000);
    await engine.play(fakeTrack('stream', 20_000), { source: createReadStream(mp3), container: 'mp3' }, {});
    await started;
    await sleep(500);
    await engine.seek(15_000);
    const from = mediaMs(server, engine.guildId);
    await expect.poll(() => engine.position, POLL).toBeGreaterThan(15_800);
    await mediaReaches(engine, from + 1_300);
    const frequency = dominantFrequency(
      server.getPcm(engine.guildId, { fromMs: from + 300, toMs: from + 1_300 }),
    );
    expect(Math.abs(frequency - TONE_HZ)).toBeLessThanOrEqual(5);
    engine.stop();
  });

  it('passes Opus from an HTTP URL through in-process, with the input headers; 404 fails to load', async () => {
    const body = await readFile(ogg);
    const seenHeaders: (string | undefined)[] = [];
    const http = createServer((request, response) => {
      seenHeaders.push(request.headers['x-test-token'] as string | undefined);
      if (request.url !== '/tone.ogg') return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': 'audio/ogg' }).end(body);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    try {
      const engine = await newEngine();
      const started = nextEvent(engine, 'trackStart', 5_000);
      const input = { container: 'ogg-opus' as const, headers: { 'x-test-token': 'abc' } };
      await engine.play(
        fakeTrack('http', 20_000),
        { ...input, source: `http://127.0.0.1:${port}/tone.ogg` },
        {},
      );
      await started;
      expect(engine.pipeline).toEqual({ mode: 'passthrough', ffmpegArgs: null });
      const from = mediaMs(server, engine.guildId);
      await mediaReaches(engine, from + 1_100);
      const frequency = dominantFrequency(
        server.getPcm(engine.guildId, { fromMs: from + 100, toMs: from + 1_100 }),
      );
      expect(Math.abs(frequency - TONE_HZ)).toBeLessThanOrEqual(5);
      expect(seenHeaders).toEqual(['abc']);

      const failed = nextEvent(engine, 'trackEnd', 5_000);
      await engine.play(
        fakeTrack('missing', 20_000),
        { ...input, source: `http://127.0.0.1:${port}/missing.ogg` },
        {},
      );
      expect((await failed)[1]).toBe('replaced');
      expect((await nextEvent(engine, 'trackEnd', 5_000))[1]).toBe('loadFailed');
    } finally {
      http.close();
    }
  });

  it('reports trackStuck when the input stalls', async () => {
    const engine = await newEngine();
    // ffmpeg's Ogg pages hold a second each (about 12 KiB here): two full pages, then nothing.
    const head = (await readFile(ogg)).subarray(0, 30 * 1024);
    const stalled = new PassThrough();
    stalled.write(head);
    const stuck = nextEvent(engine, 'trackStuck', 6_000);
    await engine.play(fakeTrack('stalled', 20_000), { source: stalled, container: 'ogg-opus' }, {});
    const [track, threshold] = await stuck;
    expect(track.info.identifier).toBe('stalled');
    expect(threshold).toBe(1_000);
    expect(engine.frames.nulled).toBeGreaterThanOrEqual(50);
    engine.stop();
  });

  it('reports a voice close by Discord and reconnects with new voice info', async () => {
    const engine = await newEngine();
    expect(engine.voiceConnected).toBe(true);
    const closed = nextEvent(engine, 'voiceClosed', 5_000);
    server.release(engine.guildId, BOT_USER_ID);
    const [code, , byRemote] = await closed;
    expect(code).toBe(4014);
    expect(byRemote).toBe(true);
    await expect.poll(() => engine.voiceConnected, POLL).toBe(false);
    await connect(engine, server);
    expect(engine.voiceConnected).toBe(true);
    await playTone(engine);
    await expect.poll(() => server.getStats(engine.guildId)?.decrypted ?? 0, POLL).toBeGreaterThan(15);
    engine.stop();
  });

  it('counts frames in the registry and leaves no ffmpeg process after destroy', async () => {
    const engine = await newEngine();
    await playTone(engine);
    await sleep(300);
    expect(factory.ffmpegProcesses).toBeGreaterThan(0);
    await Promise.all(engines.map((each) => each.destroy()));
    await expect.poll(() => factory.ffmpegProcesses, POLL).toBe(0);
    await expect.poll(() => ffmpegChildren(), POLL).toEqual([]);
    const metrics = await registry.getMetricsAsJSON();
    const frames = metrics.find((metric) => metric.name === 'gramophone_audio_frames_total');
    const sent = frames?.values.find((value) => value.labels.kind === 'sent')?.value ?? 0;
    expect(sent).toBe(factory.frameTotals.sent);
    expect(sent).toBeGreaterThan(100);
    const gauge = metrics.find((metric) => metric.name === 'gramophone_audio_ffmpeg_processes');
    expect(gauge?.values[0]?.value).toBe(0);
  });
});
