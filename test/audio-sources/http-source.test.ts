import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult, SourceManager } from '../../src/audio/contracts.ts';
import { createSourceManager } from '../../src/audio/sources/index.ts';
import { decodeTrack } from '../../src/lavalink/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import { createNetGuard } from '../../src/net-guard/index.ts';
import { type FixtureFormat, makeAudioFile } from './support/audio-fixtures.ts';
import { AudioTestServer, closedPort } from './support/audio-server.ts';
import { expectTrack } from './support/expect-track.ts';

const FORMATS: { format: FixtureFormat; contentType: string; container: string }[] = [
  { format: 'mp3', contentType: 'audio/mpeg', container: 'mp3' },
  { format: 'ogg', contentType: 'audio/ogg', container: 'ogg-opus' },
  { format: 'webm', contentType: 'audio/webm', container: 'webm-opus' },
  { format: 'flac', contentType: 'audio/flac', container: 'flac' },
  { format: 'wav', contentType: 'audio/wav', container: 'wav' },
  { format: 'm4a', contentType: 'audio/mp4', container: 'aac' },
];

let dir: string;
let server: AudioTestServer;
let sources: SourceManager;
const registry = createMetricsRegistry({ instance: 'test', roles: 'audio' });
/** The test server is on loopback, which the node refuses unless the operator allows it. */
const loopbackAllowed = createNetGuard({ allow: ['127.0.0.1'] });

function expectError(result: LoadResult): string {
  if (result.loadType !== 'error') throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  expect(result.data.severity).toBe('common');
  return result.data.message ?? '';
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gramophone-http-src-'));
  server = await AudioTestServer.start();
  await Promise.all(
    FORMATS.map(async ({ format, contentType }) => {
      const path = await makeAudioFile(dir, 'tone', format, 3, {
        title: `Tone ${format}`,
        artist: 'Test Artist',
      });
      server.file(`/files/tone.${format}`, path, contentType);
    }),
  );
  // Longer than the 512 KB the probe reads: WAV's length then comes from ffmpeg, MP3's from its header.
  const longWav = await makeAudioFile(dir, 'long', 'wav', 12, { title: 'Long WAV' });
  const longMp3 = await makeAudioFile(dir, 'long', 'mp3', 40, { title: 'Long MP3' });
  server.file('/files/long.wav', longWav, 'audio/wav').file('/files/long.mp3', longMp3, 'audio/mpeg');
  // An mp3 sent as octet-stream: recognised by its bytes, not its content type.
  server.file('/files/untyped', join(dir, 'tone.mp3'), 'application/octet-stream');
  server.endless('/live', join(dir, 'tone.mp3'), { 'content-type': 'audio/mpeg' });
  server.endless('/radio', join(dir, 'tone.ogg'), {
    'content-type': 'audio/ogg',
    'icy-name': 'Test Radio FM',
  });
  server.text('/page.html', '<!doctype html><html><body>Hello</body></html>', 'text/html; charset=utf-8');
  server.text(
    '/list.m3u',
    [
      '#EXTM3U',
      '#PLAYLIST:Evening',
      '#EXTINF:3,Someone - Tone MP3',
      'files/tone.mp3',
      '#EXTINF:3,Flac',
      `${server.url('/files/tone.flac')}`,
      'file:///etc/passwd',
      '/missing.mp3',
      '',
    ].join('\n'),
    'audio/x-mpegurl',
  );
  server.text(
    '/radio.pls',
    [
      '[playlist]',
      'NumberOfEntries=2',
      `File2=${server.url('/files/tone.wav')}`,
      'Title2=Second',
      'File1=/radio',
      'Title1=Radio',
      'Length1=-1',
      'Version=2',
    ].join('\n'),
    'audio/x-scpls',
  );
  server.text(
    '/hls.m3u8',
    '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6,\nseg1.ts\n',
    'application/vnd.apple.mpegurl',
  );
  sources = await createSourceManager({
    localDirs: [],
    logger: silentLogger(),
    registry,
    fetchTimeoutMs: 5000,
    netGuard: loopbackAllowed,
  });
}, 60_000);

