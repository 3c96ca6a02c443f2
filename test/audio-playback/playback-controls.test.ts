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
import {
  BOT_USER_ID,
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
    factory = createPlayerEngineFactory({ logger: silentLogger(), registry, stuckThresholdMs: 1_000 });
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

  async function playTone(engine: GramophonePlayerEngine, container: 'mp3' | 'ogg-opus' = 'mp3') {
    const started = nextEvent(engine, 'trackStart', 5_000);
    const source = container === 'mp3' ? mp3 : ogg;
    await engine.play(fakeTrack(container, 20_000), { source, container }, {});
    await started;
  }

  it('pause stops the packets and keeps the position; resume continues from it', async () => {
    const engine = await newEngine();
    await playTone(engine);
    await sleep(1_000);
    engine.setPaused(true);
    expect(engine.paused).toBe(true);
    const pausedAt = engine.position;
    await sleep(200); // the 5 trailing silence frames
    const packetsAfterPause = server.getStats(engine.guildId)?.decrypted ?? 0;
    await sleep(1_000);
    expect(server.getStats(engine.guildId)?.decrypted).toBe(packetsAfterPause);
    expect(engine.position).toBe(pausedAt);
    expect(pausedAt).toBeGreaterThan(800);

    engine.setPaused(false);
    await sleep(1_000);
    expect(server.getStats(engine.guildId)?.decrypted ?? 0).toBeGreaterThan(packetsAfterPause + 40);
    expect(engine.position - pausedAt).toBeGreaterThan(800);
    expect(engine.position - pausedAt).toBeLessThan(1_200);
    engine.stop();
  });

  it('volume 0 silences within a second without restarting the track, volume 100 brings it back', async () => {
    const engine = await newEngine();
    await playTone(engine);
    await sleep(1_000);
    const loud = rms(server.getPcm(engine.guildId, { fromMs: 200, toMs: mediaMs(server, engine.guildId) }));

    const beforeMute = engine.position;
    await engine.setVolume(0);
    const muteMedia = mediaMs(server, engine.guildId);
    await sleep(1_500);
    const muted = rms(
      server.getPcm(engine.guildId, { fromMs: muteMedia + 1_000, toMs: mediaMs(server, engine.guildId) }),
    );
    expect(engine.position).toBeGreaterThan(beforeMute + 1_000);
    expect(engine.pipeline?.ffmpegArgs?.join(' ')).toContain('volume=0');

    await engine.setVolume(100);
    const unmuteMedia = mediaMs(server, engine.guildId);
    await sleep(1_500);
    const back = rms(
      server.getPcm(engine.guildId, { fromMs: unmuteMedia + 1_000, toMs: mediaMs(server, engine.guildId) }),
    );

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
    await sleep(1_000);
    const before = engine.position;
    await engine.setFilters({ timescale: { pitch: 2 } });
    await expect.poll(() => engine.pipeline?.mode, { timeout: 1_500, interval: 20 }).toBe('transcode');
    // The new pipeline took over where playback was: neither back to zero nor a jump ahead.
    expect(engine.position).toBeGreaterThan(before);
    expect(engine.position).toBeLessThan(before + 1_500);
    const from = mediaMs(server, engine.guildId);
    await sleep(1_200);
    const pitched = dominantFrequency(server.getPcm(engine.guildId, { fromMs: from + 200 }));
    expect(Math.abs(pitched - 2 * TONE_HZ)).toBeLessThanOrEqual(15);

    await engine.setFilters({});
    // Back to Opus as is, from a position: ffmpeg copies packets (remux), nothing re-encoded.
    await expect.poll(() => engine.pipeline?.mode, { timeout: 1_500, interval: 20 }).toBe('remux');
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
    await sleep(1_500);
    expect(engine.position).toBeGreaterThan(15_800);
    const frequency = dominantFrequency(server.getPcm(engine.guildId, { fromMs: from + 300 }));
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
      await sleep(1_000);
      const frequency = dominantFrequency(server.getPcm(engine.guildId, { fromMs: from + 100 }));
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
    await expect.poll(() => engine.voiceConnected).toBe(false);
    await connect(engine, server);
    expect(engine.voiceConnected).toBe(true);
    await playTone(engine);
    await sleep(500);
    expect(server.getStats(engine.guildId)?.decrypted ?? 0).toBeGreaterThan(15);
    engine.stop();
  });

  it('counts frames in the registry and leaves no ffmpeg process after destroy', async () => {
    const engine = await newEngine();
    await playTone(engine);
    await sleep(300);
    expect(factory.ffmpegProcesses).toBeGreaterThan(0);
    await Promise.all(engines.map((each) => each.destroy()));
    await expect.poll(() => factory.ffmpegProcesses).toBe(0);
    await expect.poll(() => ffmpegChildren()).toEqual([]);
    const metrics = await registry.getMetricsAsJSON();
    const frames = metrics.find((metric) => metric.name === 'gramophone_audio_frames_total');
    const sent = frames?.values.find((value) => value.labels.kind === 'sent')?.value ?? 0;
    expect(sent).toBe(factory.frameTotals.sent);
    expect(sent).toBeGreaterThan(100);
    const gauge = metrics.find((metric) => metric.name === 'gramophone_audio_ffmpeg_processes');
    expect(gauge?.values[0]?.value).toBe(0);
  });
});
