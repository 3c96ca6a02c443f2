import type { MirrorItemKind, MirrorService } from './links.ts';

/** One track as a metadata API describes it: what the load lists and what mirroring matches. */
export interface MirrorTrackMeta {
  id: string;
  title: string;
  artist: string;
  /** Milliseconds. */
  length: number;
  isrc: string | null;
  artworkUrl: string | null;
  /** The service's own page of the track (Lavalink's `uri`, as LavaSrc sets it). */
  uri: string;
}

/** What a link named: one track, or an album or playlist with its tracks (at most the cap). */
export type MirrorItem =
  | { kind: 'track'; track: MirrorTrackMeta }
  | {
      kind: Exclude<MirrorItemKind, 'track'>;
      name: string;
      url: string;
      author: string | null;
      artworkUrl: string | null;
      /** How many tracks the service says it has, which may be more than were listed. */
      totalTracks: number;
      tracks: MirrorTrackMeta[];
    }
  /** The service says there is no such item (Lavalink answers `empty`). */
  | { kind: 'missing' };

/** A metadata API client for one service. */
export interface MirrorCatalog {
  readonly service: MirrorService;
  /** Whether links of this service can be resolved here (Spotify needs credentials). */
  readonly configured: boolean;
  load(kind: MirrorItemKind, id: string, storefront?: string): Promise<MirrorItem>;
  /** The ISRC of a track whose listing had none (Spotify album tracks), or null. */
  isrcOf?(id: string): Promise<string | null>;
}

/** Drops blank fields the APIs sometimes send, keeping the first usable text. */
export const text = (...values: unknown[]): string => {
  for (const value of values) if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return '';
};
