import { z } from 'zod';

/*
 * The import routes' wire types (`/api/me/history/imports`). Browser-clean: zod only.
 */

export const HISTORY_IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type HistoryImportStatus = (typeof HISTORY_IMPORT_STATUSES)[number];

/** At most this many skipped rows are kept as examples (with file and line) per import. */
export const SKIP_EXAMPLES_KEPT = 20;

export const skipExampleSchema = z.object({
  reason: z.string(),
  detail: z.string(),
  file: z.string(),
  /** 0-based row in the file. */
  index: z.number().int(),
  /** 1-based line, for JSON Lines files. */
  line: z.number().int().optional(),
});
export type SkipExample = z.infer<typeof skipExampleSchema>;

export const skippedDetailSchema = z.object({
  byReason: z.record(z.string(), z.number().int()).describe('Skipped rows per reason'),
  examples: z.array(skipExampleSchema).describe(`The first ${SKIP_EXAMPLES_KEPT} skipped rows`),
});
export type SkippedDetail = z.infer<typeof skippedDetailSchema>;

export const historyImportSchema = z
  .object({
    id: z.number().int(),
    fileName: z.string(),
    status: z.enum(HISTORY_IMPORT_STATUSES),
    bytesTotal: z.number().int().describe('Size of the upload'),
    rowsRead: z.number().int(),
    added: z.number().int().describe('Listens new to the archive'),
    present: z.number().int().describe('Listens the archive already had (from any source)'),
    skipped: z.number().int(),
    skippedDetail: skippedDetailSchema,
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .describe('An import of a history export; rowsRead = added + present + skipped');
export type HistoryImportView = z.infer<typeof historyImportSchema>;

export const historyImportUploadQuerySchema = z.strictObject({
  fileName: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .optional()
    .describe('The file’s original name (e.g. my_spotify_data.zip), shown in the import list'),
});

export const historyImportParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** Published on the bus (topic HISTORY_IMPORT_PROGRESS_TOPIC) while an import runs, and at its end. */
export interface HistoryImportProgress {
  userId: string;
  importId: number;
  status: HistoryImportStatus;
  counts: { rowsRead: number; added: number; present: number; skipped: number };
  bytesRead: number;
  bytesTotal: number;
}

export const HISTORY_IMPORT_PROGRESS_TOPIC = 'history.import.progress';
