import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/index.ts';
import type { Transaction } from '../catalogue-writer.ts';
import { historyImports } from '../schema.ts';
import {
  type HistoryImportStatus,
  type HistoryImportView,
  SKIP_EXAMPLES_KEPT,
  type SkipExample,
  type SkippedDetail,
} from './contract.ts';

export type HistoryImportRow = typeof historyImports.$inferSelect;

/** What one stored batch adds to an import's counts. */
export interface BatchCounts {
  rowsRead: number;
  added: number;
  present: number;
  skipped: SkipExample[];
}

const emptyDetail = (): SkippedDetail => ({ byReason: {}, examples: [] });

function detailOf(row: HistoryImportRow): SkippedDetail {
  const stored = row.skippedDetail as Partial<SkippedDetail> | null;
  return { byReason: { ...stored?.byReason }, examples: [...(stored?.examples ?? [])] };
}

export function viewOf(row: HistoryImportRow): HistoryImportView {
  return {
    id: row.id,
    fileName: row.fileName,
    status: row.status as HistoryImportStatus,
    bytesTotal: row.bytesTotal,
    rowsRead: row.rowsRead,
    added: row.added,
    present: row.present,
    skipped: row.skipped,
    skippedDetail: detailOf(row),
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** `history_imports`: an upload's progress, counts and resume position. */
export class HistoryImportStore {
  constructor(private readonly database: Pick<Database, 'db'>) {}

  async create(input: { userId: string; fileName: string; storedPath: string; bytesTotal: number }) {
    const [row] = await this.database.db
      .insert(historyImports)
      .values({ ...input, status: 'queued', skippedDetail: emptyDetail() })
      .returning();
    return row!;
  }

  async get(id: number): Promise<HistoryImportRow | null> {
    const [row] = await this.database.db.select().from(historyImports).where(eq(historyImports.id, id));
    return row ?? null;
  }

  /** The import if it is `userId`'s; null otherwise (another user's import does not exist for them). */
  async getOwn(userId: string, id: number): Promise<HistoryImportRow | null> {
    const [row] = await this.database.db
      .select()
      .from(historyImports)
      .where(and(eq(historyImports.id, id), eq(historyImports.userId, userId)));
    return row ?? null;
  }

  async listOwn(userId: string, limit = 50): Promise<HistoryImportRow[]> {
    return this.database.db
      .select()
      .from(historyImports)
      .where(eq(historyImports.userId, userId))
      .orderBy(desc(historyImports.createdAt), desc(historyImports.id))
      .limit(limit);
  }

  async markRunning(id: number): Promise<void> {
    await this.database.db
      .update(historyImports)
      .set({ status: 'running', updatedAt: new Date() })
      .where(eq(historyImports.id, id));
  }

  /**
   * Adds a stored batch's counts and moves the position, inside the transaction that stored
   * its listens: after a crash the row says exactly which rows are in the archive.
   */
  async recordBatch(
    tx: Transaction,
    row: HistoryImportRow,
    batch: BatchCounts,
    position: { file: string; row: number },
  ): Promise<HistoryImportRow> {
    const detail = detailOf(row);
    for (const skip of batch.skipped) {
      detail.byReason[skip.reason] = (detail.byReason[skip.reason] ?? 0) + 1;
      if (detail.examples.length < SKIP_EXAMPLES_KEPT) detail.examples.push(skip);
    }
    const [updated] = await tx
      .update(historyImports)
      .set({
        rowsRead: sql`${historyImports.rowsRead} + ${batch.rowsRead}`,
        added: sql`${historyImports.added} + ${batch.added}`,
        present: sql`${historyImports.present} + ${batch.present}`,
        skipped: sql`${historyImports.skipped} + ${batch.skipped.length}`,
        skippedDetail: detail,
        positionFile: position.file,
        positionRow: position.row,
        updatedAt: new Date(),
      })
      .where(eq(historyImports.id, row.id))
      .returning();
    return updated!;
  }

  async finish(id: number): Promise<HistoryImportRow> {
    const now = new Date();
    const [row] = await this.database.db
      .update(historyImports)
      .set({ status: 'done', updatedAt: now, finishedAt: now })
      .where(eq(historyImports.id, id))
      .returning();
    return row!;
  }

  async fail(id: number, errorCode: string, errorMessage: string): Promise<HistoryImportRow> {
    const now = new Date();
    const [row] = await this.database.db
      .update(historyImports)
      .set({ status: 'failed', errorCode, errorMessage, updatedAt: now, finishedAt: now })
      .where(eq(historyImports.id, id))
      .returning();
    return row!;
  }
}
