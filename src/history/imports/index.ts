/**
 * Imports of history exports into the archive: the upload route (`/api/me/history/imports`,
 * streamed to DATA_DIR/history-imports and checked by the parser in ../import) and the
 * resumable `history.import` job that stores the file batch by batch, each batch with its counts
 * and position in one transaction. Design: docs/architecture.md "Listening history" (imports).
 */
export {
  HISTORY_IMPORT_PROGRESS_TOPIC,
  HISTORY_IMPORT_STATUSES,
  type HistoryImportProgress,
  type HistoryImportStatus,
  type HistoryImportView,
  historyImportSchema,
  SKIP_EXAMPLES_KEPT,
  type SkippedDetail,
} from './contract.ts';
export {
  historyImportDir,
  historyImportJob,
  historyImportUserRoutes,
  importLimitsOf,
} from './import-capability-parts.ts';
export {
  HISTORY_IMPORT_JOB,
  type HistoryImportJobDeps,
  PROGRESS_INTERVAL_MS,
  runHistoryImport,
} from './import-job.ts';
export { type HistoryImportRow, HistoryImportStore } from './import-store.ts';
