import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult, SourceManager, Track } from '../../src/audio/contracts.ts';
import { createSourceManager, YT_DLP_MISSING } from '../../src/audio/sources/index.ts';
import { type AppleMusicEmulator, startAppleMusicEmulator } from '../../src/emulators/apple-music/index.ts';
import { type DeezerEmulator, startDeezerEmulator } from '../../src/emulators/deezer/index.ts';
import {
  DEFAULT_SPOTIFY_CATALOGUE,
  type SpotifyEmulator,
  startSpotifyEmulator,
} from '../../src/emulators/spotify/index.ts';
import { decodeTrack } from '../../src/lavalink/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createNetGuard, type NetGuard } from '../../src/net-guard/index.ts';
import { writeFakeYtDlp } from './support/fake-yt-dlp.ts';

const AUDIO_URL = 'https://rr1---sn-test.googlevideo.com/videoplayback?itag=251';
/** A playlist longer than one page (100 items) and than the cap below. */
const BIG_PLAYLIST = '1bigP1aylist0000000000';
const PLAYLIST_MAX = 120;

let dir: string;
let spotify: SpotifyEmulator;
let deezer: DeezerEmulator;
let apple: AppleMusicEmulator;
let guard: NetGuard;
let sources: SourceManager;
let callsFile: string;

const mirrorSettings = () => ({
  spotifyApiUrl: spotify.apiUrl,
  spotifyAccountsUrl: spotify.accountsUrl,
  deezerApiUrl: deezer.apiUrl,
  appleMusicApiUrl: apple.apiUrl,
  itunesApiUrl: apple.itunesUrl,
});

const calls = async (): Promise<string[][]> =>
  (await readFile(callsFile, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as string[]);
/** The YouTube ids yt-dlp was asked to play, in order. */
const opened = async () =>
  (await calls()).filter((args) => args.includes('-f')).map((args) => args.at(-1)?.split('v=')[1]);
const searches = async () =>
  (await calls()).filter((args) => args.includes('--flat-playlist')).map((args) => args.at(-1));

function tracksOf(result: LoadResult): Track[] {
  const tracks =
    result.loadType === 'playlist' ? result.data.tracks : result.loadType === 'track' ? [result.data] : null;
  if (!tracks) throw new Error(`expected tracks, got ${JSON.stringify(result)}`);
  for (const track of tracks) expect(decodeTrack(track.encoded)).toEqual(track.info);
  return tracks;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gramophone-mirror-'));
  const big = Array.from({ length: 250 }, (_, i) => ({
    ...DEFAULT_SPOTIFY_CATALOGUE.tracks[0]!,
    id: `1bigTrack${String(i).padStart(13, '0')}`,
    name: `Song ${i}`,
  }));
  spotify = await startSpotifyEmulator({
    catalogue: {
      ...DEFAULT_SPOTIFY_CATALOGUE,
      tracks: [...DEFAULT_SPOTIFY_CATALOGUE.tracks, ...big],
      playlists: [
        ...DEFAULT_SPOTIFY_CATALOGUE.playlists,
        {
          id: BIG_PLAYLIST,
          name: 'Big',
          ownerName: 'me',
          imageUrl: 'https://i.scdn.co/x',
          trackIds: big.map((t) => t.id),
        },
      ],
    },
  });
  deezer = await startDeezerEmulator();
  apple = await startAppleMusicEmulator();
  const fake = await writeFakeYtDlp(dir, AUDIO_URL);
  callsFile = fake.callsFile;
  // The emulators listen on loopback, which the guard lets through only when told to.
  guard = createNetGuard({ allow: ['127.0.0.1'] });
  sources = await createSourceManager({
    localDirs: [],
    logger: silentLogger(),
    ytDlpPath: fake.path,
    netGuard: guard,
    mirror: {
      ...mirrorSettings(),
      spotifyClientId: spotify.clientId,
      spotifyClientSecret: spotify.clientSecret,
      playlistMax: PLAYLIST_MAX,
    },
  });
});

