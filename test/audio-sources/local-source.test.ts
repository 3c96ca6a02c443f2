import { copyFile, mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadResult, SourceManager } from '../../src/audio/contracts.ts';
import { createSourceManager } from '../../src/audio/sources/index.ts';
import { decodeTrack } from '../../src/lavalink/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import { makeAudioFile } from './support/audio-fixtures.ts';
import { expectTrack } from './support/expect-track.ts';

const OUTSIDE = 'That file is outside the folders this node may read.';

let root: string;
let music: string;
let outside: string;
let spare: string;
let sources: SourceManager;
const registry = createMetricsRegistry({ instance: 'test', roles: 'audio' });

function errorMessage(result: LoadResult): string | null {
  if (result.loadType !== 'error') throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.data.message;
}

async function searchTitles(query: string): Promise<string[]> {
  const result = await sources.load(`localsearch:${query}`);
  if (result.loadType === 'empty') return [];
  if (result.loadType !== 'search') throw new Error(JSON.stringify(result));
  for (const track of result.data) expect(decodeTrack(track.encoded)).toEqual(track.info);
  return result.data.map((t) => t.info.title);
}

/** The watcher reacts within a few hundred ms (it waits for writes to settle); poll for it. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function indexGauge(): Promise<number | undefined> {
  return (await registry.getSingleMetric('gramophone_audio_local_index_files')?.get())?.values[0]?.value;
}

beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'gramophone-local-src-')));
  music = join(root, 'music');
  outside = join(root, 'outside');
  spare = join(root, 'spare');
  await Promise.all([mkdir(join(music, 'albums'), { recursive: true }), mkdir(outside), mkdir(spare)]);
  await Promise.all([
    makeAudioFile(music, 'moonlight', 'mp3', 2, {
      title: 'Moonlight Drive',
      artist: 'The Doors',
      album: 'Strange Days',
    }),
    makeAudioFile(join(music, 'albums'), 'blue', 'flac', 2, {
      title: 'Blue Monday',
      artist: 'New Order',
      album: 'Power Corruption',
    }),
    makeAudioFile(music, 'untagged-field-recording', 'ogg', 1),
    makeAudioFile(outside, 'secret', 'mp3', 1, { title: 'Secret Song', artist: 'Nobody' }),
    makeAudioFile(spare, 'late', 'mp3', 1, { title: 'Latecomer Waltz', artist: 'Strauss' }),
  ]);
  await symlink(join(outside, 'secret.mp3'), join(music, 'escape.mp3'));
  await symlink(outside, join(music, 'linked-dir'));
  sources = await createSourceManager({ localDirs: [music], logger: silentLogger(), registry });
}, 60_000);

afterAll(async () => {
  await sources?.close();
  await rm(root, { recursive: true, force: true });
});

describe('local files by path', () => {
  it('loads a file inside the folder with its tags, by path and by file:// URL', async () => {
    const path = join(music, 'moonlight.mp3');
    const track = expectTrack(await sources.load(path));
    expect(track.info).toMatchObject({
      identifier: path,
      uri: path,
      sourceName: 'local',
      title: 'Moonlight Drive',
      author: 'The Doors',
      isStream: false,
      isSeekable: true,
    });
    expect(Math.abs(track.info.length - 2000)).toBeLessThanOrEqual(50);
    expect(expectTrack(await sources.load(pathToFileURL(path).href)).info.identifier).toBe(path);
    expect(await sources.open(track.info)).toEqual({ source: path, container: 'mp3' });
  });

  it('uses the file name when a file has no title tag', async () => {
    const track = expectTrack(await sources.load(join(music, 'untagged-field-recording.ogg')));
    expect(track.info).toMatchObject({ title: 'untagged-field-recording', author: 'Unknown artist' });
    expect((await sources.open(track.info)).container).toBe('ogg-opus');
  });

  it('refuses a file outside the folders', async () => {
    expect(errorMessage(await sources.load(join(outside, 'secret.mp3')))).toBe(OUTSIDE);
    expect(errorMessage(await sources.load('/etc/passwd'))).toBe(OUTSIDE);
  });

  it('refuses a path that climbs out with ..', async () => {
    expect(errorMessage(await sources.load(`${music}/../outside/secret.mp3`))).toBe(OUTSIDE);
    expect(errorMessage(await sources.load(`${pathToFileURL(music).href}/../outside/secret.mp3`))).toBe(
      OUTSIDE,
    );
  });

  it('refuses symlinks that lead out of the folder, to a file or through a directory', async () => {
    expect(errorMessage(await sources.load(join(music, 'escape.mp3')))).toBe(OUTSIDE);
    expect(errorMessage(await sources.load(join(music, 'linked-dir', 'secret.mp3')))).toBe(OUTSIDE);
  });

  it('refuses to open a crafted local track naming a file outside', async () => {
    const crafted = expectTrack(await sources.load(join(music, 'moonlight.mp3'))).info;
    await expect(sources.open({ ...crafted, identifier: join(outside, 'secret.mp3') })).rejects.toMatchObject(
      {
        message: OUTSIDE,
      },
    );
    await expect(sources.open({ ...crafted, identifier: join(music, 'escape.mp3') })).rejects.toMatchObject({
      message: OUTSIDE,
    });
  });

  it('says when a file inside does not exist', async () => {
    expect(errorMessage(await sources.load(join(music, 'nope.mp3')))).toMatch(/does not exist/);
  });
});

describe('localsearch', () => {
  it('indexed the folder at start, without what lies behind escaping links', async () => {
    expect(sources.names).toContain('local');
    expect(await indexGauge()).toBe(3);
    expect(await searchTitles('secret')).toEqual([]);
  });

  it('finds by title, artist, album and file name', async () => {
    expect(await searchTitles('moonlight')).toEqual(['Moonlight Drive']);
    expect(await searchTitles('new order')).toEqual(['Blue Monday']);
    expect(await searchTitles('Power Corruption')).toEqual(['Blue Monday']);
    expect(await searchTitles('field recording')).toEqual(['untagged-field-recording']);
    expect(await searchTitles('doors moon')).toEqual(['Moonlight Drive']);
  });

  it('answers empty when nothing matches', async () => {
    expect(await sources.load('localsearch:zzzz nothing')).toEqual({ loadType: 'empty', data: {} });
    expect(await sources.load('localsearch:')).toEqual({ loadType: 'empty', data: {} });
  });

  it('searches a plain identifier when localsearch is the default prefix', async () => {
    const searching = await createSourceManager({
      localDirs: [music],
      logger: silentLogger(),
      defaultSearchPrefix: 'localsearch:',
    });
    try {
      const result = await searching.load('blue monday');
      expect(result.loadType).toBe('search');
      expect(result.loadType === 'search' && result.data.map((t) => t.info.title)).toEqual(['Blue Monday']);
    } finally {
      await searching.close();
    }
  });

  it('picks up a file added after start and forgets it once deleted', async () => {
    const added = join(music, 'albums', 'late.mp3');
    await copyFile(join(spare, 'late.mp3'), added);
    await eventually(async () => (await searchTitles('waltz')).includes('Latecomer Waltz'));
    expect(await indexGauge()).toBe(4);
    await rm(added);
    await eventually(async () => (await searchTitles('waltz')).length === 0);
    expect(await indexGauge()).toBe(3);
  });
});
