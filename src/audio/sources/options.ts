import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { Logger } from '../../logging/index.ts';
import type { NetGuard } from '../../net-guard/index.ts';
import { DEFAULT_MIRROR_SETTINGS, type MirrorSettings } from './mirror/index.ts';
import type { TrackEncoder } from './track-builder.ts';

/** Search prefixes a plain identifier may default to (`ytsearch`, `localsearch`…). */
export const SEARCH_PREFIXES = ['ytsearch', 'ytmsearch', 'scsearch', 'localsearch'] as const;
export type SearchPrefix = (typeof SEARCH_PREFIXES)[number];

const settingsSchema = z.object({
  localDirs: z.array(z.string().min(1, 'a local folder path is empty')),
  ytDlpPath: z.string().min(1).optional(),
  fetchTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  maxConcurrentProbes: z.number().int().min(1).max(64).default(4),
  maxConcurrentEntryFetches: z.number().int().min(1).max(256).default(16),
  defaultSearchPrefix: z
    .string()
    .transform((prefix) => prefix.replace(/:$/, ''))
    .pipe(z.enum(SEARCH_PREFIXES))
    .optional(),
  mirror: z
    .object({
      spotifyClientId: z.string().min(1).optional(),
      spotifyClientSecret: z.string().min(1).optional(),
      spotifyApiUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_MIRROR_SETTINGS.spotifyApiUrl),
      spotifyAccountsUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_MIRROR_SETTINGS.spotifyAccountsUrl),
      deezerApiUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_MIRROR_SETTINGS.deezerApiUrl),
      appleMusicToken: z.string().min(1).optional(),
      appleMusicApiUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_MIRROR_SETTINGS.appleMusicApiUrl),
      itunesApiUrl: z.url({ protocol: /^https?$/ }).default(DEFAULT_MIRROR_SETTINGS.itunesApiUrl),
      playlistMax: z.number().int().min(1).max(10_000).default(DEFAULT_MIRROR_SETTINGS.playlistMax),
      cacheSize: z.number().int().min(1).max(1_000_000).default(DEFAULT_MIRROR_SETTINGS.cacheSize),
    })
    .refine((m) => Boolean(m.spotifyClientId) === Boolean(m.spotifyClientSecret), {
      error: 'spotifyClientId and spotifyClientSecret go together',
    })
    .default(DEFAULT_MIRROR_SETTINGS),
});

/** Options of {@link createSourceManager}. */
export interface SourceManagerOptions {
  /** Folders whose files may be played by path and are indexed for `localsearch:`. */
  localDirs: string[];
  logger: Logger;
  /** Where to register `gramophone_audio_load_failures_total` and `gramophone_audio_local_index_files`. */
  registry?: Registry;
  /** yt-dlp executable; `yt-dlp` on PATH when omitted. */
  ytDlpPath?: string;
  /** Bound on each remote fetch, probe and playlist load (ms, default 10 000). */
  fetchTimeoutMs?: number;
  /** Prefix applied to identifiers that are neither URLs, paths nor prefixed (none: they load as `empty`). */
  defaultSearchPrefix?: string;
  /** Track encoder; the protocol module's `encodeTrack` by default. */
  encode?: TrackEncoder;
  /**
   * The guard every request for a user's URL goes through. Default: one with no allow list, which
   * refuses private, loopback and metadata addresses (closed with the source manager).
   */
  netGuard?: NetGuard;
  /** ffmpeg probes (for lengths the first bytes do not give) running at once, node-wide (default 4). */
  maxConcurrentProbes?: number;
  /** Playlist entries fetched at once across all loads (default 16; each load also takes 4 at most). */
  maxConcurrentEntryFetches?: number;
  /**
   * Spotify, Apple Music and Deezer links: API base URLs, credentials and limits (see
   * `DEFAULT_MIRROR_SETTINGS`). Spotify is on with a client id and secret; the others need no key.
   */
  mirror?: Partial<MirrorSettings>;
}

export type SourceManagerSettings = z.infer<typeof settingsSchema>;

/** Validates the plain settings; a bad value is a configuration error worth stopping for. */
export function parseSettings(options: SourceManagerOptions): SourceManagerSettings {
  const result = settingsSchema.safeParse(options);
  if (!result.success) {
    throw new Error(`Invalid audio source options: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}