afterAll(async () => {
  await sources?.close();
  await loopbackAllowed.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('http(s) files', () => {
  it.each(FORMATS)(
    'loads a $format file with its tags and length, and opens it as $container',
    async (fixture) => {
      const url = server.url(`/files/tone.${fixture.format}`);
      const track = expectTrack(await sources.load(url));
      expect(track.info).toMatchObject({
        identifier: url,
        uri: url,
        sourceName: 'http',
        title: `Tone ${fixture.format}`,
        author: 'Test Artist',
        isStream: false,
        isSeekable: true,
        isrc: null,
      });
      expect(Math.abs(track.info.length - 3000)).toBeLessThanOrEqual(50);
      const input = await sources.open(track.info);
      expect(input).toMatchObject({ source: url, container: fixture.container });
    },
  );

  it('reads the length of a file longer than the probe: from ffmpeg for WAV, from the header for MP3', async () => {
    const wav = expectTrack(await sources.load(server.url('/files/long.wav')));
    expect(Math.abs(wav.info.length - 12_000)).toBeLessThanOrEqual(50);
    expect(wav.info.title).toBe('Long WAV');
    // ffmpeg found the length with ranged requests after the probe's plain GET.
    expect(server.requests.filter((r) => r.path === '/files/long.wav').length).toBeGreaterThan(1);
    const mp3 = expectTrack(await sources.load(server.url('/files/long.mp3')));
    expect(Math.abs(mp3.info.length - 40_000)).toBeLessThanOrEqual(50);
    // The MP3 needed no ffmpeg: one GET for the probe, no ranged requests.
    expect(server.requests.filter((r) => r.path === '/files/long.mp3')).toHaveLength(1);
  });

  it('recognises audio by its bytes when the content type says nothing', async () => {
    const track = expectTrack(await sources.load(server.url('/files/untyped')));
    expect(track.info.title).toBe('Tone mp3');
  });

  it('opens a track it did not load itself (decoded from elsewhere) by probing again', async () => {
    const other = await createSourceManager({
      localDirs: [],
      logger: silentLogger(),
      fetchTimeoutMs: 5000,
      netGuard: loopbackAllowed,
    });
    try {
      const track = expectTrack(await sources.load(server.url('/files/tone.webm')));
      expect(await other.open(decodeTrack(track.encoded))).toMatchObject({ container: 'webm-opus' });
    } finally {
      await other.close();
    }
  });
});

describe('live streams', () => {
  it('loads a chunked endless body without length as a stream', async () => {
    // A fetch timeout far beyond the bound below, so the bound stays meaningful: a probe that
    // read the endless body until the fetch timeout, instead of stopping on its own (64 KB or
    // 1.5 s), would take 25 s.
    const patient = await createSourceManager({
      localDirs: [],
      logger: silentLogger(),
      fetchTimeoutMs: 25_000,
      netGuard: loopbackAllowed,
    });
    try {
      const started = performance.now();
      const track = expectTrack(await patient.load(server.url('/live')));
      expect(track.info).toMatchObject({ isStream: true, isSeekable: false, length: 0 });
      // The probe's own window is 1.5 s: 4 s was the bound on an idle machine, three times
      // that on a loaded one, still half the fetch timeout.
      expect(performance.now() - started).toBeLessThan(12_000);
      expect((await patient.open(track.info)).container).toBe('mp3');
    } finally {
      await patient.close();
    }
  });

  it('names an Icecast stream after its icy-name and keeps its Opus container', async () => {
    const track = expectTrack(await sources.load(server.url('/radio')));
    expect(track.info).toMatchObject({ isStream: true, length: 0 });
    // The station's name wins over the tags of the song the stream happened to start with.
    expect(track.info.title).toBe('Test Radio FM');
    expect((await sources.open(track.info)).container).toBe('ogg-opus');
  });

  it('loads an HLS playlist as one live stream, not as a list of segments', async () => {
    const track = expectTrack(await sources.load(server.url('/hls.m3u8')));
    expect(track.info).toMatchObject({ isStream: true, sourceName: 'http' });
  });
});

describe('playlists', () => {
  it('loads an m3u with relative entries, dropping unreachable and non-http ones', async () => {
    const result = await sources.load(server.url('/list.m3u'));
    if (result.loadType !== 'playlist') throw new Error(JSON.stringify(result));
    expect(result.data.info).toEqual({ name: 'Evening', selectedTrack: -1 });
    expect(result.data.tracks.map((t) => t.info.title)).toEqual(['Tone mp3', 'Tone flac']);
    expect(result.data.tracks[0]?.info.uri).toBe(server.url('/files/tone.mp3'));
  });

  it('loads a pls in entry order, with a live stream among files', async () => {
    const result = await sources.load(server.url('/radio.pls'));
    if (result.loadType !== 'playlist') throw new Error(JSON.stringify(result));
    expect(result.data.tracks.map((t) => [t.info.uri, t.info.isStream])).toEqual([
      [server.url('/radio'), true],
      [server.url('/files/tone.wav'), false],
    ]);
  });
});

describe('failures a user can read', () => {
  it('says the server answered 404', async () => {
    expect(expectError(await sources.load(server.url('/nothing-here.mp3')))).toBe(
      'The URL returned 404 Not Found',
    );
  });

  it('says the connection was refused', async () => {
    const port = await closedPort();
    expect(expectError(await sources.load(`http://127.0.0.1:${port}/a.mp3`))).toBe(
      'Could not reach 127.0.0.1: connection refused',
    );
  });

  it('says a web page is not an audio file', async () => {
    expect(expectError(await sources.load(server.url('/page.html')))).toBe(
      'That URL is not an audio file (text/html)',
    );
  });

  it('counts failures by source on the shared registry', async () => {
    const metric = await registry.getSingleMetric('gramophone_audio_load_failures_total')?.get();
    const http = metric?.values.find((v) => v.labels.source === 'http');
    expect(http?.value).toBeGreaterThanOrEqual(3);
  });

  it('refuses to open an "http" track whose address is not http(s)', async () => {
    const track = expectTrack(await sources.load(server.url('/files/tone.mp3')));
    await expect(
      sources.open({ ...track.info, uri: 'file:///etc/passwd', identifier: '/etc/passwd' }),
    ).rejects.toMatchObject({
      severity: 'suspicious',
    });
  });
});

describe('identifiers no source claims', () => {
  it('answers empty for a plain word, as Lavalink does', async () => {
    expect(await sources.load('never gonna give you up')).toEqual({ loadType: 'empty', data: {} });
  });

  it('says a malformed URL is not a valid URL', async () => {
    expect(expectError(await sources.load('http://exa mple.com/a.mp3'))).toBe('That is not a valid URL.');
  });

  it('refuses invalid options at creation', async () => {
    await expect(
      createSourceManager({ localDirs: [], logger: silentLogger(), fetchTimeoutMs: -5 }),
    ).rejects.toThrow(/fetchTimeoutMs/);
    await expect(
      createSourceManager({ localDirs: [], logger: silentLogger(), defaultSearchPrefix: 'bingsearch' }),
    ).rejects.toThrow(/defaultSearchPrefix/);
  });

  it('refuses an over-long identifier with a clear error', async () => {
    expectError(await sources.load(`http://x/${'a'.repeat(5000)}`));
  });
});
