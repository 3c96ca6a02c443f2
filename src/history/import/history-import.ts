import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';
import { formatOf, kindOfZipEntry, sniffContainer } from './detect.ts';
import { EXPECTED_FORMATS, HistoryImportError } from './errors.ts';
import { jsonArrayRows, jsonlRows } from './json-rows.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.ts';
import { kindOfRow, type MappingContext, mapRow, type RowResult } from './row-mapping.ts';
import {
  emptyCounts,
  type ImportBatch,
  type ImportFileKind,
  type ImportFormat,
  type ImportOutcome,
  type ImportPosition,
} from './types.ts';
import { listZip, openEntry } from './zip.ts';

export interface HistoryImportOptions {
  /** The panel user the listens belong to. */
  userId: string;
  /**
   * The upload's original name (the file on disk may have a temporary one): used in messages,
   * and as a lone file's name in positions, so pass the same name when resuming.
   */
  fileName?: string;
  limits?: Partial<ImportLimits>;
  /** Outcomes per batch (default 5,000). */
  batchSize?: number;
  /** Plays shorter than this many ms are skipped as 'too-short' (default 0: keep all heard plays). */
  minMsPlayed?: number;
}

export interface ImportFile {
  /** The entry's name in the zip, or the lone file's name. Positions refer to it. */
  name: string;
  kind: ImportFileKind;
  /** Uncompressed size. */
  bytes: number;
}

export interface HistoryImport {
  format: ImportFormat;
  /** The files that will be read, in reading order. */
  files: ImportFile[];
  /** Zip entries ignored because their names could escape a folder. */
  ignoredEntries: string[];
  bytesTotal: number;
  /**
   * The outcomes, in batches. With `from`, rows before that position are read past without
   * being emitted. Throws HistoryImportError when a file turns out to be damaged mid-way.
   * Call it once: it closes the file when it ends (to resume, open the import again).
   */
  batches(from?: ImportPosition): AsyncGenerator<ImportBatch>;
  /** Releases the zip's file handle (also done when `batches` finishes or throws). */
  close(): void;
}

interface Opened {
  zip: boolean;
  files: Array<ImportFile & { container: 'json-array' | 'jsonl' }>;
  ignoredEntries: string[];
  open(file: ImportFile): Promise<Readable>;
  close(): void;
}

const notAnExport = (what: string) =>
  new HistoryImportError('not-an-export', `${what}. Expected ${EXPECTED_FORMATS}.`);

function rowsOf(container: 'json-array' | 'jsonl', input: Readable, limits: ImportLimits) {
  return container === 'json-array' ? jsonArrayRows(input) : jsonlRows(input, limits.maxLineBytes);
}

async function openZip(path: string, limits: ImportLimits): Promise<Opened> {
  const listing = await listZip(path, limits.maxZipEntries);
  const zip: ZipFile = listing.zip;
  const entries = new Map<string, Entry>();
  const files: Opened['files'] = [];
  for (const { name, entry } of listing.entries) {
    const kind = kindOfZipEntry(name);
    if (kind === null) continue;
    entries.set(name, entry);
    const container = kind === 'listenbrainz-jsonl' ? 'jsonl' : 'json-array';
    files.push({ name, kind, bytes: entry.uncompressedSize, container });
  }
  if (files.length === 0) {
    zip.close();
    throw notAnExport('The zip holds no listening history files');
  }
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  if (total > limits.maxUncompressedBytes) {
    zip.close();
    throw new HistoryImportError(
      'zip-bomb',
      `The zip's history files unpack to ${total} bytes, more than the ${limits.maxUncompressedBytes} accepted (HISTORY_IMPORT_MAX_UNCOMPRESSED_BYTES).`,
    );
  }
  files.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  let closed = false;
  return {
    zip: true,
    files,
    ignoredEntries: listing.ignoredNames,
    open: (file) => openEntry(zip, entries.get(file.name)!, file.name),
    close: () => {
      // yauzl throws on a second close; `close()` after `batches()` ended must be harmless.
      if (!closed) zip.close();
      closed = true;
    },
  };
}

async function firstRow(path: string, container: 'json-array' | 'jsonl', limits: ImportLimits) {
  const input = createReadStream(path);
  try {
    for await (const row of rowsOf(container, input, limits)) return row;
    return null;
  } catch {
    return null;
  } finally {
    input.destroy();
  }
}

async function openLoneFile(
  path: string,
  name: string,
  container: 'json-array' | 'jsonl',
  bytes: number,
  limits: ImportLimits,
): Promise<Opened> {
  const first = await firstRow(path, container, limits);
  if (first === null) throw notAnExport(`${name} holds no rows or is not valid JSON`);
  const rowKind = first.ok ? kindOfRow(first.value, name) : null;
  const kind = container === 'jsonl' && rowKind === 'listenbrainz-json' ? 'listenbrainz-jsonl' : rowKind;
  if (kind === null || (container === 'jsonl' && kind !== 'listenbrainz-jsonl'))
    throw notAnExport(`${name} is JSON, but its rows are not listening history`);
  return {
    zip: false,
    files: [{ name, kind, bytes, container }],
    ignoredEntries: [],
    open: async () => createReadStream(path, { highWaterMark: 256 * 1024 }),
    close: () => {},
  };
}

