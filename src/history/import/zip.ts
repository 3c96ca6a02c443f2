import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { HistoryImportError } from './errors.ts';

export interface ZipListing {
  zip: ZipFile;
  /** Entries with safe names, in central-directory order. */
  entries: Array<{ name: string; entry: Entry }>;
  /** Names that were ignored because they could escape a folder (`../x`, `/etc/x`, `C:x`). */
  ignoredNames: string[];
}

function corrupt(error: unknown): HistoryImportError {
  const why = error instanceof Error ? error.message : String(error);
  return new HistoryImportError('corrupt-zip', `The zip file is damaged or incomplete: ${why}.`);
}

/**
 * Reads a zip's central directory (metadata only; no entry is inflated). Names are decoded the
 * way yauzl would, but a traversal name is ignored instead of failing the whole archive: we
 * never write entries to disk, so such a name cannot hurt, it just is not part of an export.
 */
export async function listZip(path: string, maxEntries: number): Promise<ZipListing> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, decodeStrings: false });
  } catch (error) {
    throw corrupt(error);
  }
  if (zip.entryCount > maxEntries) {
    zip.close();
    throw new HistoryImportError(
      'too-many-entries',
      `The zip lists ${zip.entryCount} files; an export has far fewer (at most ${maxEntries} are accepted).`,
    );
  }
  const entries: ZipListing['entries'] = [];
  const ignoredNames: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        const name = yauzl.getFileNameLowLevel(
          entry.generalPurposeBitFlag,
          entry.fileNameRaw,
          entry.extraFields,
          false,
        );
        if (yauzl.validateFileName(name) !== null) ignoredNames.push(name);
        else if (!name.endsWith('/')) entries.push({ name, entry });
        zip.readEntry();
      });
      zip.once('end', () => resolve());
      zip.once('error', reject);
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    throw corrupt(error);
  }
  return { zip, entries, ignoredNames };
}

/** Opens one entry's inflated content; yauzl checks it against the declared size and CRC. */
export async function openEntry(zip: ZipFile, entry: Entry, name: string): Promise<Readable> {
  try {
    return await zip.openReadStreamPromise(entry);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new HistoryImportError('corrupt-zip', `${name} in the zip cannot be read: ${why}.`, name);
  }
}
