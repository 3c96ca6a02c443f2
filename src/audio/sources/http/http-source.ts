import type { Logger } from '../../../logging/index.ts';
import type { NetGuard } from '../../../net-guard/index.ts';
import type { AudioInput, LoadResult, Track, TrackInfo } from '../../contracts.ts';
import type { AudioContainer } from '../container.ts';
import { AudioSourceError } from '../errors.ts';
import type { Semaphore } from '../semaphore.ts';
import { buildTrack, type TrackEncoder } from '../track-builder.ts';
import { type FetchedPrefix, fetchPrefix } from './fetch-prefix.ts';
import { probeWithFfmpeg } from './ffmpeg-probe.ts';
import { describeHttpAudio } from './http-track.ts';
import { hlsInfo, type PlaylistEntry, parseM3u, parsePls, playlistKind } from './playlist-files.ts';
import { type EntryLoadScope, SharedEntryLoads } from './shared-entry-loads.ts';

export interface HttpSourceOptions {
  encode: TrackEncoder;
  logger: Logger;
  timeoutMs: number;
  signal: AbortSignal;
  /** Every request for a user's URL goes through it (redirects, playlist entries, ffmpeg's reads). */
  guard: NetGuard;
  /** Node-wide bound on ffmpeg probes running at once. */
  probes: Semaphore;
  /** Node-wide bound on playlist entries fetched at once, across loads. */
  entryFetches: Semaphore;
}

/** Enough of a file for its tags and headers; the length of the rest comes from headers or ffmpeg. */
const PREFIX_BYTES = 512 * 1024;
const OPEN_PREFIX_BYTES = 64 * 1024;
/** Playlist entries get a lighter probe: up to 100 of them are fetched for one load. */
const ENTRY_PREFIX_BYTES = 128 * 1024;
const MAX_PLAYLIST_ENTRIES = 100;
const PLAYLIST_PROBE_CONCURRENCY = 4;
/** Containers remembered from loads, so `open` need not fetch again; bounded, oldest dropped. */
const CONTAINER_CACHE_SIZE = 1000;

/** Remote files, live streams (Icecast/Shoutcast, HLS) and m3u/pls playlists over http(s). */
export class HttpSource {
  readonly #options: HttpSourceOptions;
  readonly #containers = new Map<string, AudioContainer>();
  /** Overlapping loads of the same entries (ten members loading one playlist) fetch each once. */
  readonly #sharedEntries = new SharedEntryLoads<Track>();

  constructor(options: HttpSourceOptions) {
    this.#options = options;
  }

  async load(url: URL): Promise<LoadResult> {
    // Begun before the playlist is fetched: entries settled since then are fresh enough to reuse.
    const shared = this.#sharedEntries.begin();
    try {
      return await this.#load(url, shared);
    } finally {
      shared.end();
    }
  }