afterAll(async () => {
  await sources?.close();
  await guard?.close();
  await Promise.all([spotify?.close(), deezer?.close(), apple?.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('Spotify links', () => {
  it('are listed in /v4/info with Apple Music and Deezer', () => {
    expect(sources.names).toEqual(['youtube', 'soundcloud', 'spotify', 'applemusic', 'deezer', 'http']);
  });

  it('load a track from the Web API: ISRC, length, artwork, the track page as uri', async () => {
    const [track] = tracksOf(
      await sources.load('https://open.spotify.com/intl-de/track/4PTG3Z6ehGkBFwjybzWkR8?si=x'),
    );
    expect(track?.info).toEqual({
      identifier: '4PTG3Z6ehGkBFwjybzWkR8',
      isSeekable: true,
      author: 'Rick Astley',
      length: 213_573,
      isStream: false,
      position: 0,
      title: 'Never Gonna Give You Up',
      uri: 'https://open.spotify.com/track/4PTG3Z6ehGkBFwjybzWkR8',
      artworkUrl: 'https://i.scdn.co/image/ab67616d0000b27315ebbedaacef61af244262a8',
      isrc: 'GBARL9300135',
      sourceName: 'spotify',
    });
  });

  it('play the YouTube upload found by ISRC, and remember it', async () => {
    const [track] = tracksOf(await sources.load('spotify:track:4PTG3Z6ehGkBFwjybzWkR8'));
    const input = await sources.open(track!.info);
    expect(input).toMatchObject({ source: AUDIO_URL, container: 'webm-opus' });
    expect(await searches()).toContain('ytsearch10:"GBARL9300135"');
    expect((await opened()).at(-1)).toBe('dQw4w9WgXcQ');
    const searchesBefore = (await searches()).length;
    await sources.open(track!.info);
    expect((await searches()).length).toBe(searchesBefore);
  });

  it('fall back to a scored title search when the ISRC finds nothing, fetching the ISRC album listings lack', async () => {
    const result = await sources.load('https://open.spotify.com/album/6N9PS4QXF1D0OWPk0Sxtb4');
    expect(result).toMatchObject({
      loadType: 'playlist',
      data: {
        info: { name: 'Whenever You Need Somebody', selectedTrack: -1 },
        pluginInfo: { type: 'album', totalTracks: 2 },
      },
    });
    const together = tracksOf(result)[1]!;
    expect(together.info).toMatchObject({ title: 'Together Forever', isrc: null, sourceName: 'spotify' });
    await sources.open(together.info);
    expect(spotify.requests).toContain('GET /v1/tracks/5Y9HrSvMlGvxw8IGVhcfMo');
    expect((await searches()).slice(-2)).toEqual([
      'ytsearch10:"GBARL8700023"',
      'ytsearch10:Together Forever Rick Astley',
    ]);
    // The nightcore edit came first in the results; the official upload is the one played.
    expect((await opened()).at(-1)).toBe('rickTF00001');
  });

  it('list a large playlist page by page up to the cap, without resolving a single mirror', async () => {
    const searchesBefore = (await searches()).length;
    const result = await sources.load(`https://open.spotify.com/playlist/${BIG_PLAYLIST}`);
    expect(result).toMatchObject({
      loadType: 'playlist',
      data: { pluginInfo: { type: 'playlist', totalTracks: 250 } },
    });
    expect(tracksOf(result)).toHaveLength(PLAYLIST_MAX);
    const pages = spotify.requests.filter((r) => r.startsWith(`GET /v1/playlists/${BIG_PLAYLIST}`));
    expect(pages).toEqual([
      `GET /v1/playlists/${BIG_PLAYLIST}`,
      `GET /v1/playlists/${BIG_PLAYLIST}/tracks?offset=100&limit=100`,
    ]);
    expect((await searches()).length).toBe(searchesBefore);
  });

  it('that do not exist load as empty', async () => {
    expect(await sources.load('https://open.spotify.com/track/0000000000000000000000')).toEqual({
      loadType: 'empty',
      data: {},
    });
  });
});

describe('Apple Music links without a developer token', () => {
  it('load a song from the iTunes lookup and play the Topic upload, not the live take or the loop', async () => {
    const [track] = tracksOf(
      await sources.load('https://music.apple.com/us/album/hunting-high-and-low/1035047659?i=1035048414'),
    );
    expect(track?.info).toMatchObject({
      identifier: '1035048414',
      title: 'Take On Me',
      author: 'a-ha',
      length: 225_280,
      isrc: null,
      sourceName: 'applemusic',
      uri: 'https://music.apple.com/us/album/1035047659?i=1035048414',
      artworkUrl: expect.stringContaining('512x512bb.jpg'),
    });
    await sources.open(track!.info);
    expect((await searches()).at(-1)).toBe('ytsearch10:Take On Me a-ha');
    expect((await opened()).at(-1)).toBe('ahaTopic001');
  });

  it('refuse playlists, which need the Apple Music API', async () => {
    expect(
      await sources.load('https://music.apple.com/us/playlist/80s/pl.2b0e6e332fdf4b7a91164da3162127b5'),
    ).toMatchObject({
      loadType: 'error',
      data: { message: expect.stringContaining('APPLE_MUSIC_TOKEN'), severity: 'common' },
    });
  });
});

describe('Deezer links', () => {
  it('load a playlist page by page with the tracks’ metadata', async () => {
    const result = await sources.load('https://www.deezer.com/en/playlist/908622995');
    expect(result).toMatchObject({
      loadType: 'playlist',
      data: { info: { name: 'Eighties Hits' }, pluginInfo: { type: 'playlist', author: 'Deezer Editor' } },
    });
    expect(tracksOf(result).map((t) => [t.info.title, t.info.length, t.info.sourceName])).toEqual([
      ['Together Forever', 205_000, 'deezer'],
      ['Take On Me', 225_000, 'deezer'],
      ['Never Gonna Give You Up', 213_000, 'deezer'],
    ]);
    expect(deezer.requests).toContain('GET /playlist/908622995/tracks?index=0&limit=100');
  });

  it('load a track with its ISRC, and a missing one as empty', async () => {
    const [track] = tracksOf(await sources.load('https://www.deezer.com/track/781592622'));
    expect(track?.info).toMatchObject({
      isrc: 'GBARL9300135',
      uri: 'https://www.deezer.com/track/781592622',
    });
    expect(await sources.load('https://www.deezer.com/track/1')).toEqual({ loadType: 'empty', data: {} });
  });
});

describe('without Spotify credentials or yt-dlp', () => {
  let bare: SourceManager;
  beforeAll(async () => {
    bare = await createSourceManager({
      localDirs: [],
      logger: silentLogger(),
      ytDlpPath: join(dir, 'no-such-yt-dlp'),
      netGuard: guard,
      mirror: mirrorSettings(),
    });
  });
  afterAll(async () => {
    await bare?.close();
  });

  it('answer a Spotify link with the variables it needs, and list no mirrored source', async () => {
    expect(bare.names).toEqual(['http']);
    expect(await bare.load('https://open.spotify.com/track/4PTG3Z6ehGkBFwjybzWkR8')).toEqual({
      loadType: 'error',
      data: {
        message: 'Spotify links need SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET.',
        severity: 'common',
        cause: 'no Spotify credentials',
      },
    });
  });

  it('load a Deezer track but fail to play it with the yt-dlp message', async () => {
    const [track] = tracksOf(await bare.load('https://www.deezer.com/track/781592622'));
    await expect(bare.open(track!.info)).rejects.toMatchObject({ message: YT_DLP_MISSING });
  });

  it('say so when Spotify refuses the app credentials', async () => {
    const wrong = await createSourceManager({
      localDirs: [],
      logger: silentLogger(),
      netGuard: guard,
      ytDlpPath: join(dir, 'no-such-yt-dlp'),
      mirror: { ...mirrorSettings(), spotifyClientId: spotify.clientId, spotifyClientSecret: 'wrong-secret' },
    });
    try {
      expect(await wrong.load('https://open.spotify.com/track/4PTG3Z6ehGkBFwjybzWkR8')).toMatchObject({
        loadType: 'error',
        data: {
          message: expect.stringContaining('check SPOTIFY_CLIENT_ID and SPOTIFY_CLIENT_SECRET'),
          severity: 'common',
        },
      });
    } finally {
      await wrong.close();
    }
  });

  it('refuse a metadata API on a private address the guard does not allow', async () => {
    const strict = createNetGuard();
    const guarded = await createSourceManager({
      localDirs: [],
      logger: silentLogger(),
      netGuard: strict,
      mirror: mirrorSettings(),
    });
    try {
      expect(await guarded.load('https://www.deezer.com/track/781592622')).toMatchObject({
        loadType: 'error',
        data: { message: 'This URL is not allowed.' },
      });
    } finally {
      await guarded.close();
      await strict.close();
    }
  });
});