/**
 * Opens an uploaded history file and says what it is, refusing anything that is not an export
 * we know (HistoryImportError). Only metadata and the first row are read here; `batches()`
 * streams the rows.
 */
export async function openHistoryImport(path: string, options: HistoryImportOptions): Promise<HistoryImport> {
  const limits = { ...DEFAULT_IMPORT_LIMITS, ...options.limits };
  const name = options.fileName ?? basename(path);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw new HistoryImportError('unreadable', `${name} cannot be read: ${(error as Error).message}.`);
  }
  if (size > limits.maxFileBytes)
    throw new HistoryImportError(
      'too-large',
      `${name} is ${size} bytes; at most ${limits.maxFileBytes} are accepted (HISTORY_IMPORT_MAX_BYTES).`,
    );
  const container = await sniffContainer(path).catch((error: Error) => {
    throw new HistoryImportError('unreadable', `${name} cannot be read: ${error.message}.`);
  });
  if (container === null) throw notAnExport(`${name} is neither a zip nor JSON`);
  const opened =
    container === 'zip'
      ? await openZip(path, limits)
      : await openLoneFile(path, name, container, size, limits);
  const format = formatOf(opened.files.map((file) => file.kind))!;
  const context: MappingContext = { userId: options.userId, minMsPlayed: options.minMsPlayed ?? 0 };
  let started = false;
  return {
    format,
    files: opened.files.map(({ name, kind, bytes }) => ({ name, kind, bytes })),
    ignoredEntries: opened.ignoredEntries,
    bytesTotal: opened.files.reduce((sum, file) => sum + file.bytes, 0),
    batches: (from) => {
      if (started) throw new Error('batches() reads the file once: open the import again to read it again');
      started = true;
      return readBatches(opened, context, limits, options.batchSize ?? 5000, from);
    },
    close: () => opened.close(),
  };
}

async function* readBatches(
  opened: Opened,
  context: MappingContext,
  limits: ImportLimits,
  batchSize: number,
  from: ImportPosition | undefined,
): AsyncGenerator<ImportBatch> {
  const startAt = from === undefined ? 0 : opened.files.findIndex((file) => file.name === from.file);
  if (startAt === -1 || (from !== undefined && (!Number.isInteger(from.row) || from.row < 0))) {
    opened.close();
    throw new HistoryImportError(
      'bad-position',
      `The resume position ${JSON.stringify(from)} is not in this file.`,
    );
  }
  const counts = emptyCounts();
  const bytesTotal = opened.files.reduce((sum, file) => sum + file.bytes, 0);
  let bytesBefore = opened.files.slice(0, startAt).reduce((sum, file) => sum + file.bytes, 0);
  let outcomes: ImportOutcome[] = [];
  let yielded = false;
  let position: ImportPosition = from ?? { file: opened.files[0]!.name, row: 0 };
  try {
    for (const file of opened.files.slice(startAt)) {
      const skipRows = from !== undefined && file.name === from.file ? from.row : 0;
      const input = await opened.open(file);
      let bytesInFile = 0;
      let sourceError: Error | null = null;
      input.on('data', (chunk: Buffer) => {
        bytesInFile += chunk.length;
      });
      input.once('error', (error) => {
        sourceError = error;
      });
      let index = 0;
      position = { file: file.name, row: skipRows };
      try {
        for await (const row of rowsOf(file.container, input, limits)) {
          index += 1;
          if (index <= skipRows) continue;
          const result: RowResult = row.ok
            ? mapRow(file.kind, row.value, context)
            : { kind: 'skip', reason: 'malformed', detail: row.detail };
          counts.read += 1;
          if (result.kind === 'listen') {
            counts.listens += 1;
            outcomes.push(result);
          } else {
            counts.skipped[result.reason] += 1;
            outcomes.push({
              kind: 'skipped',
              reason: result.reason,
              detail: result.detail,
              file: file.name,
              index: index - 1,
              ...(row.line === undefined ? {} : { line: row.line }),
            });
          }
          if (outcomes.length >= batchSize) {
            position = { file: file.name, row: index };
            yielded = true;
            yield {
              outcomes,
              position,
              counts: snapshot(counts),
              bytesRead: bytesBefore + bytesInFile,
              bytesTotal,
            };
            outcomes = [];
          }
        }
      } catch (error) {
        if (error instanceof HistoryImportError) throw error;
        const why = (sourceError ?? (error as Error)).message;
        if (sourceError && !opened.zip)
          throw new HistoryImportError('unreadable', `${file.name} cannot be read: ${why}.`, file.name);
        throw sourceError
          ? new HistoryImportError('corrupt-zip', `${file.name} in the zip is damaged: ${why}.`, file.name)
          : new HistoryImportError(
              'corrupt-json',
              `${file.name} is not valid JSON after row ${index}: ${why}.`,
              file.name,
            );
      } finally {
        input.destroy();
      }
      position = { file: file.name, row: Math.max(index, skipRows) };
      bytesBefore += file.bytes;
    }
    if (outcomes.length > 0 || !yielded)
      yield { outcomes, position, counts: snapshot(counts), bytesRead: bytesBefore, bytesTotal };
  } finally {
    opened.close();
  }
}

function snapshot(counts: ImportBatch['counts']): ImportBatch['counts'] {
  return { ...counts, skipped: { ...counts.skipped } };
}
