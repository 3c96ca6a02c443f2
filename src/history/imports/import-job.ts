import { rm } from 'node:fs/promises';
import type { Bus } from '../../bus/index.ts';
import type { Database } from '../../db/index.ts';
import type { Logger } from '../../logging/index.ts';
import {
  HistoryImportError,
  type ImportBatch,
  type ImportLimits,
  openHistoryImport,
} from '../import/index.ts';
import type { ListenArchive } from '../listen-archive.ts';
import type { ListenInput } from '../listen-input.ts';
import { HISTORY_IMPORT_PROGRESS_TOPIC, type HistoryImportProgress, type SkipExample } from './contract.ts';
import { type HistoryImportRow, HistoryImportStore } from './import-store.ts';

export const HISTORY_IMPORT_JOB = 'history.import';

/** Progress events are published at most this often (and once at the end). */
export const PROGRESS_INTERVAL_MS = 500;

export interface HistoryImportJobDeps {
  database: Database;
  archive: ListenArchive;
  bus: Pick<Bus, 'publish'>;
  limits: Partial<ImportLimits>;
  logger: Logger;
  /** Milliseconds, for throttling progress events. */
  now?: () => number;
  /** Rows per batch (the parser's default otherwise); each batch is one transaction. */
  batchSize?: number;
  /** Called after each batch is committed; tests throw from it to interrupt the job. */
  afterBatch?: (row: HistoryImportRow, batchNumber: number) => void | Promise<void>;
  /** Aborts between batches (job expiry, worker stopping); the import resumes on the retry. */
  signal?: AbortSignal;
}

export interface HistoryImportJobResult {
  importId: number;
  status: string;
  rowsRead?: number;
}

function splitBatch(batch: ImportBatch): { listens: ListenInput[]; skipped: SkipExample[] } {
  const listens: ListenInput[] = [];
  const skipped: SkipExample[] = [];
  for (const outcome of batch.outcomes) {
    if (outcome.kind === 'listen') listens.push(outcome.input);
    else {
      const { reason, detail, file, index, line } = outcome;
      skipped.push({ reason, detail, file, index, ...(line === undefined ? {} : { line }) });
    }
  }
  return { listens, skipped };
}

function assertBalanced(row: HistoryImportRow): void {
  // Every row read became a listen (new or already there) or a skip: anything else is a bug.
  if (row.rowsRead !== row.added + row.present + row.skipped)
    throw new Error(
      `import ${row.id} does not balance: read ${row.rowsRead} ≠ added ${row.added} + present ${row.present} + skipped ${row.skipped}`,
    );
}

/**
 * Runs (or resumes) one import: reads the stored upload from the row's position, and stores
 * each batch's listens together with its counts and the next position in ONE transaction, so a
 * worker killed at any point resumes exactly after the last committed batch and the final
 * counts equal an uninterrupted run's. A file that turns out damaged mid-way fails the import
 * with the counts so far; database errors throw, for the job's retry to resume.
 */
export async function runHistoryImport(
  deps: HistoryImportJobDeps,
  importId: number,
): Promise<HistoryImportJobResult> {
  const store = new HistoryImportStore(deps.database);
  const now = deps.now ?? Date.now;
  const found = await store.get(importId);
  if (!found) return { importId, status: 'missing' };
  if (found.status === 'done' || found.status === 'failed') {
    // A crash between marking it ended and deleting the upload must not leave the file behind.
    await rm(found.storedPath, { force: true });
    return { importId, status: found.status };
  }
  await store.markRunning(found.id);
  const current = found;
  let row: HistoryImportRow = found;
  const progress = (status: HistoryImportProgress['status'], bytesRead: number, bytesTotal: number) =>
    deps.bus.publish<HistoryImportProgress>(HISTORY_IMPORT_PROGRESS_TOPIC, {
      userId: current.userId,
      importId: current.id,
      status,
      counts: { rowsRead: row.rowsRead, added: row.added, present: row.present, skipped: row.skipped },
      bytesRead,
      bytesTotal,
    });

  const end = async (status: 'done' | 'failed', error?: HistoryImportError) => {
    row = error ? await store.fail(current.id, error.code, error.message) : await store.finish(current.id);
    await rm(current.storedPath, { force: true });
    await progress(status, bytesRead, bytesTotal);
    deps.logger.info(
      { importId: current.id, status, rowsRead: row.rowsRead, added: row.added, errorCode: error?.code },
      'history import ended',
    );
    return { importId: current.id, status, rowsRead: row.rowsRead };
  };

  let bytesRead = 0;
  let bytesTotal = 0;
  let lastPublished = Number.NEGATIVE_INFINITY;
  try {
    const opened = await openHistoryImport(row.storedPath, {
      userId: row.userId,
      fileName: row.fileName,
      limits: deps.limits,
      ...(deps.batchSize === undefined ? {} : { batchSize: deps.batchSize }),
    });
    bytesTotal = opened.bytesTotal;
    const from =
      row.positionFile === null || row.positionRow === null
        ? undefined
        : { file: row.positionFile, row: row.positionRow };
    let batchNumber = 0;
    for await (const batch of opened.batches(from)) {
      deps.signal?.throwIfAborted();
      const { listens, skipped } = splitBatch(batch);
      const before: HistoryImportRow = row;
      row = await deps.database.db.transaction(async (tx): Promise<HistoryImportRow> => {
        const stored = await deps.archive.storeWithin(tx, listens);
        const counts = { rowsRead: listens.length + skipped.length, ...stored, skipped };
        return store.recordBatch(tx, before, counts, batch.position);
      });
      assertBalanced(row);
      bytesRead = batch.bytesRead;
      batchNumber += 1;
      if (now() - lastPublished >= PROGRESS_INTERVAL_MS) {
        lastPublished = now();
        await progress('running', bytesRead, bytesTotal);
      }
      await deps.afterBatch?.(row, batchNumber);
    }
  } catch (error) {
    if (error instanceof HistoryImportError) return end('failed', error);
    throw error;
  }
  return end('done');
}
