import type { AudioInput, LoadResult, TrackInfo } from '../../contracts.ts';
import { emptyResult } from '../errors.ts';
import { buildTrack, type TrackEncoder } from '../track-builder.ts';
import type { LocalFolders } from './local-folders.ts';
import type { LocalLibraryIndex } from './local-index.ts';
import { readLocalAudio } from './local-metadata.ts';

const MAX_SEARCH_RESULTS = 20;

/** Files under the configured folders: loaded by path or file:// URL, found with `localsearch:`. */
export class LocalSource {
  readonly #folders: LocalFolders;
  readonly #index: LocalLibraryIndex;
  readonly #encode: TrackEncoder;

  constructor(folders: LocalFolders, index: LocalLibraryIndex, encode: TrackEncoder) {
    this.#folders = folders;
    this.#index = index;
    this.#encode = encode;
  }

  async load(path: string): Promise<LoadResult> {
    const real = await this.#folders.resolveFile(path);
    const audio = this.#index.lookup(real) ?? (await readLocalAudio(real));
    return { loadType: 'track', data: buildTrack(this.#encode, audio.fields) };
  }

  search(query: string): LoadResult {
    const found = this.#index.search(query, MAX_SEARCH_RESULTS);
    if (found.length === 0) return emptyResult();
    return { loadType: 'search', data: found.map((audio) => buildTrack(this.#encode, audio.fields)) };
  }

  /** Checks the path again: an encoded track is client input and may name any file. */
  async open(info: TrackInfo): Promise<AudioInput> {
    const real = await this.#folders.resolveFile(info.identifier);
    const audio = this.#index.lookup(real) ?? (await readLocalAudio(real));
    return { source: real, container: audio.container };
  }
}
