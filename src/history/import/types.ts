import type { ListenInput } from '../listen-input.ts';

/** Why a row read from an import file did not become a listen. */
export type SkipReason = 'podcast' | 'audiobook' | 'video' | 'zero-length' | 'too-short' | 'malformed';

export const SKIP_REASONS: readonly SkipReason[] = [
  'podcast',
  'audiobook',
  'video',
  'zero-length',
  'too-short',
  'malformed',
];

/** Where a row sits: the file (name inside the zip, or the lone file's name) and its 0-based row. */
export interface RowLocation {
  file: string;
  /** 0-based index of the row in the file (array element, or non-blank JSONL line). */
  index: number;
  /** 1-based physical line, for JSONL files (JSON arrays do not carry lines). */
  line?: number;
}

export type ImportOutcome =
  | { kind: 'listen'; input: ListenInput }
  | ({ kind: 'skipped'; reason: SkipReason; detail: string } & RowLocation);

/**
 * How far a parse has got: every row of the files before `file` and the first `row` rows of
 * `file` have been emitted. A job stores it with the batch it just stored and passes it back to
 * resume after a restart; the resumed parse does not emit those rows again.
 */
export interface ImportPosition {
  file: string;
  row: number;
}

/** The kinds of file an import reads, each with its own row shape. */
export type ImportFileKind =
  | 'spotify-extended-audio'
  | 'spotify-extended-video'
  | 'spotify-account-music'
  | 'spotify-account-podcast'
  | 'listenbrainz-jsonl'
  | 'listenbrainz-json';

export type ImportFormat = 'spotify-extended' | 'spotify-account' | 'listenbrainz';

export interface ImportCounts {
  /** Rows read = listens + skipped (the sum of `skipped`), always. */
  read: number;
  listens: number;
  skipped: Record<SkipReason, number>;
}

export interface ImportBatch {
  outcomes: ImportOutcome[];
  /** Resume from here after this batch is stored. */
  position: ImportPosition;
  /** Totals since this parse started (a resumed parse counts from the position). */
  counts: ImportCounts;
  /** Bytes of file content (uncompressed, for zips) parsed so far, of `bytesTotal`. */
  bytesRead: number;
  bytesTotal: number;
}

export function emptyCounts(): ImportCounts {
  return {
    read: 0,
    listens: 0,
    skipped: { podcast: 0, audiobook: 0, video: 0, 'zero-length': 0, 'too-short': 0, malformed: 0 },
  };
}

export function skippedTotal(counts: ImportCounts): number {
  return SKIP_REASONS.reduce((sum, reason) => sum + counts.skipped[reason], 0);
}
