import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../src/bus/index.ts';
import type { CapabilityContext } from '../../src/capability/index.ts';
import { HealthRegistry } from '../../src/health/index.ts';
import { buildZip } from '../../src/history/import/test-zip.ts';
import {
  HISTORY_IMPORT_JOB,
  HISTORY_IMPORT_PROGRESS_TOPIC,
  type HistoryImportProgress,
  type HistoryImportView,
} from '../../src/history/imports/index.ts';
import { expectedCounts, extendedExportZip, polledPlay } from '../../src/history/imports/test-export.ts';
import { historyCapability, ListenArchive } from '../../src/history/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { createMetricsRegistry } from '../../src/metrics/index.ts';
import { databaseKinds } from '../support/databases.ts';
import { eventually } from '../support/eventually.ts';
import { type Browser, logIn, type PanelHarness, startPanel } from './support.ts';

const ROWS = 3000;
const MAX_BYTES = 300_000;

describe.each(databaseKinds())('importing a history export through the panel (%s)', (kind) => {
  let panel: PanelHarness;
  let alice: Browser;
  let owner: Browser;
  let dataDir: string;
  const progress: HistoryImportProgress[] = [];
  const uploads = () => readdir(join(dataDir, 'history-imports')).catch(() => []);
  const importRows = async () =>
    Number(
      (await panel.database.query<{ n: string }>('SELECT count(*) AS n FROM history_imports')).rows[0]!.n,
    );

  const upload = (browser: Browser, payload: Buffer | Readable, query = '?fileName=my_spotify_data.zip') =>
    browser.request({
      method: 'POST',
      url: `/api/me/history/imports${query}`,
      headers: { 'content-type': 'application/zip' },
      payload,
    });

  const settled = async (browser: Browser, id: number): Promise<HistoryImportView> => {
    let view: HistoryImportView | undefined;
    await eventually(
      async () => {
        const response = await browser.request({ method: 'GET', url: `/api/me/history/imports/${id}` });
        expect(response.statusCode).toBe(200);
        view = response.json().import;
        expect(['done', 'failed']).toContain(view!.status);
      },
      60_000,
      100,
    );
    return view!;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'history-imports-api-'));
    panel = await startPanel({
      kind,
      startJobs: true,
      env: {
        DATA_DIR: dataDir,
        HISTORY_IMPORT_MAX_BYTES: String(MAX_BYTES),
        HISTORY_IMPORT_MAX_UNCOMPRESSED_BYTES: '5000000',
      },
    });
    alice = await logIn(panel, panel.emulator.demo!.memberIds[0]!);
    owner = await logIn(panel, panel.emulator.demo!.ownerId);
    // The worker role's part: the capability's own job definition, on the panel's queue.
    const job = historyCapability.worker!.jobs.find((definition) => definition.name === HISTORY_IMPORT_JOB)!;
    const context: CapabilityContext = {
      config: panel.config,
      logger: silentLogger(),
      metrics: createMetricsRegistry({ instance: 'test', roles: 'worker' }),
      health: new HealthRegistry(),
      database: panel.database,
      bus: panel.bus,
      jobs: panel.jobs,
    };
    await panel.jobs.work(HISTORY_IMPORT_JOB, (data, info) => job.run(context, data, info), {
      pollIntervalSeconds: 0.5,
    });
    await panel.observer.subscribe<HistoryImportProgress>(
      HISTORY_IMPORT_PROGRESS_TOPIC,
      (event: BusEvent<HistoryImportProgress>) => void progress.push(event.payload),
    );
  });
  afterAll(async () => {
    await panel?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('imports an extended-history export in the background; the same file again adds nothing', async () => {
    const zip = extendedExportZip(ROWS);
    expect(zip.length).toBeLessThan(MAX_BYTES);
    const expected = expectedCounts(ROWS);
    // Plays the Spotify poller already stored: the import finds them present.
    const polled = [0, 1, 2, 3, 5, 6, 7].map((n) => polledPlay(alice.userId, n));
    await new ListenArchive(panel.database).store(polled);

    const accepted = await upload(alice, zip);
    expect(accepted.statusCode).toBe(202);
    const queued = accepted.json().import as HistoryImportView;
    expect(queued).toMatchObject({
      fileName: 'my_spotify_data.zip',
      status: 'queued',
      bytesTotal: zip.length,
    });

    const first = await settled(alice, queued.id);
    expect(first).toMatchObject({
      status: 'done',
      rowsRead: ROWS,
      added: expected.listens - polled.length,
      present: polled.length,
      skipped: ROWS - expected.listens,
      error: null,
    });
    expect(first.rowsRead).toBe(first.added + first.present + first.skipped);
    expect(first.skippedDetail.byReason).toEqual(expected.skipped);
    // The upload is deleted right after the import is marked done.
    await eventually(async () => expect(await uploads()).toEqual([]));
    await eventually(() =>
      expect(progress.filter((event) => event.importId === queued.id).at(-1)).toMatchObject({
        userId: alice.userId,
        status: 'done',
        counts: { rowsRead: ROWS, added: first.added, present: first.present, skipped: first.skipped },
      }),
    );

    const again = await upload(alice, zip);
    expect(again.statusCode).toBe(202);
    const second = await settled(alice, again.json().import.id);
    expect(second).toMatchObject({ status: 'done', rowsRead: ROWS, added: 0, present: expected.listens });

    const list = await alice.request({ method: 'GET', url: '/api/me/history/imports' });
    expect(list.statusCode).toBe(200);
    expect(list.json().imports.map((view: HistoryImportView) => view.id)).toEqual([second.id, first.id]);
  });

  it('shows an import only to its owner', async () => {
    const accepted = await upload(alice, extendedExportZip(20));
    const id = accepted.json().import.id as number;
    await settled(alice, id);
    const theirs = await owner.request({ method: 'GET', url: `/api/me/history/imports/${id}` });
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error).toBe('NOT_FOUND');
    const list = await owner.request({ method: 'GET', url: '/api/me/history/imports' });
    expect(list.json().imports).toEqual([]);
    await eventually(async () => expect(await uploads()).toEqual([]));
  });

  describe('refusals store nothing and leave no file', () => {
    let before: number;
    beforeAll(async () => {
      before = await importRows();
    });

    const refused = async (
      response: { statusCode: number; json(): unknown },
      status: number,
      error: string,
    ) => {
      expect(response.statusCode).toBe(status);
      expect(response.json()).toMatchObject({ error });
      expect(await importRows()).toBe(before);
      expect(await uploads()).toEqual([]);
    };

    it('refuses a file over HISTORY_IMPORT_MAX_BYTES (413), declared or streamed', async () => {
      const big = Buffer.alloc(MAX_BYTES + 1, 1);
      const declared = await upload(alice, big);
      await refused(declared, 413, 'IMPORT_TOO_LARGE');
      expect(declared.json().message).toMatch(/HISTORY_IMPORT_MAX_BYTES/);
      // No Content-Length: the cap is enforced while streaming, and the partial file deleted.
      const streamed = await upload(alice, Readable.from([big.subarray(0, 200_000), big.subarray(200_000)]));
      await refused(streamed, 413, 'IMPORT_TOO_LARGE');
    });

    it('refuses what is not an export (400)', async () => {
      const readme = buildZip([{ name: 'README.txt', data: 'hello' }]);
      const response = await upload(alice, readme);
      await refused(response, 400, 'IMPORT_NOT_AN_EXPORT');
      expect(response.json()).toMatchObject({ details: { reason: 'not-an-export' } });
      expect((response.json() as { message: string }).message).toMatch(/Spotify data export/);
      await refused(await upload(alice, Buffer.from('just some text')), 400, 'IMPORT_NOT_AN_EXPORT');
    });

    it('refuses a corrupt zip and a zip bomb (400)', async () => {
      const whole = extendedExportZip(50);
      await refused(await upload(alice, whole.subarray(0, whole.length - 30)), 400, 'IMPORT_CORRUPT_ZIP');
      const bomb = buildZip([
        { name: 'Streaming_History_Audio_2024.json', data: '[]', declaredSize: 6_000_000 },
      ]);
      await refused(await upload(alice, bomb), 400, 'IMPORT_ZIP_BOMB');
    });

    it('refuses an upload without the CSRF token (403) or sent as a form (415)', async () => {
      const zip = extendedExportZip(10);
      await refused(
        await alice.request({
          method: 'POST',
          url: '/api/me/history/imports',
          headers: { 'content-type': 'application/zip' },
          payload: zip,
          csrf: false,
        }),
        403,
        'CSRF_FAILED',
      );
      await refused(
        await alice.request({
          method: 'POST',
          url: '/api/me/history/imports',
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
          payload: zip,
        }),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      );
    });
  });
});