  async #load(url: URL, shared: EntryLoadScope<Track>): Promise<LoadResult> {
    const fetched = await this.#fetch(url, PREFIX_BYTES);
    // Judged by what finally answered (after redirects), never by the extension the user typed.
    const kind = playlistKind(fetched.url, fetched.contentType, fetched.prefix);
    if (!kind) return { loadType: 'track', data: await this.#describe(fetched) };

    const text = new TextDecoder().decode(fetched.prefix);
    const hls = kind === 'm3u' ? hlsInfo(text) : null;
    if (hls) {
      this.#remember(url.href, 'unknown');
      const length = (hls.durationSec ?? 0) * 1000;
      const isStream = hls.live || length === 0;
      const title = url.pathname.split('/').filter(Boolean).at(-1) ?? url.hostname;
      const data = buildTrack(this.#options.encode, {
        identifier: url.href,
        uri: url.href,
        sourceName: 'http',
        title,
        author: '',
        length,
        isStream,
      });
      return { loadType: 'track', data };
    }
    // Entries are relative to the URL that answered; each is fetched through the guard again.
    const base = fetched.url;
    const parsed =
      kind === 'pls'
        ? parsePls(text, base, MAX_PLAYLIST_ENTRIES)
        : parseM3u(text, base, MAX_PLAYLIST_ENTRIES);
    const tracks = await this.#loadEntries(parsed.entries, shared);
    if (tracks.length === 0) {
      throw new AudioSourceError(
        'That playlist has no playable entries.',
        'common',
        `${parsed.entries.length} entries`,
      );
    }
    const name =
      parsed.name ?? decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? url.hostname);
    return { loadType: 'playlist', data: { info: { name, selectedTrack: -1 }, pluginInfo: {}, tracks } };
  }

  async open(info: TrackInfo): Promise<AudioInput> {
    const url = parseHttpUrl(info.uri ?? info.identifier);
    if (!url) throw new AudioSourceError('That track has no http(s) address to play.', 'suspicious');
    let container = this.#containers.get(url.href);
    if (!container) {
      const fetched = await this.#fetch(url, OPEN_PREFIX_BYTES);
      const hls = playlistKind(fetched.url, fetched.contentType, fetched.prefix) !== null;
      container = hls ? 'unknown' : (await this.#probe(fetched, true)).container;
    }
    return { source: url.href, container };
  }

  #fetch(url: URL, maxBytes: number): Promise<FetchedPrefix> {
    const { timeoutMs, signal, guard } = this.#options;
    return fetchPrefix(url, { timeoutMs, maxBytes, signal, guard });
  }

  async #describe(fetched: FetchedPrefix): Promise<Track> {
    const probed = await this.#probe(fetched, false);
    return buildTrack(this.#options.encode, probed.fields);
  }

  async #probe(fetched: FetchedPrefix, containerOnly: boolean) {
    const { timeoutMs, signal, logger, guard, probes } = this.#options;
    const probed = await describeHttpAudio(fetched, {
      timeoutMs,
      signal,
      logger,
      probeLength: !containerOnly,
      probe: async (url) =>
        probes.run(async () => probeWithFfmpeg(url, await guard.proxyUrl(), timeoutMs, signal)),
    });
    this.#remember(fetched.url.href, probed.container);
    return probed;
  }

  /**
   * Probes entries a few at a time, all within one timeout: entries that fail are dropped,
   * entries not reached in time keep what the playlist itself says about them.
   */
  async #loadEntries(entries: PlaylistEntry[], shared: EntryLoadScope<Track>): Promise<Track[]> {
    const deadline = Date.now() + this.#options.timeoutMs;
    const results: (Track | null)[] = entries.map(() => null);
    const settled: boolean[] = entries.map(() => false);
    let next = 0;
    const worker = async () => {
      while (next < entries.length && Date.now() < deadline) {
        const index = next++;
        const entry = entries[index] as PlaylistEntry;
        try {
          // Joining another load's work takes no slot: the slot is held by the one doing it.
          const track = await shared.get(entry.url.href, () =>
            this.#options.entryFetches.run(async () => {
              const fetched = await this.#fetch(entry.url, ENTRY_PREFIX_BYTES);
              if (playlistKind(fetched.url, fetched.contentType, fetched.prefix))
                throw new Error('nested playlist');
              return this.#describe(fetched);
            }),
          );
          // Each load answers its own copy: nothing downstream may change another load's tracks.
          results[index] = structuredClone(track);
        } catch (error) {
          this.#options.logger.debug({ url: entry.url.href, err: error }, 'playlist entry dropped');
        }
        settled[index] = true;
      }
    };
    const workers = Array.from({ length: Math.min(PLAYLIST_PROBE_CONCURRENCY, entries.length) }, worker);
    await Promise.race([Promise.all(workers), sleep(Math.max(0, deadline - Date.now()))]);
    return entries.flatMap((entry, index) => {
      const probed = results[index];
      if (probed) return [probed];
      if (settled[index]) return [];
      return [this.#unprobedTrack(entry)];
    });
  }

  #unprobedTrack(entry: PlaylistEntry): Track {
    const length = (entry.durationSec ?? 0) * 1000;
    return buildTrack(this.#options.encode, {
      identifier: entry.url.href,
      uri: entry.url.href,
      sourceName: 'http',
      title: entry.title ?? entry.url.pathname.split('/').filter(Boolean).at(-1) ?? entry.url.hostname,
      author: entry.author ?? '',
      length,
      isStream: length === 0,
    });
  }

  #remember(url: string, container: AudioContainer): void {
    this.#containers.delete(url);
    this.#containers.set(url, container);
    if (this.#containers.size > CONTAINER_CACHE_SIZE) {
      const oldest = this.#containers.keys().next().value;
      if (oldest !== undefined) this.#containers.delete(oldest);
    }
  }
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/** An http(s) URL, or null: anything else must never reach ffmpeg as an "http" track. */
export function parseHttpUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
