import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Gauge } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LoadResult, SourceManager, Track } from '../../src/audio/contracts.ts';
import { createSourceManager } from '../../src/audio/sources/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import { createNetGuard } from '../../src/net-guard/index.ts';
import { makeAudioFile } from './support/audio-fixtures.ts';
import { GatedAudioServer, type Served } from './support/gated-audio-server.ts';

/**
 * The hardening issue: ten parallel loads of 100-entry playlists made hundreds of upstream
 * requests and dozens of ffmpeg probes at once. The node must keep to its caps, measured from
 * the far side: a server that counts what is open at once and holds its answers until the node
 * has shown all the concurrency it is going to (the node's queue gauges say who waits), so a
 * missing cap shows as a higher peak every time, not by luck of timing.
 */
const PROBE_CAP = 4;
const ENTRY_CAP = 16;
const PER_LOAD = 4;
const LOADS = 10;
const ENTRIES = 100;

let dir: string;
let server: GatedAudioServer;
let sources: SourceManager;
const registry = createMetricsRegistry({ instance: 'test', roles: 'audio' });
const guard = createNetGuard({ allow: ['127.0.0.1'] });

/** A playlist of `ENTRIES` paths under `folder`, each `name(n)`. */
const m3u = (folder: string, name: (n: number) => string) =>
  [
    '#EXTM3U',
    ...Array.from({ length: ENTRIES }, (_, n) => [`#EXTINF:-1,Entry ${n}`, `${folder}/${name(n)}`]).flat(),
  ].join('\n');

/** Running and waiting counts of one of the node's queues, from its gauge. */
async function queue(name: string): Promise<{ running: number; waiting: number }> {
  const gauge = registry.getSingleMetric(name) as Gauge<'state'> | undefined;
  const values = gauge ? (await gauge.get()).values : [];
  const of = (state: string) => values.find((v) => v.labels.state === state)?.value ?? 0;
  return { running: of('running'), waiting: of('waiting') };
}

/** Waits for a condition on counts; how long it takes decides nothing. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

function playlistTracks(result: LoadResult): Track[] {
  if (result.loadType !== 'playlist') throw new Error(`expected a playlist, got ${JSON.stringify(result)}`);
  return result.data.tracks;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gramophone-load-concurrency-'));
  // Longer than the 128 KB an entry's probe reads, so its length must come from ffmpeg; the
  // short MP3 carries its length in the first bytes and is never probed.
  const [wav, mp3] = await Promise.all([
    makeAudioFile(dir, 'long', 'wav', 3),
    makeAudioFile(dir, 'short', 'mp3', 2),
  ]);
  const lists = new Map<string, string>();
  // Ten different playlists; only each one's first PER_LOAD entries need ffmpeg, which is all
  // the first wave holds, and keeps the run to 40 probes instead of 1,000.
  for (let k = 0; k < LOADS; k += 1)
    lists.set(
      `/lists/${k}.m3u`,
      m3u(`/lists/${k}`, (n) => (n < PER_LOAD ? `${n}.wav` : `${n}.mp3`)),
    );
  lists.set(
    '/same.m3u',
    m3u('/same', (n) => `${n}.wav`),
  );
  server = await GatedAudioServer.start((path): Served | null => {
    const text = lists.get(path);
    if (text) return { text, contentType: 'audio/x-mpegurl' };
    if (/^\/(lists\/\d+|same)\/\d+\.wav$/.test(path)) return { file: wav, contentType: 'audio/wav' };
    if (/^\/lists\/\d+\/\d+\.mp3$/.test(path)) return { file: mp3, contentType: 'audio/mpeg' };
    return null;
  });
  sources = await createSourceManager({
    localDirs: [],
    logger: silentLogger(),
    registry,
    netGuard: guard,
    // The held answers, not a deadline, decide when entries load: no entry may be left unprobed.
    fetchTimeoutMs: 120_000,
    maxConcurrentProbes: PROBE_CAP,
    maxConcurrentEntryFetches: ENTRY_CAP,
  });
}, 60_000);

afterAll(async () => {
  await sources?.close();
  await guard.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => server.reset());

describe('ten playlists of 100 entries loaded at once', () => {
  it('never fetches more entries or runs more ffmpeg probes at once than the node-wide caps', async () => {
    server.hold('entry');
    server.hold('probe');
    const loads = Array.from({ length: LOADS }, (_, k) => sources.load(server.url(`/lists/${k}.m3u`)));

    // Every load's workers want an entry: 40 in all. Answers wait until each of them is either at
    // the server or queued in the node, so a missing cap could not hide behind a quick answer.
    await until(async () => {
      const entries = await queue('gramophone_audio_playlist_entry_fetches');
      const open = server.figures('entry').open;
      return (
        open > ENTRY_CAP ||
        (entries.running + entries.waiting >= LOADS * PER_LOAD && open === entries.running)
      );
    });
    expect(server.figures('entry').peak).toBe(ENTRY_CAP);
    expect(server.peakEntriesPerList).toBe(PER_LOAD);
    server.release('entry');
    // The first wave's entries now all want ffmpeg, each keeping its entry slot meanwhile.
    await until(async () => {
      const probes = await queue('gramophone_audio_probes');
      const open = server.figures('probe').open;
      return open > PROBE_CAP || (probes.running + probes.waiting >= ENTRY_CAP && open === probes.running);
    });
    expect(server.figures('probe').peak).toBe(PROBE_CAP);
    server.release('probe');
    const results = await Promise.all(loads);

    // …and nor did they later, with answers coming as fast as the node asks.
    expect(server.figures('entry').peak).toBe(ENTRY_CAP);
    expect(server.peakEntriesPerList).toBe(PER_LOAD);
    expect(server.figures('probe').peak).toBe(PROBE_CAP);
    expect(server.figures('playlist').total).toBe(LOADS);
    // Different playlists share nothing: each entry fetched once, each WAV probed by one ffmpeg.
    expect(server.figures('entry').total).toBe(LOADS * ENTRIES);
    const probed = [...server.requestsPerPath].filter(([key]) => key.startsWith('probe '));
    expect(probed).toHaveLength(LOADS * PER_LOAD);
    for (const result of results) {
      const tracks = playlistTracks(result);
      expect(tracks).toHaveLength(ENTRIES);
      expect(tracks.slice(0, PER_LOAD).map((track) => track.info.length)).toEqual(Array(PER_LOAD).fill(3000));
    }
  });

  it('fetches and probes each entry of one playlist once when ten loads of it overlap', async () => {
    // The ten loads have all begun once their ten playlist requests wait together.
    server.holdUntil('playlist', LOADS);
    const results = await Promise.all(
      Array.from({ length: LOADS }, () => sources.load(server.url('/same.m3u'))),
    );

    expect(server.figures('playlist').total).toBe(LOADS);
    expect(server.figures('entry').total).toBe(ENTRIES);
    const probed = [...server.requestsPerPath].filter(([key]) => key.startsWith('probe '));
    expect(probed).toHaveLength(ENTRIES);
    // ffmpeg reads a WAV's header and may seek once; never more than a few requests per probe.
    for (const [, count] of probed) expect(count).toBeLessThanOrEqual(3);
    expect(server.figures('entry').peak).toBeLessThanOrEqual(ENTRY_CAP);
    expect(server.figures('probe').peak).toBeLessThanOrEqual(PROBE_CAP);
    const first = playlistTracks(results[0] as LoadResult);
    expect(first.map((track) => track.info.length)).toEqual(Array(ENTRIES).fill(3000));
    for (const result of results) expect(playlistTracks(result)).toEqual(first);
  });
});
