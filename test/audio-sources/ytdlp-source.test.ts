import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult, SourceManager, Track } from '../../src/audio/contracts.ts';
import { createSourceManager, YT_DLP_MISSING } from '../../src/audio/sources/index.ts';
import { decodeTrack } from '../../src/lavalink/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { writeFakeYtDlp } from './support/fake-yt-dlp.ts';

const AUDIO_URL = 'https://rr1---sn-test.googlevideo.com/videoplayback?itag=251';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gramophone-ytdlp-src-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function tracksOf(result: LoadResult): Track[] {
  const tracks =
    result.loadType === 'search'
      ? result.data
      : result.loadType === 'playlist'
        ? result.data.tracks
        : result.loadType === 'track'
          ? [result.data]
          : null;
  if (!tracks) throw new Error(`expected tracks, got ${JSON.stringify(result)}`);
  for (const track of tracks) expect(decodeTrack(track.encoded)).toEqual(track.info);
  return tracks;
}

describe('without yt-dlp', () => {
  let sources: SourceManager;
  const originalPath = process.env.PATH;

  beforeAll(async () => {
    // Really absent: PATH holds only an empty folder while the manager looks for it.
    process.env.PATH = await mkdtemp(join(dir, 'empty-path-'));
    try {
      sources = await createSourceManager({ localDirs: [], logger: silentLogger() });
    } finally {
      process.env.PATH = originalPath;
    }
  });

  afterAll(async () => {
    await sources?.close();
  });

  it('leaves youtube and soundcloud out of the source names', () => {
    expect(sources.names).toEqual(['http']);
  });

  it.each([
    'ytsearch:never gonna give you up',
    'scsearch:lofi',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    'https://youtu.be/dQw4w9WgXcQ',
    'https://soundcloud.com/artist/a-song',
  ])('answers %s with an error naming yt-dlp', async (identifier) => {
    expect(await sources.load(identifier)).toEqual({
      loadType: 'error',
      data: { message: YT_DLP_MISSING, severity: 'common', cause: 'yt-dlp not found' },
    });
  });

  it('refuses to open a YouTube track decoded from elsewhere, with the same message', async () => {
    await expect(
      sources.open({
        identifier: 'dQw4w9WgXcQ',
        isSeekable: true,
        author: 'Rick Astley',
        length: 212_000,
        isStream: false,
        position: 0,
        title: 'Never Gonna Give You Up',
        uri: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
        artworkUrl: null,
        isrc: null,
        sourceName: 'youtube',
      }),
    ).rejects.toMatchObject({ message: YT_DLP_MISSING });
  });

  it('treats a configured path that does not exist as absent', async () => {
    const other = await createSourceManager({
      localDirs: [],
      logger: silentLogger(),
      ytDlpPath: join(dir, 'nope'),
    });
    expect(other.names).not.toContain('youtube');
    await other.close();
  });
});

