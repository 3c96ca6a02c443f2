/**
 * Lyrics for /lyrics and the panel: the provider interface, the built-in LRCLIB provider
 * (synced and plain lyrics over its open HTTP API), the LRC parser and the choice LYRICS_PROVIDER
 * makes. Design: docs/music-bot.md ("Lyrics").
 */
export { configuredLyricsProvider, type LyricsConfig } from './configured-provider.ts';
export { type LyricLine, type LyricsReply, lyricsReplySchema } from './contract.ts';
export { lineIndexAt } from './line-at.ts';
export { type ParsedLrc, parseLrc, plainTextOf } from './lrc.ts';
export {
  LRCLIB_USER_AGENT,
  LrclibError,
  LrclibProvider,
  type LrclibProviderOptions,
} from './lrclib-provider.ts';
export type { Lyrics, LyricsProvider, LyricsQuery } from './lyrics-provider.ts';
export { type SongQuery, songOf } from './track-query.ts';
