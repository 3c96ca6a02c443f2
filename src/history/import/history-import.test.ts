import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listenBatchSchema } from '../listen-input-schema.ts';
import {
  type HistoryImportOptions,
  type ImportBatch,
  type ImportOutcome,
  type ImportPosition,
  openHistoryImport,
  skippedTotal,
} from './index.ts';
import { buildZip, type TestZipEntry } from './test-zip.ts';

const USER = '111111111111111111';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'history-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

const zipFile = (name: string, entries: TestZipEntry[]) => file(name, buildZip(entries));

function extended(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ts: '2024-05-01T12:03:20Z',
    platform: 'android',
    ms_played: 200_000,
    conn_country: 'DE',
    master_metadata_track_name: 'Windowlicker',
    master_metadata_album_artist_name: 'Aphex Twin',
    master_metadata_album_album_name: 'Windowlicker',
    spotify_track_uri: 'spotify:track:4uLU6hMCjMI75M1A2tKUQC',
    episode_name: null,
    episode_show_name: null,
    spotify_episode_uri: null,
    audiobook_title: null,
    audiobook_chapter_uri: null,
    reason_start: 'trackdone',
    reason_end: 'trackdone',
    shuffle: false,
    skipped: false,
    offline: false,
    incognito_mode: false,
    ...overrides,
  };
}

const podcast = () =>
  extended({
    master_metadata_track_name: null,
    master_metadata_album_artist_name: null,
    master_metadata_album_album_name: null,
    spotify_track_uri: null,
    episode_name: 'Episode 1',
    episode_show_name: 'A Show',
    spotify_episode_uri: 'spotify:episode:0Q86acNRm6V9GYx55SXKwf',
  });

function lbListen(overrides: Record<string, unknown> = {}, meta: Record<string, unknown> = {}) {
  return {
    listened_at: 1_700_000_000,
    inserted_at: 1_700_000_100,
    track_metadata: {
      artist_name: 'Portishead',
      track_name: 'Roads',
      release_name: 'Dummy',
      recording_msid: 'c7a41965-0b9b-4d8e-a0c2-6a5e2c5a2a11',
      additional_info: {
        duration_ms: 305_000,
        isrc: 'GBAAN9400011',
        spotify_id: 'https://open.spotify.com/track/1Bq2gQzkmE5vFKCHnXDnjT',
      },
      mbid_mapping: null,
      ...meta,
    },
    ...overrides,
  };
}

