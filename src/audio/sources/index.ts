/**
 * Where tracks come from: the audio node's answer to `/v4/loadtracks` and the audio behind a
 * track when a player starts it. See docs/audio-sources.md.
 */
export type { AudioContainer } from './container.ts';
export { AudioSourceError } from './errors.ts';
export type { SourceManagerOptions } from './options.ts';
export { createSourceManager } from './source-manager.ts';
export type { TrackEncoder } from './track-builder.ts';
export { detectYtDlp, type YtDlp } from './ytdlp/ytdlp-cli.ts';
export { YT_DLP_MISSING } from './ytdlp/ytdlp-source.ts';
