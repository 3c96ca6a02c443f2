/**
 * Caps that keep an import from exhausting the disk or memory. The byte caps come from config
 * (HISTORY_IMPORT_MAX_BYTES, HISTORY_IMPORT_MAX_UNCOMPRESSED_BYTES); the rest are fixed because
 * no real export comes near them.
 */
export interface ImportLimits {
  /** Largest file accepted, as uploaded (zip or JSON). */
  maxFileBytes: number;
  /** Largest total of the uncompressed sizes of the zip entries that are read (zip bombs). */
  maxUncompressedBytes: number;
  /** Most entries a zip may list (a ListenBrainz export has one per month; Spotify's a few dozen). */
  maxZipEntries: number;
  /** Longest JSONL line; a longer one is skipped as malformed without being held in memory. */
  maxLineBytes: number;
}

const GIB = 1024 ** 3;

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 2 * GIB,
  maxUncompressedBytes: 8 * GIB,
  maxZipEntries: 10_000,
  maxLineBytes: 1024 * 1024,
};