const json = (rows: unknown[]) => JSON.stringify(rows, null, 2);
const jsonl = (rows: unknown[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;

async function readAll(path: string, options: Partial<HistoryImportOptions> = {}, from?: ImportPosition) {
  const history = await openHistoryImport(path, { userId: USER, ...options });
  const batches: ImportBatch[] = [];
  for await (const batch of history.batches(from)) batches.push(batch);
  const outcomes = batches.flatMap((batch) => batch.outcomes);
  const last = batches.at(-1)!;
  // Every listen an import makes must pass the archive's schema, or one row refuses its batch.
  expect(() => listenBatchSchema.parse(listens(outcomes))).not.toThrow();
  return { history, batches, outcomes, last };
}

const listens = (outcomes: ImportOutcome[]) =>
  outcomes.flatMap((outcome) => (outcome.kind === 'listen' ? [outcome.input] : []));
const skips = (outcomes: ImportOutcome[]) => outcomes.filter((outcome) => outcome.kind === 'skipped');

function expectBalanced(batch: ImportBatch, outcomes: ImportOutcome[]) {
  expect(batch.counts.read).toBe(outcomes.length);
  expect(batch.counts.read).toBe(batch.counts.listens + skippedTotal(batch.counts));
  expect(batch.counts.listens).toBe(listens(outcomes).length);
}

describe('Spotify extended streaming history', () => {
  it('reads the export zip: listens start at ts − ms_played, other rows are skipped with their place', async () => {
    const path = await zipFile('my_spotify_data.zip', [
      {
        name: 'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf',
        data: '%PDF-1.4',
      },
      {
        name: 'Spotify Extended Streaming History/Streaming_History_Audio_2024_1.json',
        data: json([
          extended(),
          podcast(),
          extended({ ms_played: 0 }),
          extended({ ts: undefined }),
          extended({ master_metadata_track_name: null, spotify_track_uri: null }),
        ]),
      },
      {
        name: 'Spotify Extended Streaming History/Streaming_History_Audio_2023.json',
        data: json([
          extended({ ts: '2023-01-01T00:00:10Z', ms_played: 10_000, spotify_track_uri: 'spotify:local:x' }),
        ]),
      },
      {
        name: 'Spotify Extended Streaming History/Streaming_History_Video_2020-2024.json',
        data: json([podcast()]),
      },
      { name: '../outside/Streaming_History_Audio_2099.json', data: json([extended()]) },
    ]);
    const { history, outcomes, last } = await readAll(path);

    expect(history.format).toBe('spotify-extended');
    expect(history.files.map((f) => [f.name.split('/')[1], f.kind])).toEqual([
      ['Streaming_History_Audio_2023.json', 'spotify-extended-audio'],
      ['Streaming_History_Audio_2024_1.json', 'spotify-extended-audio'],
      ['Streaming_History_Video_2020-2024.json', 'spotify-extended-video'],
    ]);
    expect(history.ignoredEntries).toEqual(['../outside/Streaming_History_Audio_2099.json']);

    expect(listens(outcomes)).toEqual([
      {
        userId: USER,
        playedAt: new Date('2023-01-01T00:00:00Z'),
        endedAt: new Date('2023-01-01T00:00:10Z'),
        msPlayed: 10_000,
        source: 'spotify-import',
        track: {
          title: 'Windowlicker',
          artists: ['Aphex Twin'],
          album: 'Windowlicker',
          spotifyTrackId: null,
        },
      },
      {
        userId: USER,
        playedAt: new Date('2024-05-01T12:00:00Z'),
        endedAt: new Date('2024-05-01T12:03:20Z'),
        msPlayed: 200_000,
        source: 'spotify-import',
        track: {
          title: 'Windowlicker',
          artists: ['Aphex Twin'],
          album: 'Windowlicker',
          spotifyTrackId: '4uLU6hMCjMI75M1A2tKUQC',
        },
      },
    ]);
    const audio2024 = 'Spotify Extended Streaming History/Streaming_History_Audio_2024_1.json';
    expect(skips(outcomes).map(({ reason, file, index }) => ({ reason, file, index }))).toEqual([
      { reason: 'podcast', file: audio2024, index: 1 },
      { reason: 'zero-length', file: audio2024, index: 2 },
      { reason: 'malformed', file: audio2024, index: 3 },
      { reason: 'malformed', file: audio2024, index: 4 },
      {
        reason: 'video',
        file: 'Spotify Extended Streaming History/Streaming_History_Video_2020-2024.json',
        index: 0,
      },
    ]);
    expect(skips(outcomes)[2]).toMatchObject({ detail: expect.stringContaining('ts') });
    expect(last.counts).toEqual({
      read: 7,
      listens: 2,
      skipped: { podcast: 1, audiobook: 0, video: 1, 'zero-length': 1, 'too-short': 0, malformed: 2 },
    });
    expectBalanced(last, outcomes);
    expect(last.bytesRead).toBe(last.bytesTotal);
  });

  it('reads a lone Streaming_History_Audio file and skips plays shorter than minMsPlayed', async () => {
    const path = await file(
      'upload-1234.tmp',
      json([extended(), extended({ ms_played: 29_999 }), extended({ ms_played: '12' })]),
    );
    const { history, outcomes, last } = await readAll(path, {
      fileName: 'Streaming_History_Audio_2024.json',
      minMsPlayed: 30_000,
    });
    expect(history.format).toBe('spotify-extended');
    expect(history.files).toEqual([
      {
        name: 'Streaming_History_Audio_2024.json',
        kind: 'spotify-extended-audio',
        bytes: expect.any(Number),
      },
    ]);
    expect(listens(outcomes)).toHaveLength(1);
    expect(skips(outcomes).map((s) => s.reason)).toEqual(['too-short', 'malformed']);
    expectBalanced(last, outcomes);
  });
});

describe('Spotify account-data streaming history', () => {
  it('reads StreamingHistory_music rows (end time in minutes, UTC) and skips podcast files', async () => {
    const path = await zipFile('my_spotify_data.zip', [
      {
        name: 'Spotify Account Data/StreamingHistory_music_0.json',
        data: json([
          { endTime: '2022-03-04 10:05', artistName: 'Björk', trackName: 'Jóga', msPlayed: 300_000 },
          { endTime: '2022-03-04 10:06', artistName: 'Björk', msPlayed: 1000 },
          { endTime: '04.03.2022', artistName: 'Björk', trackName: 'Jóga', msPlayed: 1000 },
        ]),
      },
      {
        name: 'Spotify Account Data/StreamingHistory_podcast_0.json',
        data: json([{ endTime: '2022-03-04 10:05', podcastName: 'Show', episodeName: 'Ep', msPlayed: 5000 }]),
      },
      { name: 'Spotify Account Data/Userdata.json', data: '{}' },
    ]);
    const { history, outcomes, last } = await readAll(path);
    expect(history.format).toBe('spotify-account');
    expect(listens(outcomes)).toEqual([
      {
        userId: USER,
        playedAt: new Date('2022-03-04T10:00:00Z'),
        endedAt: new Date('2022-03-04T10:05:00Z'),
        msPlayed: 300_000,
        source: 'spotify-import',
        track: { title: 'Jóga', artists: ['Björk'] },
      },
    ]);
    expect(skips(outcomes).map((s) => [s.reason, s.index])).toEqual([
      ['malformed', 1],
      ['malformed', 2],
      ['podcast', 0],
    ]);
    expectBalanced(last, outcomes);
  });

  it('reads a lone older StreamingHistory0.json', async () => {
    const path = await file(
      'StreamingHistory0.json',
      json([{ endTime: '2019-12-31 23:59', artistName: 'A', trackName: 'T', msPlayed: 59_000 }]),
    );
    const { history, outcomes } = await readAll(path);
    expect(history.files[0]!.kind).toBe('spotify-account-music');
    expect(listens(outcomes)[0]!.playedAt).toEqual(new Date('2019-12-31T23:58:01Z'));
  });
});

describe('ListenBrainz exports', () => {
  it('reads listens/YYYY/M.jsonl in month order with bad lines skipped by line number', async () => {
    const path = await zipFile('listenbrainz_alice_1700000000.zip', [
      { name: 'user.json', data: '{"user_id":1,"username":"alice"}' },
      { name: 'feedback.jsonl', data: '{"recording_mbid":"x","score":1}\n' },
      { name: 'listens/2023/10.jsonl', data: jsonl([lbListen({ listened_at: 1_697_000_000 })]) },
      {
        name: 'listens/2023/2.jsonl',
        data: `${JSON.stringify(lbListen({ listened_at: 1_676_000_000 }))}\n\n{not json\n${JSON.stringify(
          lbListen({}, { track_name: '' }),
        )}\n`,
      },
      { name: 'listens/2023/1.jsonl', data: jsonl([lbListen({ listened_at: 1_673_000_000 })]) },
    ]);
    const { history, outcomes, last } = await readAll(path);
    expect(history.format).toBe('listenbrainz');
    expect(history.files.map((f) => f.name)).toEqual([
      'listens/2023/1.jsonl',
      'listens/2023/2.jsonl',
      'listens/2023/10.jsonl',
    ]);
    expect(listens(outcomes).map((l) => l.playedAt.getTime() / 1000)).toEqual([
      1_673_000_000, 1_676_000_000, 1_697_000_000,
    ]);
    expect(last.bytesRead).toBe(last.bytesTotal);
    expect(listens(outcomes)[0]).toEqual({
      userId: USER,
      playedAt: new Date(1_673_000_000_000),
      msPlayed: null,
      source: 'listenbrainz-import',
      track: {
        title: 'Roads',
        artists: ['Portishead'],
        album: 'Dummy',
        durationMs: 305_000,
        spotifyTrackId: '1Bq2gQzkmE5vFKCHnXDnjT',
        isrc: 'GBAAN9400011',
      },
    });
    expect(skips(outcomes)).toEqual([
      expect.objectContaining({ reason: 'malformed', file: 'listens/2023/2.jsonl', index: 1, line: 3 }),
      expect.objectContaining({
        reason: 'malformed',
        file: 'listens/2023/2.jsonl',
        index: 2,
        line: 4,
        detail: 'track_metadata.track_name is missing',
      }),
    ]);
    expectBalanced(last, outcomes);
  });

  it('reads the older single JSON array and a lone JSONL file', async () => {
    const array = await file('alice_lb-2020.json', json([lbListen(), lbListen({ listened_at: 'soon' })]));
    const fromArray = await readAll(array);
    expect(fromArray.history.files[0]!.kind).toBe('listenbrainz-json');
    expect(listens(fromArray.outcomes)).toHaveLength(1);
    expect(skips(fromArray.outcomes)[0]).toMatchObject({ reason: 'malformed', index: 1 });

    const lines = await file(
      'listens.jsonl',
      jsonl([lbListen(), lbListen({}, { additional_info: undefined })]),
    );
    const fromLines = await readAll(lines);
    expect(fromLines.history.files[0]!.kind).toBe('listenbrainz-jsonl');
    expect(listens(fromLines.outcomes).map((l) => l.track.durationMs)).toEqual([305_000, null]);
  });

  it('skips an overlong JSONL line without holding it', async () => {
    const long = JSON.stringify(lbListen({}, { track_name: 'x'.repeat(5000) }));
    const path = await file(
      'listens.jsonl',
      `${JSON.stringify(lbListen())}\n${long}\n${JSON.stringify(lbListen())}`,
    );
    const { outcomes, last } = await readAll(path, { limits: { maxLineBytes: 1000 } });
    expect(skips(outcomes)).toEqual([
      expect.objectContaining({
        reason: 'malformed',
        index: 1,
        line: 2,
        detail: expect.stringContaining('longer'),
      }),
    ]);
    expect(last.counts.listens).toBe(2);
  });
});

describe('rows the archive would refuse', () => {
  it('skips or trims them here, so a batch is never refused whole', async () => {
    const path = await file(
      'Streaming_History_Audio_2024.json',
      json([
        extended({ master_metadata_track_name: 'x'.repeat(1001) }),
        extended({ master_metadata_album_artist_name: '   ' }),
        extended({ ms_played: 2 ** 31 }),
        extended({ master_metadata_album_album_name: 'y'.repeat(1001) }),
      ]),
    );
    const { outcomes } = await readAll(path);
    expect(skips(outcomes).map((s) => [s.reason, s.index])).toEqual([
      ['malformed', 0],
      ['malformed', 1],
      ['malformed', 2],
    ]);
    expect(listens(outcomes)[0]!.track.album).toBeNull();

    const lb = await file(
      'listens.jsonl',
      jsonl([
        lbListen({}, { additional_info: { artist_names: Array(51).fill('A'), isrc: 'I'.repeat(33) } }),
        lbListen({ listened_at: 1e20 }),
      ]),
    );
    const fromLb = await readAll(lb);
    expect(listens(fromLb.outcomes)[0]!.track).toMatchObject({ artists: ['Portishead'], isrc: null });
    expect(skips(fromLb.outcomes)).toEqual([expect.objectContaining({ reason: 'malformed', line: 2 })]);
  });
});

describe('batches and resuming', () => {
  async function twoFileExport() {
    const rows = (year: number, count: number) =>
      Array.from({ length: count }, (_, i) =>
        i % 4 === 3
          ? podcast()
          : extended({ ts: `${year}-01-01T00:${String(i).padStart(2, '0')}:00Z`, ms_played: 1000 + i }),
      );
    return zipFile('my_spotify_data.zip', [
      { name: 'Streaming_History_Audio_2021.json', data: json(rows(2021, 13)) },
      { name: 'Streaming_History_Audio_2022.json', data: json(rows(2022, 10)) },
    ]);
  }

  it('hands out batches of the chosen size with the position after each', async () => {
    const { batches, outcomes, last } = await readAll(await twoFileExport(), { batchSize: 5 });
    expect(batches.map((b) => b.outcomes.length)).toEqual([5, 5, 5, 5, 3]);
    expect(batches.map((b) => b.position)).toEqual([
      { file: 'Streaming_History_Audio_2021.json', row: 5 },
      { file: 'Streaming_History_Audio_2021.json', row: 10 },
      { file: 'Streaming_History_Audio_2022.json', row: 2 },
      { file: 'Streaming_History_Audio_2022.json', row: 7 },
      { file: 'Streaming_History_Audio_2022.json', row: 10 },
    ]);
    expect(last.counts).toMatchObject({ read: 23, listens: 18 });
    expectBalanced(last, outcomes);
    for (const batch of batches)
      expect(batch.counts.read).toBe(batch.counts.listens + skippedTotal(batch.counts));
  });

  it('resumes from every stored position with exactly the rows not yet emitted', async () => {
    const path = await twoFileExport();
    const full = await readAll(path, { batchSize: 5 });
    for (const [i, batch] of full.batches.entries()) {
      const resumed = await readAll(path, { batchSize: 5 }, batch.position);
      const before = full.batches.slice(0, i + 1).flatMap((b) => b.outcomes);
      expect([...before, ...resumed.outcomes]).toEqual(full.outcomes);
      expect(resumed.last.counts.read).toBe(23 - before.length);
      expectBalanced(resumed.last, resumed.outcomes);
    }
  });

  it('closes the zip when the batches end; reading again needs a new open', async () => {
    const history = await openHistoryImport(await twoFileExport(), { userId: USER });
    for await (const _ of history.batches()) break;
    expect(() => history.close()).not.toThrow();
    expect(() => history.batches()).toThrow(/once/);
  });

  it('refuses a position that is not in the file', async () => {
    const history = await openHistoryImport(await twoFileExport(), { userId: USER });
    await expect(
      history.batches({ file: 'Streaming_History_Audio_1999.json', row: 0 }).next(),
    ).rejects.toMatchObject({ code: 'bad-position' });
  });
});

describe('bad input', () => {
  async function refusal(path: string, options: Partial<HistoryImportOptions> = {}) {
    try {
      await readAll(path, options);
    } catch (error) {
      return error as Error & { code: string };
    }
    throw new Error('expected the import to be refused');
  }

  it('refuses a file over the size cap before reading it', async () => {
    const path = await file('big.json', json([extended(), extended()]));
    const error = await refusal(path, { limits: { maxFileBytes: 100 } });
    expect(error).toMatchObject({ name: 'HistoryImportError', code: 'too-large' });
    expect(error.message).toMatch(/HISTORY_IMPORT_MAX_BYTES/);
  });

  it('refuses a corrupt or truncated zip', async () => {
    const whole = buildZip([{ name: 'Streaming_History_Audio_2024.json', data: json([extended()]) }]);
    expect(await refusal(await file('cut.zip', whole.subarray(0, whole.length - 30)))).toMatchObject({
      code: 'corrupt-zip',
    });
    const garbage = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]);
    expect(await refusal(await file('garbage.zip', garbage))).toMatchObject({ code: 'corrupt-zip' });
  });

  it('refuses an entry whose content is longer than its header says', async () => {
    const path = await zipFile('liar.zip', [
      { name: 'Streaming_History_Audio_2024.json', data: json([extended(), extended()]), declaredSize: 50 },
    ]);
    expect(await refusal(path)).toMatchObject({
      code: 'corrupt-zip',
      file: 'Streaming_History_Audio_2024.json',
    });
  });

  it('refuses zips that unpack past the cap or list too many entries', async () => {
    const rows = json(Array.from({ length: 200 }, () => extended()));
    const bomb = await zipFile('bomb.zip', [{ name: 'Streaming_History_Audio_2024.json', data: rows }]);
    const error = await refusal(bomb, { limits: { maxUncompressedBytes: 10_000 } });
    expect(error).toMatchObject({ code: 'zip-bomb' });
    expect(error.message).toMatch(/HISTORY_IMPORT_MAX_UNCOMPRESSED_BYTES/);

    const many = await zipFile(
      'many.zip',
      Array.from({ length: 5 }, (_, i) => ({
        name: `listens/2020/${i + 1}.jsonl`,
        data: jsonl([lbListen()]),
      })),
    );
    expect(await refusal(many, { limits: { maxZipEntries: 4 } })).toMatchObject({ code: 'too-many-entries' });
  });

  it('refuses zips and JSON that are not exports, saying what was expected', async () => {
    const cases = [
      await zipFile('photos.zip', [{ name: 'holiday.jpg', data: 'jpeg' }]),
      await zipFile('sneaky.zip', [
        { name: '../../Streaming_History_Audio_2024.json', data: json([extended()]) },
      ]),
      await file('other.json', json([{ id: 1, name: 'not a listen' }])),
      await file('object.json', '{\n  "ts": "2024-01-01T00:00:00Z"\n}'),
      await file('empty.json', '[]'),
      await file('notes.txt', 'hello'),
    ];
    for (const path of cases) {
      const error = await refusal(path);
      expect(error, path).toMatchObject({ code: 'not-an-export' });
      expect(error.message).toMatch(/Expected a Spotify data export .* or a ListenBrainz export/);
    }
  });

  it('stops with the row reached when a JSON file breaks off mid-way', async () => {
    const text = json([extended(), extended(), extended()]);
    const path = await zipFile('my_spotify_data.zip', [
      { name: 'Streaming_History_Audio_2024.json', data: text.slice(0, text.lastIndexOf('{') + 10) },
    ]);
    const error = await refusal(path);
    expect(error).toMatchObject({ code: 'corrupt-json', file: 'Streaming_History_Audio_2024.json' });
    expect(error.message).toMatch(/after row 2/);
  });
});
