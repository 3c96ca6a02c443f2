import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabaseTarget,
} from '../../../test/support/databases.ts';
import { type Database, migrate } from '../../db/index.ts';
import { silentLogger } from '../../logging/index.ts';
import { ListenArchive } from '../listen-archive.ts';
import {
  HISTORY_IMPORT_PROGRESS_TOPIC,
  type HistoryImportJobDeps,
  type HistoryImportProgress,
  type HistoryImportRow,
  HistoryImportStore,
  runHistoryImport,
} from './index.ts';
import { expectedCounts, extendedExportZip, extendedRows, polledPlay } from './test-export.ts';

const ALICE = '100000000000000001';
const ROWS = 3000;
const BATCH = 500;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe.each(databaseKinds())('the history.import job (%s)', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  let dir: string;
  let events: HistoryImportProgress[];
  const store = () => new HistoryImportStore(database);
  const listenCount = async () =>
    Number((await database.query<{ n: string }>('SELECT count(*) AS n FROM history_listens')).rows[0]!.n);

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    await migrate(database);
    await database.query(`INSERT INTO users (id, username) VALUES ($1, 'alice')`, [ALICE]);
  });
  afterAll(async () => {
    await database?.close();
    await target?.dispose();
  });
  beforeEach(async () => {
    await database.exec(
      'TRUNCATE history_imports, history_listens, history_track_artists, history_tracks, history_albums, history_artists CASCADE',
    );
    dir = await mkdtemp(join(tmpdir(), 'history-imports-'));
    events = [];
    return () => rm(dir, { recursive: true, force: true });
  });

  async function queued(
    content: Buffer | string,
    fileName = 'my_spotify_data.zip',
  ): Promise<HistoryImportRow> {
    const storedPath = join(dir, `${Math.random().toString(36).slice(2)}.upload`);
    await writeFile(storedPath, content);
    return store().create({ userId: ALICE, fileName, storedPath, bytesTotal: content.length });
  }

  function deps(overrides: Partial<HistoryImportJobDeps> = {}): HistoryImportJobDeps {
    return {
      database,
      archive: new ListenArchive(database),
      bus: {
        publish: async <T>(topic: string, payload: T) => {
          expect(topic).toBe(HISTORY_IMPORT_PROGRESS_TOPIC);
          events.push(payload as HistoryImportProgress);
        },
      },
      limits: {},
      logger: silentLogger(),
      batchSize: BATCH,
      now: () => 0,
      ...overrides,
    };
  }

  const totals = (row: HistoryImportRow) => ({
    rowsRead: row.rowsRead,
    added: row.added,
    present: row.present,
    skipped: row.skipped,
    skippedDetail: row.skippedDetail,
  });

  it('imports a whole export: the report balances, skips are counted with examples, the file is gone', async () => {
    const row = await queued(extendedExportZip(ROWS));
    await runHistoryImport(deps(), row.id);

    const done = (await store().get(row.id))!;
    const expected = expectedCounts(ROWS);
    expect(done.status).toBe('done');
    expect(done.rowsRead).toBe(ROWS);
    expect(done.added).toBe(expected.listens);
    expect(done.present).toBe(0);
    expect(done.skipped).toBe(expected.skipped.podcast + expected.skipped['zero-length']);
    expect(done.rowsRead).toBe(done.added + done.present + done.skipped);
    const detail = done.skippedDetail as { byReason: Record<string, number>; examples: unknown[] };
    expect(detail.byReason).toEqual(expected.skipped);
    expect(detail.examples).toHaveLength(20);
    expect(detail.examples[0]).toEqual({
      reason: 'podcast',
      detail: 'podcast episode',
      file: 'Spotify Extended Streaming History/Streaming_History_Audio_2024_0.json',
      index: 9,
    });
    expect(done.finishedAt).not.toBeNull();
    expect(await listenCount()).toBe(expected.listens);
    expect(await exists(row.storedPath)).toBe(false);
    // The clock never moves: the first batch's progress, then the end.
    expect(events.map((event) => event.status)).toEqual(['running', 'done']);
    expect(events.at(-1)).toMatchObject({
      userId: ALICE,
      importId: row.id,
      counts: { rowsRead: ROWS, added: expected.listens, present: 0 },
    });
    expect(events.at(-1)!.bytesRead).toBe(events.at(-1)!.bytesTotal);
  });

  it('publishes progress at most every 500 ms', async () => {
    let clock = 0;
    const row = await queued(extendedExportZip(ROWS));
    await runHistoryImport(
      deps({
        now: () => clock,
        afterBatch: () => {
          clock += 300;
        },
      }),
      row.id,
    );
    // Batches at 0, 300, 600, 900, 1200, 1500 ms: published at 0, 600 and 1200, then the end.
    expect(events.map((event) => [event.status, event.counts.rowsRead])).toEqual([
      ['running', 500],
      ['running', 1500],
      ['running', 2500],
      ['done', 3000],
    ]);
  });

  it('resumes after an interruption exactly where it stopped, with an uninterrupted run’s counts', async () => {
    const uninterrupted = await queued(extendedExportZip(ROWS));
    await runHistoryImport(deps(), uninterrupted.id);
    const reference = totals((await store().get(uninterrupted.id))!);
    await database.exec(
      'TRUNCATE history_listens, history_track_artists, history_tracks, history_albums, history_artists CASCADE',
    );

    const row = await queued(extendedExportZip(ROWS));
    const crash = new Error('worker killed');
    const interrupted = deps({
      afterBatch: (_row, batch) => {
        if (batch === 3) throw crash;
      },
    });
    await expect(runHistoryImport(interrupted, row.id)).rejects.toBe(crash);
    const halfway = (await store().get(row.id))!;
    expect(halfway).toMatchObject({ status: 'running', rowsRead: 3 * BATCH, positionRow: 3 * BATCH });
    expect(halfway.positionFile).toMatch(/Streaming_History_Audio_2024_0\.json$/);
    expect(await exists(row.storedPath)).toBe(true);

    // A second crash on the first batch of the retry, then a clean run.
    await expect(
      runHistoryImport(
        deps({
          afterBatch: () => {
            throw crash;
          },
        }),
        row.id,
      ),
    ).rejects.toBe(crash);
    await runHistoryImport(deps(), row.id);

    const done = (await store().get(row.id))!;
    expect(done.status).toBe('done');
    expect(totals(done)).toEqual(reference);
    expect(await listenCount()).toBe(expectedCounts(ROWS).listens);
  });

  it('counts plays the archive already has from another source as present', async () => {
    const plays = extendedRows(ROWS)
      .map((_, n) => n)
      .filter((n) => n % 10 !== 9 && n % 25 !== 24 && n % 3 === 0)
      .map((n) => polledPlay(ALICE, n));
    await new ListenArchive(database).store(plays);

    const row = await queued(extendedExportZip(ROWS));
    await runHistoryImport(deps(), row.id);
    const done = (await store().get(row.id))!;
    expect(done.present).toBe(plays.length);
    expect(done.added).toBe(expectedCounts(ROWS).listens - plays.length);
    expect(await listenCount()).toBe(expectedCounts(ROWS).listens);
  });

  it('fails a file that breaks mid-way, keeping what it stored and its counts', async () => {
    const rows = extendedRows(1200);
    const broken = `${JSON.stringify(rows).slice(0, -1)},{"ts": oops`;
    const row = await queued(broken, 'Streaming_History_Audio_2024.json');
    await runHistoryImport(deps(), row.id);

    const failed = (await store().get(row.id))!;
    expect(failed.status).toBe('failed');
    expect(failed.errorCode).toBe('corrupt-json');
    expect(failed.errorMessage).toMatch(/Streaming_History_Audio_2024\.json is not valid JSON/);
    expect(failed.rowsRead).toBe(2 * BATCH);
    expect(failed.rowsRead).toBe(failed.added + failed.present + failed.skipped);
    expect(await listenCount()).toBe(failed.added);
    expect(await exists(row.storedPath)).toBe(false);
    expect(events.at(-1)).toMatchObject({ status: 'failed', counts: { rowsRead: 2 * BATCH } });
  });

  it('leaves a finished import alone when its job is delivered again', async () => {
    const row = await queued(extendedExportZip(100));
    await runHistoryImport(deps(), row.id);
    const first = (await store().get(row.id))!;
    await expect(runHistoryImport(deps(), row.id)).resolves.toMatchObject({ status: 'done' });
    expect(totals((await store().get(row.id))!)).toEqual(totals(first));
    await expect(runHistoryImport(deps(), 987654)).resolves.toMatchObject({ status: 'missing' });
  });
});
