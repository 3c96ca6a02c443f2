import { createNetGuard, findNetGuardError } from '../../net-guard/index.ts';
import type { AudioInput, LoadResult, SourceManager, TrackInfo } from '../contracts.ts';
import { AudioSourceError, emptyResult, errorResult, RefusedUrlError } from './errors.ts';
import { HttpSource, parseHttpUrl } from './http/http-source.ts';
import { LocalFolders } from './local/local-folders.ts';
import { LocalLibraryIndex } from './local/local-index.ts';
import { LocalSource } from './local/local-source.ts';
import { createSourceMetrics } from './metrics.ts';
import { createMirrorSource, type MirrorLink, parseMirrorLink } from './mirror/index.ts';
import { parseSettings, type SearchPrefix, type SourceManagerOptions } from './options.ts';
import { Semaphore } from './semaphore.ts';
import { defaultTrackEncoder } from './track-builder.ts';
import { detectYtDlp } from './ytdlp/ytdlp-cli.ts';
import { type VideoSiteName, videoSiteOf, YT_DLP_MISSING, YtDlpSource } from './ytdlp/ytdlp-source.ts';

/** Lavalink answers identifiers of any length; ours are bounded so a log line stays a line. */
const MAX_IDENTIFIER_LENGTH = 4096;
const PREFIXED = /^(ytsearch|ytmsearch|scsearch|localsearch):(.*)$/s;

/** Where an identifier goes, decided before any I/O. */
type Route =
  | { kind: 'search'; site: VideoSiteName; query: string }
  | { kind: 'localsearch'; query: string }
  | { kind: 'video'; site: VideoSiteName; url: URL }
  | { kind: 'mirror'; link: MirrorLink }
  | { kind: 'http'; url: URL }
  | { kind: 'local'; path: string }
  | { kind: 'none' };

function route(identifier: string, defaultPrefix: SearchPrefix | undefined): Route {
  const prefixed = PREFIXED.exec(identifier);
  if (prefixed) {
    const query = (prefixed[2] ?? '').trim();
    if (prefixed[1] === 'localsearch') return { kind: 'localsearch', query };
    // yt-dlp has no YouTube Music search; plain YouTube search is the closest answer.
    return { kind: 'search', site: prefixed[1] === 'scsearch' ? 'soundcloud' : 'youtube', query };
  }
  const mirrored = parseMirrorLink(identifier);
  if (mirrored) return { kind: 'mirror', link: mirrored };
  if (/^https?:\/\//i.test(identifier)) {
    const url = parseHttpUrl(identifier);
    if (!url) throw new AudioSourceError('That is not a valid URL.', 'common', identifier.slice(0, 200));
    const site = videoSiteOf(url);
    return site ? { kind: 'video', site, url } : { kind: 'http', url };
  }
  const path = LocalFolders.asPath(identifier);
  if (path) return { kind: 'local', path };
  if (defaultPrefix) return route(`${defaultPrefix}:${identifier}`, undefined);
  return { kind: 'none' };
}

const sourceOf = (r: Route): string =>
  r.kind === 'search' || r.kind === 'video'
    ? r.site
    : r.kind === 'mirror'
      ? r.link.service
      : r.kind === 'localsearch'
        ? 'local'
        : r.kind === 'none'
          ? 'unknown'
          : r.kind;

/**
 * Builds the audio node's sources: http(s) files, streams and playlists; files under the local
 * folders (by path, and `localsearch:` over an index kept current by a watcher); YouTube and
 * SoundCloud through yt-dlp when it is installed; Spotify, Apple Music and Deezer links from their
 * metadata APIs, mirrored to YouTube when played. Resolves once the local index is built.
 *
 * @throws Error when an option is invalid.
 */