describe('with yt-dlp (a fake executable printing canned JSON)', () => {
  let sources: SourceManager;
  let callsFile: string;

  const calls = async (): Promise<string[][]> =>
    (await readFile(callsFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[]);

  beforeAll(async () => {
    const fake = await writeFakeYtDlp(await mkdtemp(join(dir, 'bin-')), AUDIO_URL);
    callsFile = fake.callsFile;
    sources = await createSourceManager({ localDirs: [], logger: silentLogger(), ytDlpPath: fake.path });
  });

  afterAll(async () => {
    await sources?.close();
  });

  it('reports youtube and soundcloud, having asked for the version once', async () => {
    // Apple Music and Deezer links need no key and play through yt-dlp; Spotify needs credentials.
    expect(sources.names).toEqual(['youtube', 'soundcloud', 'applemusic', 'deezer', 'http']);
    expect((await calls()).filter((args) => args[0] === '--version')).toHaveLength(1);
  });

  it('searches YouTube with a flat playlist, skipping unavailable entries', async () => {
    const result = await sources.load('ytsearch: rick astley ');
    expect(result.loadType).toBe('search');
    const [first, live] = tracksOf(result);
    expect(first?.info).toEqual({
      identifier: 'aaaaaaaaaaa',
      isSeekable: true,
      author: 'Chan One',
      length: 212_000,
      isStream: false,
      position: 0,
      title: 'First Result',
      uri: 'https://www.youtube.com/watch?v=aaaaaaaaaaa',
      artworkUrl: 'https://i.ytimg.com/vi/aaaaaaaaaaa/maxresdefault.jpg',
      isrc: null,
      sourceName: 'youtube',
    });
    expect(live?.info).toMatchObject({ isStream: true, length: 0, isSeekable: false });
    expect((await calls()).at(-1)).toEqual([
      '-J',
      '--flat-playlist',
      '--no-warnings',
      '--',
      'ytsearch10:rick astley',
    ]);
  });

  it('searches SoundCloud, identifying tracks by their page URL', async () => {
    const [track] = tracksOf(await sources.load('scsearch:a song'));
    expect(track?.info).toMatchObject({
      identifier: 'https://soundcloud.com/artist/a-song',
      uri: 'https://soundcloud.com/artist/a-song',
      sourceName: 'soundcloud',
      author: 'Artist',
      length: 187_500,
    });
  });

  it('answers empty when a search finds nothing', async () => {
    expect(await sources.load('ytsearch:nothing at all')).toMatchObject({ loadType: 'empty' });
  });

  it('loads a video URL as a track and a playlist URL as a playlist with the selected video', async () => {
    const video = await sources.load('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
    expect(video.loadType).toBe('track');
    expect(tracksOf(video)[0]?.info).toMatchObject({
      identifier: 'dQw4w9WgXcQ',
      title: 'Never Gonna Give You Up',
      author: 'Rick Astley',
      length: 212_000,
      artworkUrl: 'https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg',
    });
    const playlist = await sources.load('https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PL1');
    if (playlist.loadType !== 'playlist') throw new Error(JSON.stringify(playlist));
    expect(playlist.data.info).toEqual({ name: 'My Mix', selectedTrack: 1 });
    expect(tracksOf(playlist).map((t) => t.info.title)).toEqual(['One', 'Two']);
  });

  it("passes on yt-dlp's own reason when it fails", async () => {
    expect(await sources.load('https://www.youtube.com/watch?v=unavailabl3')).toMatchObject({
      loadType: 'error',
      data: {
        message: 'yt-dlp could not load that: Video unavailable. This video is private',
        severity: 'common',
      },
    });
  });

  it('calls unreadable output a fault', async () => {
    expect(await sources.load('https://www.youtube.com/watch?v=garbage1234')).toMatchObject({
      loadType: 'error',
      data: { severity: 'fault' },
    });
  });

  it('opens a track as the bestaudio URL with its headers and the Opus-in-WebM container', async () => {
    const [track] = tracksOf(await sources.load('https://youtu.be/dQw4w9WgXcQ'));
    if (!track) throw new Error('no track');
    expect(await sources.open(track.info)).toEqual({
      source: AUDIO_URL,
      container: 'webm-opus',
      headers: { 'User-Agent': 'Mozilla/5.0 test', Accept: '*/*' },
    });
    expect((await calls()).at(-1)).toEqual([
      '-J',
      '--no-playlist',
      '--no-warnings',
      '-f',
      'bestaudio/best',
      '--',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
    ]);
  });

  it('refuses to open a youtube track whose address is on another site', async () => {
    const [track] = tracksOf(await sources.load('https://youtu.be/dQw4w9WgXcQ'));
    if (!track) throw new Error('no track');
    await expect(
      sources.open({ ...track.info, identifier: 'not-an-id', uri: 'https://evil.example/x' }),
    ).rejects.toMatchObject({ severity: 'suspicious' });
  });
});
