/**
 * The audio node's playback: Discord voice through @discordjs/voice, Opus made by in-process
 * demuxing (passthrough) or ffmpeg (seek remux, filters, other codecs), one player engine per
 * guild and bot user, all stepped by one shared 20 ms frame clock.
 */
export {
  createPlayerEngineFactory,
  type GramophonePlayerEngineFactory,
  type PlayerEngineFactoryOptions,
} from './engine-factory.ts';
export { PlaybackInputError, parseFilters, supportedFilters } from './filters.ts';
export { type FrameClockFigures, MAX_CATCH_UP_SLOTS } from './frame-clock.ts';
export type { PipelineMode } from './opus-frame-source.ts';
export type { PipelineInfo } from './playback.ts';
export { GramophonePlayerEngine } from './player-engine.ts';
