import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppleMusicEmulator, startAppleMusicEmulator } from '../../src/emulators/apple-music/index.ts';
import { type DeezerEmulator, startDeezerEmulator } from '../../src/emulators/deezer/index.ts';
import { type SpotifyEmulator, startSpotifyEmulator } from '../../src/emulators/spotify/index.ts';
import { LiveMusicService } from '../../src/music/api/live-music-service.ts';
import { writeFakeYtDlp } from '../audio-sources/support/fake-yt-dlp.ts';
import { eventually } from '../support/eventually.ts';
import { type MusicStack, startMusicStack, TONES } from './music-stack.ts';

/**
 * `/play` with a Spotify track, an Apple Music song and a Deezer playlist: the whole stack runs
 * (Discord emulator, built-in audio node, gateway), the metadata comes from the Spotify, Apple
 * Music and Deezer emulators, and the stand-in yt-dlp answers the mirror's YouTube searches
 * with recorded results. What the stand-in's "bestaudio" points at is a tone served here, so the
 * voice channel hearing it proves the mirrored track really played.
 */
describe('/play with Spotify, Apple Music and Deezer links', () => {
  let stack: MusicStack;
  let spotify: SpotifyEmulator;
  let deezer: DeezerEmulator;
  let apple: AppleMusicEmulator;
  let audio: Server;
  let work: string;
  let callsFile: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'gramophone-mirrored-links-'));
    [spotify, deezer, apple] = await Promise.all([
      startSpotifyEmulator(),
      startDeezerEmulator(),
      startAppleMusicEmulator(),
    ]);
    // The "YouTube" audio: one of the stack's tones, read once the stack has made it.
    audio = createServer((_request, response) => {
      readFile(stack.file('bravo-660.ogg')).then(
        (bytes) =>
          response.writeHead(200, { 'content-type': 'audio/ogg', 'content-length': bytes.length }).end(bytes),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => audio.listen(0, '127.0.0.1', resolve));
    const audioUrl = `http://127.0.0.1:${(audio.address() as AddressInfo).port}/videoplayback.ogg`;
    const fake = await writeFakeYtDlp(work, audioUrl, { audioFormat: { ext: 'ogg', acodec: 'opus' } });
    callsFile = fake.callsFile;
    stack = await startMusicStack('pglite', {
      YT_DLP_PATH: fake.path,
      // The emulators and the tone server are on loopback, which the net guard refuses unless told.
      AUDIO_HTTP_ALLOW: '127.0.0.1',
      SPOTIFY_CLIENT_ID: spotify.clientId,
      SPOTIFY_CLIENT_SECRET: spotify.clientSecret,
      SPOTIFY_API_URL: spotify.apiUrl,
      SPOTIFY_ACCOUNTS_URL: spotify.accountsUrl,
      DEEZER_API_URL: deezer.apiUrl,
      APPLE_MUSIC_API_URL: apple.apiUrl,
      ITUNES_API_URL: apple.itunesUrl,
    });
    stack.emulator.control.joinVoice({ channelId: stack.ids.voiceChannelId, userId: stack.ids.ownerId });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await new Promise((resolve) => audio?.close(resolve));
    await Promise.all([spotify?.close(), deezer?.close(), apple?.close()]);
    if (work) await rm(work, { recursive: true, force: true });
  });

  const play = (query: string) => stack.slash(stack.ids.ownerId, 'play', { query });
  /** The YouTube ids the audio node asked yt-dlp to play, in order. */
  const openedVideos = async () =>
    (await readFile(callsFile, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as string[])
      .filter((args) => args.includes('-f'))
      .map((args) => new URL(args.at(-1) ?? '').searchParams.get('v'));

  async function expectHearingTheMirror(): Promise<void> {
    const from = stack.heardMs();
    await eventually(() => expect(stack.heardMs()).toBeGreaterThan(from + 2_000), 20_000, 100);
    expect(Math.abs(stack.heard(from + 1_000, from + 2_000).hz - TONES['bravo-660.ogg'])).toBeLessThan(15);
  }

  it('tells the panel that YouTube and the mirrored link sources play', async () => {
    const sources = await new LiveMusicService(stack.bus).playableSources();
    expect(sources).toEqual({
      sources: ['applemusic', 'deezer', 'http', 'local', 'soundcloud', 'spotify', 'youtube'],
      nodesConnected: 1,
    });
  });

  it('plays a Spotify track through its YouTube upload found by ISRC', async () => {
    const answer = await play('https://open.spotify.com/track/4PTG3Z6ehGkBFwjybzWkR8?si=abc');
    expect(answer.content).toBe('Now playing **Never Gonna Give You Up**.');
    const snapshot = await stack.snapshot();
    expect(snapshot.current?.info).toMatchObject({
      title: 'Never Gonna Give You Up',
      author: 'Rick Astley',
      sourceName: 'spotify',
      isrc: 'GBARL9300135',
      uri: 'https://open.spotify.com/track/4PTG3Z6ehGkBFwjybzWkR8',
    });
    await eventually(async () => expect(await openedVideos()).toEqual(['dQw4w9WgXcQ']), 20_000, 100);
    await expectHearingTheMirror();
  }, 90_000);

  it('plays an Apple Music song through the best-scoring title match', async () => {
    const added = await play('https://music.apple.com/us/album/hunting-high-and-low/1035047659?i=1035048414');
    expect(added.content).toBe('Added **Take On Me** to the queue at position 1.');
    await stack.slash(stack.ids.ownerId, 'skip', {});
    await eventually(
      async () => {
        expect((await stack.snapshot()).current?.info).toMatchObject({
          title: 'Take On Me',
          sourceName: 'applemusic',
        });
        // The Topic upload, not the live take, the cover or the one-hour loop the search also found.
        expect((await openedVideos()).at(-1)).toBe('ahaTopic001');
      },
      20_000,
      100,
    );
    await expectHearingTheMirror();
  }, 90_000);

  it('plays a Deezer playlist, mirroring each track only when it plays', async () => {
    const before = (await openedVideos()).length;
    const added = await play('https://www.deezer.com/playlist/908622995');
    expect(added.content).toContain('Eighties Hits');
    const snapshot = await stack.snapshot();
    expect(snapshot.upcoming.map((track) => [track.info.title, track.info.sourceName])).toEqual([
      ['Together Forever', 'deezer'],
      ['Take On Me', 'deezer'],
      ['Never Gonna Give You Up', 'deezer'],
    ]);
    // Listed from Deezer's metadata alone: nothing was searched or opened for them yet.
    expect((await openedVideos()).length).toBe(before);
    await stack.slash(stack.ids.ownerId, 'skip', {});
    await eventually(
      async () => {
        expect((await stack.snapshot()).current?.info.title).toBe('Together Forever');
        expect((await openedVideos()).slice(before)).toEqual(['rickTF00001']);
      },
      20_000,
      100,
    );
    await expectHearingTheMirror();
  }, 90_000);
});
