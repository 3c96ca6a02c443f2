/**
 * Why an import file is refused as a whole. Rows that are merely bad are skipped instead (see
 * types.ts); these are the cases where nothing can be read safely. `message` is English for
 * logs and the job's result; the panel maps `code` to its own catalogue text.
 */
export type HistoryImportErrorCode =
  | 'too-large'
  | 'unreadable'
  | 'corrupt-zip'
  | 'zip-bomb'
  | 'too-many-entries'
  | 'not-an-export'
  | 'corrupt-json'
  | 'bad-position';

export const EXPECTED_FORMATS =
  'a Spotify data export (my_spotify_data.zip, or its Streaming_History_Audio_*.json or ' +
  'StreamingHistory_music_*.json files) or a ListenBrainz export (the zip with listens/YYYY/M.jsonl, ' +
  'or a JSON array or JSON Lines file of listens with listened_at and track_metadata)';

export class HistoryImportError extends Error {
  override readonly name = 'HistoryImportError';
  constructor(
    readonly code: HistoryImportErrorCode,
    message: string,
    /** The file inside the zip the problem is in, when there is one. */
    readonly file?: string,
  ) {
    super(message);
  }
}
