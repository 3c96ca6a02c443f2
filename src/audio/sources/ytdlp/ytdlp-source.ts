import { findNetGuardError, type NetGuard } from '../../../net-guard/index.ts';
import type { AudioInput, LoadResult, Track, TrackInfo } from '../../contracts.ts';
import { AudioSourceError, emptyResult, RefusedUrlError } from '../errors.ts';
import { buildTrack, type TrackEncoder } from '../track-builder.ts';
import type { YtDlp } from './ytdlp-cli.ts';
import {
  bestThumbnail,
  containerOfFormat,
  parseYtDlpJson,
  playlistEntries,
  type YtDlpEntry,
  ytDlpFormatSchema,
  ytDlpInfoSchema,
} from './ytdlp-json.ts';

export type VideoSiteName = 'youtube' | 'soundcloud';

export const YT_DLP_MISSING = 'YouTube and SoundCloud need yt-dlp, which is not installed on this node.';

const SEARCH_RESULTS = 10;
/** yt-dlp talks to the site, sometimes through several pages: give it more than a plain fetch. */
const MIN_TIMEOUT_MS = 20_000;

const YOUTUBE_HOSTS = /(^|\.)(youtube\.com|youtu\.be|youtube-nocookie\.com)$/i;
const SOUNDCLOUD_HOSTS = /(^|\.)(soundcloud\.com|snd\.sc)$/i;
const YOUTUBE_ID = /^[\w-]{11}$/;

/** Which video site a URL belongs to, or null. */
export function videoSiteOf(url: URL): VideoSiteName | null {
  if (YOUTUBE_HOSTS.test(url.hostname)) return 'youtube';
  if (SOUNDCLOUD_HOSTS.test(url.hostname)) return 'soundcloud';
  return null;
}

/** YouTube and SoundCloud through yt-dlp: metadata with `-J --flat-playlist`, audio URL on open. */
export class YtDlpSource {
  readonly #ytDlp: YtDlp;
  readonly #encode: TrackEncoder;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal;
  readonly #guard: NetGuard;

  constructor(
    ytDlp: YtDlp,
    options: { encode: TrackEncoder; timeoutMs: number; signal: AbortSignal; guard: NetGuard },
  ) {
    this.#ytDlp = ytDlp;
    this.#guard = options.guard;
    this.#encode = options.encode;
    this.#timeoutMs = Math.max(options.timeoutMs, MIN_TIMEOUT_MS);
    this.#signal = options.signal;
  }

  async search(site: VideoSiteName, query: string): Promise<LoadResult> {
    const prefix = site === 'youtube' ? 'ytsearch' : 'scsearch';
    const info = await this.#info(`${prefix}${SEARCH_RESULTS}:${query}`);
    const tracks = playlistEntries(info).map((entry) => this.#track(site, entry));
    return tracks.length > 0 ? { loadType: 'search', data: tracks } : emptyResult();
  }

  async load(site: VideoSiteName, url: URL): Promise<LoadResult> {
    await this.#refuseBlocked(url);
    const info = await this.#info(url.href);
    if (info._type !== 'playlist') return { loadType: 'track', data: this.#track(site, info) };
    const tracks = playlistEntries(info).map((entry) => this.#track(site, entry));
    if (tracks.length === 0) return emptyResult();
    // A watch URL inside a playlist (watch?v=…&list=…) selects that video, as Lavalink does.
    const selectedId = url.searchParams.get('v');
    const selectedTrack = selectedId ? tracks.findIndex((t) => t.info.identifier === selectedId) : -1;
    return {
      loadType: 'playlist',
      data: { info: { name: info.title ?? 'Playlist', selectedTrack }, pluginInfo: {}, tracks },
    };
  }

  async open(site: VideoSiteName, info: TrackInfo): Promise<AudioInput> {
    const target = pageUrlOf(site, info);
    await this.#refuseBlocked(new URL(target));
    const stdout = await this.#ytDlp.run(
      ['-J', '--no-playlist', '--no-warnings', '-f', 'bestaudio/best', '--', target],
      { timeoutMs: this.#timeoutMs, signal: this.#signal },
    );
    const format = parseYtDlpJson(ytDlpFormatSchema, stdout);
    const chosen = format?.url ? format : format?.requested_downloads?.[0];
    if (!format || !chosen?.url) {
      throw new AudioSourceError(
        'yt-dlp found no audio to play for that track.',
        'fault',
        stdout.slice(0, 500),
      );
    }
    return {
      source: chosen.url,
      container: containerOfFormat({ ...chosen, protocol: format.protocol }),
      ...(format.http_headers ? { headers: format.http_headers } : {}),
    };
  }

  /**
   * yt-dlp fetches by itself, out of the guard's reach; only YouTube and SoundCloud URLs get
   * here, and a host that resolves to an address the guard refuses (a hosts-file or DNS trick) is
   * refused before yt-dlp runs. A name that does not resolve is left to yt-dlp to report.
   */
  async #refuseBlocked(url: URL): Promise<void> {
    try {
      await this.#guard.check(url);
    } catch (error) {
      const refusal = findNetGuardError(error);
      if (refusal) throw new RefusedUrlError(refusal);
    }
  }

  async #info(target: string) {
    // `--` keeps an identifier that starts with a dash from being read as an option.
    const stdout = await this.#ytDlp.run(['-J', '--flat-playlist', '--no-warnings', '--', target], {
      timeoutMs: this.#timeoutMs,
      signal: this.#signal,
    });
    const info = parseYtDlpJson(ytDlpInfoSchema, stdout);
    if (!info)
      throw new AudioSourceError('yt-dlp answered with something unreadable.', 'fault', stdout.slice(0, 500));
    return info;
  }

  #track(site: VideoSiteName, entry: YtDlpEntry): Track {
    const isStream = entry.is_live === true || entry.live_status === 'is_live';
    const page = entry.webpage_url ?? entry.url ?? null;
    const youtube = site === 'youtube';
    return buildTrack(this.#encode, {
      identifier: youtube ? entry.id : (page ?? entry.id),
      uri: youtube ? `https://www.youtube.com/watch?v=${entry.id}` : page,
      sourceName: site,
      title: entry.title ?? '',
      author: entry.uploader ?? entry.channel ?? entry.artist ?? '',
      length: (entry.duration ?? 0) * 1000,
      isStream,
      artworkUrl: bestThumbnail(entry),
    });
  }
}

/** The page yt-dlp should open for a track; refuses anything that is not the site's own. */
function pageUrlOf(site: VideoSiteName, info: TrackInfo): string {
  if (site === 'youtube' && YOUTUBE_ID.test(info.identifier)) {
    return `https://www.youtube.com/watch?v=${info.identifier}`;
  }
  for (const candidate of [info.uri, info.identifier]) {
    if (!candidate) continue;
    try {
      const url = new URL(candidate);
      if ((url.protocol === 'https:' || url.protocol === 'http:') && videoSiteOf(url) === site)
        return url.href;
    } catch {
      // not a URL: try the next candidate
    }
  }
  throw new AudioSourceError(`That ${site} track has no ${site} address to play.`, 'suspicious');
}
