import type { Readable, Transform } from 'node:stream';
import prism from 'prism-media';
import type { FfmpegProcess } from './ffmpeg-process.ts';
import { FRAME_MS, isPlainOpusHead, opusPacketDurationMs } from './opus-packet.ts';

/**
 * How a pipeline makes Opus: `passthrough` demuxes the input in-process (no ffmpeg), `remux`
 * has ffmpeg copy the Opus packets from a position into Ogg, `transcode` has ffmpeg decode,
 * filter and encode.
 */
export type PipelineMode = 'passthrough' | 'remux' | 'transcode';

/** The input's Opus cannot go to Discord as is (frame size or channel mapping): transcode it. */
export class UnsuitableOpusError extends Error {
  override name = 'UnsuitableOpusError';
}

/** What a frame source is doing: still producing (maybe not yet), done, or broken. */
export type FrameSourceStatus = 'running' | 'ended' | 'failed';

/**
 * Opus packets of one pipeline, pulled one per 20 ms tick: a byte stream (a file, an HTTP body,
 * a replayed stream, or ffmpeg's stdout) through prism-media's Ogg or WebM demuxer. The demuxer's
 * object-mode buffer and the pipe behind it give backpressure, so ffmpeg and file reads stay only
 * a little ahead of playback.
 */
export class OpusFrameSource {
  private readonly demuxer: Transform;
  private lookahead: Buffer | null = null;
  private failure: Error | null = null;
  private checked: boolean;
  private closed = false;
  /** Packets handed out so far. */
  delivered = 0;

  constructor(
    private readonly bytes: Readable,
    container: 'ogg' | 'webm',
    readonly mode: PipelineMode,
    /** Source milliseconds (track position) of the first packet. */
    readonly startMs: number,
    private readonly ffmpeg: FfmpegProcess | null,
    private readonly onClose: () => void = () => {},
  ) {
    this.demuxer =
      container === 'webm'
        ? new prism.opus.WebmDemuxer()
        : new prism.opus.OggDemuxer({ readableObjectMode: true, readableHighWaterMark: 32 });
    // Our own ffmpeg output is known to be fine; foreign Opus is checked before it is trusted.
    this.checked = mode === 'transcode';
    this.demuxer.on('head', (head: Buffer) => {
      if (!this.checked && !isPlainOpusHead(head)) {
        this.fail(new UnsuitableOpusError('Opus with more than two channels (mapping family ≠ 0)'));
      }
    });
    this.demuxer.on('error', (error: Error) => this.fail(error));
    bytes.on('error', (error: Error) => this.fail(error));
    bytes.pipe(this.demuxer);
  }

  /** The ffmpeg arguments used, null for in-process passthrough. */
  get ffmpegArgs(): readonly string[] | null {
    return this.ffmpeg?.args ?? null;
  }

  get error(): Error | null {
    if (this.failure) return this.failure;
    if (this.ffmpeg?.failed) return new Error(this.ffmpeg.errorText);
    return null;
  }

  get status(): FrameSourceStatus {
    if (this.error) return 'failed';
    if (this.lookahead || !this.demuxer.readableEnded) return 'running';
    // The demuxer ends when ffmpeg's stdout does; only its exit code tells success from failure.
    if (this.ffmpeg && !this.ffmpeg.succeeded) return 'running';
    return 'ended';
  }

  /** The next packet without taking it (null when none is buffered yet). */
  peek(): Buffer | null {
    if (this.lookahead || this.failure || this.closed) return this.lookahead;
    const packet = this.demuxer.read() as Buffer | null;
    if (packet && !this.checked) {
      this.checked = true;
      const duration = opusPacketDurationMs(packet);
      if (duration !== FRAME_MS) {
        this.fail(
          new UnsuitableOpusError(`Opus packets of ${duration ?? 'unknown'} ms instead of ${FRAME_MS} ms`),
        );
        return null;
      }
    }
    this.lookahead = packet;
    return packet;
  }

  /** Takes the next packet, or null when none is buffered. */
  read(): Buffer | null {
    const packet = this.peek();
    this.lookahead = null;
    if (packet) this.delivered += 1;
    return packet;
  }

  /** Kills ffmpeg and drops the streams; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.lookahead = null;
    this.ffmpeg?.kill();
    this.bytes.unpipe(this.demuxer);
    this.bytes.destroy();
    this.demuxer.destroy();
    this.onClose();
  }

  private fail(error: Error): void {
    this.failure ??= error;
  }
}
