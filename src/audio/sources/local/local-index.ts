import { realpath } from 'node:fs/promises';
import { basename, extname, sep } from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import type { Logger } from '../../../logging/index.ts';
import type { LocalFolders } from './local-folders.ts';
import { hasAudioExtension, type LocalAudio, readLocalAudio } from './local-metadata.ts';
import { type SearchableFields, scoreMatch, searchTokens } from './search-ranking.ts';

interface IndexedFile {
  audio: LocalAudio;
  words: SearchableFields;
}

export interface LocalIndexOptions {
  logger: Logger;
  /** Files parsed at once while indexing: parsing is disk- and CPU-bound, the machine is shared. */
  concurrency?: number;
  /** Called whenever the number of indexed files changes (the metrics gauge). */
  onSizeChange?: (size: number) => void;
}

/**
 * The `localsearch:` index: every audio file under the folders with its tags, built once at
 * start and kept current by a chokidar watcher (add, change, unlink). Keys are the paths the
 * watcher reports; each entry also holds its real path, which is what tracks identify by.
 */
export class LocalLibraryIndex {
  readonly #files = new Map<string, IndexedFile>();
  readonly #folders: LocalFolders;
  readonly #logger: Logger;
  readonly #onSizeChange: (size: number) => void;
  readonly #concurrency: number;
  readonly #waiting: (() => void)[] = [];
  /** Bumped by every event on a path, so a slow parse cannot re-add a file deleted meanwhile. */
  readonly #versions = new Map<string, number>();
  #running = 0;
  #pending = new Set<Promise<void>>();
  #watcher: FSWatcher | null = null;

  private constructor(folders: LocalFolders, options: LocalIndexOptions) {
    this.#folders = folders;
    this.#logger = options.logger;
    this.#onSizeChange = options.onSizeChange ?? (() => {});
    this.#concurrency = options.concurrency ?? 4;
  }

  /** Scans the folders and resolves once every file found at start is indexed. */
  static async start(folders: LocalFolders, options: LocalIndexOptions): Promise<LocalLibraryIndex> {
    const index = new LocalLibraryIndex(folders, options);
    if (folders.roots.length > 0) await index.#watch();
    index.#onSizeChange(index.size);
    return index;
  }

  get size(): number {
    return this.#files.size;
  }

  /**
   * The indexed tags and length of a file, by its real path, or null when it is not indexed
   * (yet). Loads use it instead of parsing the file again: at dozens of loads a second the
   * parsing, not the playing, was what fell behind (`npm run bench:interactions`). A linear
   * scan: microseconds per thousand files, well below one parse.
   */
  lookup(realPath: string): LocalAudio | null {
    for (const { audio } of this.#files.values()) if (audio.realPath === realPath) return audio;
    return null;
  }

  /** Best matches first, one per real file (a link and its target are the same song). */
  search(query: string, limit: number): LocalAudio[] {
    const words = searchTokens(query);
    if (words.length === 0) return [];
    const scored = new Map<string, { audio: LocalAudio; score: number }>();
    for (const file of this.#files.values()) {
      const score = scoreMatch(words, file.words);
      const previous = scored.get(file.audio.realPath);
      if (score > 0 && (!previous || previous.score < score)) {
        scored.set(file.audio.realPath, { audio: file.audio, score });
      }
    }
    return [...scored.values()]
      .sort((a, b) => b.score - a.score || a.audio.fields.title.localeCompare(b.audio.fields.title))
      .slice(0, limit)
      .map((entry) => entry.audio);
  }

  async close(): Promise<void> {
    await this.#watcher?.close();
    this.#watcher = null;
    await Promise.allSettled([...this.#pending]);
  }

  async #watch(): Promise<void> {
    const watcher = watch([...this.#folders.roots], {
      // A link to a folder elsewhere would make the watcher walk outside the allowed folders.
      followSymlinks: false,
      ignored: (path, stats) => stats?.isFile() === true && !hasAudioExtension(path),
      // Only applies after the initial scan: a file being copied in is indexed once complete.
      awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
    });
    this.#watcher = watcher;
    watcher.on('add', (path) => this.#track(this.#index(path)));
    watcher.on('change', (path) => this.#track(this.#index(path)));
    watcher.on('unlink', (path) => this.#remove(path));
    watcher.on('unlinkDir', (dir) => {
      for (const path of [...this.#files.keys()]) if (path.startsWith(dir + sep)) this.#remove(path);
    });
    watcher.on('error', (error) => this.#logger.warn({ err: error }, 'local folder watcher error'));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  #track(work: Promise<void>): void {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  async #index(path: string): Promise<void> {
    if (!hasAudioExtension(path)) return;
    const version = this.#bump(path);
    await this.#slot();
    try {
      const real = await realpath(path).catch(() => null);
      if (!real || !this.#folders.contains(real)) {
        this.#logger.debug({ path }, 'not indexed: it leads outside the local folders');
        return;
      }
      const audio = await readLocalAudio(real);
      if (!this.#watcher || this.#versions.get(path) !== version) return; // closed or changed meanwhile
      this.#files.set(path, { audio, words: wordsOf(audio, path) });
      this.#onSizeChange(this.#files.size);
    } catch (error) {
      // A damaged or half-written file: the watcher reports it again once it changes.
      this.#files.delete(path);
      this.#logger.debug({ path, err: error }, 'local file not indexed');
    } finally {
      this.#release();
    }
  }

  #bump(path: string): number {
    const version = (this.#versions.get(path) ?? 0) + 1;
    this.#versions.set(path, version);
    return version;
  }

  #remove(path: string): void {
    // Forgetting the version also voids any parse still running for this path.
    this.#versions.delete(path);
    if (this.#files.delete(path)) this.#onSizeChange(this.#files.size);
  }

  async #slot(): Promise<void> {
    if (this.#running < this.#concurrency) {
      this.#running++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }
}

function wordsOf(audio: LocalAudio, path: string): SearchableFields {
  return {
    title: searchTokens(audio.fields.title),
    artist: searchTokens(audio.fields.author),
    album: searchTokens(audio.album ?? ''),
    filename: searchTokens(basename(path, extname(path))),
  };
}
