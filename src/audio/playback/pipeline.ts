import { ffmpegArgs } from './ffmpeg-args.ts';
import { FfmpegProcess, type FfmpegTracker } from './ffmpeg-process.ts';
import { buildFilterChain } from './filter-chain.ts';
import { type ActiveFilters, isNeutral, sourceMsPerFrame } from './filters.ts';
import { OpusFrameSource } from './opus-frame-source.ts';
import type { TrackInput } from './track-input.ts';

/** What shapes a pipeline's audio: the active filters and the player volume, and what follows. */
export interface PipelineConfig {
  readonly filterChain: string | null;
  /** No filter and volume 100: Opus input may go out untouched. */
  readonly neutral: boolean;
  /** Track milliseconds per 20 ms frame sent (timescale speed × rate). */
  readonly msPerFrame: number;
}

export function pipelineConfig(active: ActiveFilters, volume: number): PipelineConfig {
  return {
    filterChain: buildFilterChain(active, volume),
    neutral: isNeutral(active, volume),
    msPerFrame: sourceMsPerFrame(active),
  };
}

/** Two configs make the same audio (so no restart is needed). */
export function sameAudio(a: PipelineConfig, b: PipelineConfig): boolean {
  return a.neutral === b.neutral && a.filterChain === b.filterChain;
}

/** The node-wide parts a pipeline needs. */
export interface PipelineDeps {
  ffmpegBinary: string;
  tracker: FfmpegTracker;
  opusComplexity: number;
  bitrateKbps: number;
}

/**
 * Starts the cheapest pipeline that plays `input` from `startMs` with `config`:
 * - Opus input, neutral config, from the start → demuxed in-process, no ffmpeg (passthrough);
 * - Opus input, neutral config, from a position → ffmpeg seeks and copies the packets (remux);
 * - anything else (or `forceTranscode`, after Opus turned out unsuitable) → ffmpeg decodes,
 *   filters and encodes with libopus (transcode).
 */
export function openFrameSource(
  input: TrackInput,
  startMs: number,
  config: PipelineConfig,
  deps: PipelineDeps,
  forceTranscode = false,
): OpusFrameSource {
  const container = input.opusContainer;
  const passthrough = container !== null && config.neutral && !forceTranscode;
  if (passthrough && startMs === 0) {
    const bytes = input.openBytes();
    if (bytes) return new OpusFrameSource(bytes, container, 'passthrough', 0, null);
  }
  const { input: ffmpegInput, stdin } = input.ffmpegInput();
  const args = ffmpegArgs(
    ffmpegInput,
    startMs,
    passthrough
      ? { kind: 'remux' }
      : {
          kind: 'transcode',
          filterChain: config.filterChain,
          opusComplexity: deps.opusComplexity,
          bitrateKbps: deps.bitrateKbps,
        },
  );
  const ffmpeg = new FfmpegProcess(deps.ffmpegBinary, args, deps.tracker, stdin);
  return new OpusFrameSource(ffmpeg.stdout, 'ogg', passthrough ? 'remux' : 'transcode', startMs, ffmpeg, () =>
    stdin?.destroy(),
  );
}
