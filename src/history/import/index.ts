/**
 * Import files for the listening archive: Spotify's data exports (extended streaming history,
 * account-data streaming history) and ListenBrainz exports, zipped or as lone files. Files are
 * streamed from disk and handed out as batches of listens and skipped rows with a resumable
 * position, so a job never holds a file whole and can resume where it stopped.
 */
export { EXPECTED_FORMATS, HistoryImportError, type HistoryImportErrorCode } from './errors.ts';
export {
  type HistoryImport,
  type HistoryImportOptions,
  type ImportFile,
  openHistoryImport,
} from './history-import.ts';
export { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.ts';
export {
  emptyCounts,
  type ImportBatch,
  type ImportCounts,
  type ImportFileKind,
  type ImportFormat,
  type ImportOutcome,
  type ImportPosition,
  type RowLocation,
  SKIP_REASONS,
  type SkipReason,
  skippedTotal,
} from './types.ts';
