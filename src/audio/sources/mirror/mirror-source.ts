import type { Logger } from '../../../logging/index.ts';
import type { AudioInput, LoadResult, Track, TrackInfo } from '../../contracts.ts';
import { AudioSourceError, emptyResult } from '../errors.ts';
import { buildTrack, type TrackEncoder } from '../track-builder.ts';
import type { YtDlpSource } from '../ytdlp/ytdlp-source.ts';
import type { MirrorCatalog, MirrorTrackMeta } from './catalog.ts';
import { type MirrorLink, type MirrorService, parseMirrorLink } from './links.ts';
import type { MirrorResolver } from './mirror-resolver.ts';

export const MIRROR_SOURCE_NAMES: readonly MirrorService[] = ['spotify', 'applemusic', 'deezer'];

export interface MirrorSourceDeps {
  catalogs: Record<MirrorService, MirrorCatalog>;
  resolver: MirrorResolver;
  /** The playable source; throws YT_DLP_MISSING when yt-dlp is not installed. */
  videos: () => YtDlpSource;
  /** Where a Deezer short link leads (followed through the net guard). */
  followShortLink: (url: URL) => Promise<URL>;
  encode: TrackEncoder;
  logger: Logger;
}

/**
 * Spotify, Apple Music and Deezer links: loads list tracks from the services' metadata (title,
 * artist, length, ISRC, artwork; `uri` the service's page, as LavaSrc answers), and a track is
 * mirrored to a YouTube one only when it is opened for playback.
 */
export class MirrorSource {
  readonly #d: MirrorSourceDeps;

  constructor(deps: MirrorSourceDeps) {
    this.#d = deps;
  }

  /** Source names for /v4/info: those whose links can be resolved and played here. */
  names(playable: boolean): string[] {
    return playable ? MIRROR_SOURCE_NAMES.filter((name) => this.#d.catalogs[name].configured) : [];
  }

  async load(link: MirrorLink): Promise<LoadResult> {
    if (link.kind === 'short') {
      const target = parseMirrorLink((await this.#d.followShortLink(link.url)).href);
      if (!target || target.kind === 'short')
        throw new AudioSourceError('That Deezer link does not lead to a track, album or playlist.');
      return this.load(target);
    }
    const storefront = link.service === 'applemusic' ? link.storefront : undefined;
    const item = await this.#d.catalogs[link.service].load(link.kind, link.id, storefront);
    if (item.kind === 'missing') return emptyResult();
    if (item.kind === 'track') return { loadType: 'track', data: this.#track(link.service, item.track) };
    if (item.tracks.length === 0) return emptyResult();
    return {
      loadType: 'playlist',
      data: {
        info: { name: item.name, selectedTrack: -1 },
        // LavaSrc's playlist pluginInfo, which clients (lavalink-client, Shoukaku) already read.
        pluginInfo: {
          type: item.kind,
          url: item.url,
          artworkUrl: item.artworkUrl,
          author: item.author,
          totalTracks: item.totalTracks,
        },
        tracks: item.tracks.map((meta) => this.#track(link.service, meta)),
      },
    };
  }

  async open(info: TrackInfo): Promise<AudioInput> {
    const videos = this.#d.videos();
    const catalog = this.#d.catalogs[info.sourceName as MirrorService];
    if (!catalog) throw new AudioSourceError(`This node cannot play tracks from "${info.sourceName}".`);
    let isrc = info.isrc;
    if (!isrc && catalog.isrcOf) {
      isrc = await catalog.isrcOf(info.identifier).catch((error: unknown) => {
        this.#d.logger.info({ err: error, track: info.identifier }, 'no ISRC for a mirrored track');
        return null;
      });
    }
    const { mirror, how } = await this.#d.resolver.resolve(info, isrc, (query) =>
      videos.search('youtube', query),
    );
    this.#d.logger.info(
      { source: info.sourceName, track: info.identifier, isrc, mirror: mirror.identifier, how },
      'mirrored track',
    );
    return videos.open('youtube', mirror);
  }

  #track(service: MirrorService, meta: MirrorTrackMeta): Track {
    return buildTrack(this.#d.encode, {
      identifier: meta.id,
      uri: meta.uri,
      sourceName: service,
      title: meta.title,
      author: meta.artist,
      length: meta.length,
      isStream: false,
      artworkUrl: meta.artworkUrl,
      isrc: meta.isrc,
    });
  }
}