export async function createSourceManager(options: SourceManagerOptions): Promise<SourceManager> {
  const settings = parseSettings(options);
  const { logger } = options;
  const encode = options.encode ?? defaultTrackEncoder;
  const metrics = createSourceMetrics(options.registry);
  const lifetime = new AbortController();
  const timeoutMs = settings.fetchTimeoutMs;

  const [folders, ytDlp] = await Promise.all([
    LocalFolders.create(settings.localDirs, logger),
    detectYtDlp(settings.ytDlpPath, logger),
  ]);
  const index = await LocalLibraryIndex.start(folders, { logger, onSizeChange: metrics.setLocalIndexFiles });
  logger.info({ folders: folders.roots, files: index.size }, 'local audio index built');

  const guard = options.netGuard ?? createNetGuard();
  const http = new HttpSource({
    encode,
    logger,
    timeoutMs,
    signal: lifetime.signal,
    guard,
    probes: new Semaphore(settings.maxConcurrentProbes, metrics.setProbes),
    entryFetches: new Semaphore(settings.maxConcurrentEntryFetches, metrics.setEntryFetches),
  });
  const local = new LocalSource(folders, index, encode);
  const videos = ytDlp ? new YtDlpSource(ytDlp, { encode, timeoutMs, signal: lifetime.signal, guard }) : null;
  const requireVideos = (): YtDlpSource => {
    if (!videos) throw new AudioSourceError(YT_DLP_MISSING, 'common', 'yt-dlp not found');
    return videos;
  };
  const mirror = createMirrorSource({
    settings: settings.mirror,
    guard,
    timeoutMs,
    signal: lifetime.signal,
    videos: requireVideos,
    encode,
    logger,
  });
  const names = [
    ...(videos ? ['youtube', 'soundcloud'] : []),
    // Mirrored links play through yt-dlp: listed only where they can play.
    ...mirror.names(videos !== null),
    'http',
    ...(folders.roots.length > 0 ? ['local'] : []),
  ];

  const dispatch = async (target: Route): Promise<LoadResult> => {
    switch (target.kind) {
      case 'search':
        return target.query ? requireVideos().search(target.site, target.query) : emptyResult();
      case 'video':
        return requireVideos().load(target.site, target.url);
      case 'mirror':
        return mirror.load(target.link);
      case 'localsearch':
        return local.search(target.query);
      case 'http':
        return http.load(target.url);
      case 'local':
        return local.load(target.path);
      case 'none':
        return emptyResult();
    }
  };

  return {
    names,

    async load(identifier: string): Promise<LoadResult> {
      const trimmed = typeof identifier === 'string' ? identifier.trim() : '';
      if (!trimmed || trimmed.length > MAX_IDENTIFIER_LENGTH) {
        return errorResult(
          new AudioSourceError(`The identifier must be 1 to ${MAX_IDENTIFIER_LENGTH} characters long.`),
        );
      }
      let target: Route = { kind: 'none' };
      try {
        target = route(trimmed, settings.defaultSearchPrefix);
        const result = await dispatch(target);
        if (result.loadType === 'error') metrics.loadFailed(sourceOf(target));
        return result;
      } catch (error) {
        metrics.loadFailed(sourceOf(target));
        const result = errorResult(error);
        const level = result.data.severity === 'fault' ? 'error' : 'info';
        const refused = findNetGuardError(error) ?? (error instanceof RefusedUrlError ? error : null);
        const detail = refused
          ? { refused: 'logDetail' in refused ? refused.logDetail : refused.detail }
          : {};
        logger[level]({ identifier: trimmed, err: error, ...detail }, 'track load failed');
        return result;
      }
    },

    async open(track: TrackInfo): Promise<AudioInput> {
      try {
        switch (track.sourceName) {
          case 'http':
            return await http.open(track);
          case 'local':
            return await local.open(track);
          case 'youtube':
          case 'soundcloud':
            return await requireVideos().open(track.sourceName, track);
          case 'spotify':
          case 'applemusic':
          case 'deezer':
            return await mirror.open(track);
          default:
            throw new AudioSourceError(`This node cannot play tracks from "${track.sourceName}".`, 'common');
        }
      } catch (error) {
        if (error instanceof AudioSourceError) throw error;
        throw new AudioSourceError('Something went wrong while opening that track.', 'fault', String(error));
      }
    },

    async close(): Promise<void> {
      lifetime.abort();
      await index.close();
      if (!options.netGuard) await guard.close();
    },
  };
}
