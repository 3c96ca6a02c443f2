import type { Logger } from '../../logging/index.ts';
import type { Track } from '../contracts.ts';
import type { OpusFrameSource, PipelineMode } from './opus-frame-source.ts';
import { openFrameSource, type PipelineConfig, type PipelineDeps, sameAudio } from './pipeline.ts';
import type { TrackInput } from './track-input.ts';

/**
 * How far ahead (track ms) a reconfigured pipeline starts, so the old one keeps playing while
 * ffmpeg starts and the switch lands on the same position without a gap.
 */
const SWITCH_LEAD_MS = 400;

/** What the next 20 ms holds. */
export type FrameOutcome =
  | { kind: 'frame'; packet: Buffer }
  | { kind: 'waiting' }
  | { kind: 'ended' }
  | { kind: 'failed'; error: Error };

/** A pipeline started ahead, waiting to take over from the current one. */
interface PendingSwitch {
  source: OpusFrameSource;
  config: PipelineConfig;
  /** Packets dropped because playback had already passed them. */
  dropped: number;
  /** Live streams switch as soon as the new pipeline has audio; files at the same position. */
  aligned: boolean;
}

/** The pipeline a playback currently uses (exposed so tests can prove passthrough). */
export interface PipelineInfo {
  mode: PipelineMode;
  ffmpegArgs: readonly string[] | null;
}

/**
 * One track being played: its input, the current pipeline (and one being switched to), and the
 * position, counted from the frames actually taken (each carries `msPerFrame` of the track).
 */
export class Playback {
  private source: OpusFrameSource;
  private pending: PendingSwitch | null = null;
  private offsetMs: number;
  private framesSinceOffset = 0;
  private msPerFrame: number;
  /** Set once the input's Opus proved unusable as is: every later pipeline transcodes. */
  private forceTranscode = false;
  private closed = false;

  constructor(
    readonly track: Track,
    private readonly input: TrackInput,
    startMs: number,
    private config: PipelineConfig,
    private readonly deps: PipelineDeps,
    public endTime: number | null,
    private readonly logger: Logger,
  ) {
    this.offsetMs = startMs;
    this.msPerFrame = config.msPerFrame;
    this.source = openFrameSource(input, startMs, config, deps);
  }

  get position(): number {
    return Math.round(this.offsetMs + this.framesSinceOffset * this.msPerFrame);
  }

  get pipeline(): PipelineInfo {
    return { mode: this.source.mode, ffmpegArgs: this.source.ffmpegArgs };
  }

  /** Whether `endTime` has been reached. */
  get pastEndTime(): boolean {
    return this.endTime !== null && this.position >= this.endTime;
  }

  /** Before the first frame: is it there yet? */
  poll(): 'ready' | 'waiting' | 'ended' | Error {
    if (this.source.peek()) return 'ready';
    const status = this.source.status;
    if (status === 'failed') return this.retryTranscoding() ? 'waiting' : (this.source.error as Error);
    return status === 'ended' ? 'ended' : 'waiting';
  }

  /** Takes the frame for this tick. */
  next(): FrameOutcome {
    this.trySwitch();
    const packet = this.source.read();
    if (packet) {
      this.framesSinceOffset += 1;
      return { kind: 'frame', packet };
    }
    const status = this.source.status;
    if (status === 'failed') {
      if (this.retryTranscoding()) return { kind: 'waiting' };
      return { kind: 'failed', error: this.source.error as Error };
    }
    if (status === 'ended' && !this.pending) return { kind: 'ended' };
    return { kind: 'waiting' };
  }

  /** Restarts the pipeline at `positionMs` (a seek, or new filters while nothing is audible). */
  restart(positionMs: number, config: PipelineConfig = this.config): void {
    this.config = config;
    this.dropPending();
    this.source.close();
    this.offsetMs = positionMs;
    this.framesSinceOffset = 0;
    this.msPerFrame = config.msPerFrame;
    this.source = this.open(positionMs);
  }

  /**
   * New filters or volume. While audible, a pipeline for the new config starts a little ahead
   * and takes over when playback reaches that point, so the switch has neither gap nor repeat;
   * otherwise (loading, paused) the pipeline simply restarts at the position.
   */
  reconfigure(config: PipelineConfig, audible: boolean): void {
    if (sameAudio(config, this.config)) {
      this.config = config;
      return;
    }
    if (!audible) {
      this.restart(this.position, config);
      return;
    }
    this.config = config;
    this.dropPending();
    const live = this.track.info.isStream;
    const length = this.track.info.length;
    let startMs = this.position + SWITCH_LEAD_MS;
    if (live || (length > 0 && startMs >= length)) startMs = this.position;
    this.pending = { source: this.open(startMs), config, dropped: 0, aligned: !live };
  }

  /** Kills the pipelines; the engine releases the input. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropPending();
    this.source.close();
    this.input.close();
  }

  private open(startMs: number): OpusFrameSource {
    return openFrameSource(
      this.input,
      this.track.info.isStream ? 0 : startMs,
      this.config,
      this.deps,
      this.forceTranscode,
    );
  }

  /** A passthrough/remux pipeline that failed before its first packet is retried as a transcode once. */
  private retryTranscoding(): boolean {
    const failed = this.source;
    if (this.forceTranscode || failed.mode === 'transcode' || failed.delivered > 0) return false;
    this.forceTranscode = true;
    this.logger.info(
      { track: this.track.info.identifier, reason: failed.error?.message },
      'Opus passthrough not possible, transcoding',
    );
    failed.close();
    this.source = openFrameSource(this.input, failed.startMs, this.config, this.deps, true);
    return true;
  }

  private trySwitch(): void {
    const pending = this.pending;
    if (!pending) return;
    const incoming = pending.source;
    if (incoming.status === 'failed') {
      this.logger.warn({ err: incoming.error }, 'new filter pipeline failed; keeping the current one');
      this.dropPending();
      return;
    }
    const currentDone = this.source.status !== 'running';
    const position = this.position;
    if (pending.aligned) {
      if (position < incoming.startMs && !currentDone) return;
      const step = pending.config.msPerFrame;
      // Drop what playback has already passed (the new pipeline came up late).
      while (incoming.startMs + (pending.dropped + 0.5) * step <= position) {
        if (!incoming.read()) break;
        pending.dropped += 1;
      }
    }
    if (!incoming.peek()) {
      if (incoming.status === 'ended') this.dropPending();
      return;
    }
    this.source.close();
    this.source = incoming;
    this.offsetMs = pending.aligned
      ? incoming.startMs + pending.dropped * pending.config.msPerFrame
      : position;
    this.framesSinceOffset = 0;
    this.msPerFrame = pending.config.msPerFrame;
    this.pending = null;
  }

  private dropPending(): void {
    this.pending?.source.close();
    this.pending = null;
  }
}
