import OpusScript from 'opusscript';
import { RTP_CLOCK_RATE } from './stream-stats.ts';

/** Decoded audio format: 48 kHz, 2 channels, signed 16-bit little-endian, interleaved. */
export const PCM_SAMPLE_RATE = 48_000;
export const PCM_CHANNELS = 2;
const BYTES_PER_SAMPLE_FRAME = PCM_CHANNELS * 2;

/** A time range in media time: milliseconds from the stream's first packet (by RTP timestamp). */
export interface PcmRange {
  fromMs?: number;
  toMs?: number;
}

interface BufferedFrame {
  extendedSequence: number;
  extendedTimestamp: number;
  opus: Buffer;
}

function decodeOrNull(decoder: OpusScript, opus: Buffer): Buffer | null {
  try {
    return Buffer.from(decoder.decode(opus));
  } catch {
    return null;
  }
}

/**
 * Keeps the most recent Opus frames of one stream (bounded by media time) and decodes them to PCM
 * on request. Decoding is lazy because most tests never listen, and a fresh decoder per request
 * keeps the result independent of earlier requests.
 */
export class OpusFrameBuffer {
  private readonly frames: BufferedFrame[] = [];
  private originTimestamp: number | null = null;
  private readonly retainUnits: number;

  /** @param retainMs - how much media time to keep (older frames are dropped) */
  constructor(retainMs: number) {
    this.retainUnits = (retainMs * RTP_CLOCK_RATE) / 1000;
  }

  /** Frames currently held. */
  get size(): number {
    return this.frames.length;
  }

  /** Adds a frame in sequence order (late packets are slotted in, duplicates ignored). */
  add(extendedSequence: number, extendedTimestamp: number, opus: Buffer): void {
    this.originTimestamp ??= extendedTimestamp;
    if (extendedTimestamp < this.originTimestamp) this.originTimestamp = extendedTimestamp;
    const frame = { extendedSequence, extendedTimestamp, opus: Buffer.from(opus) };
    let index = this.frames.length;
    while (index > 0 && (this.frames[index - 1]?.extendedSequence ?? -1) > extendedSequence) index -= 1;
    if (this.frames[index - 1]?.extendedSequence === extendedSequence) return;
    this.frames.splice(index, 0, frame);
    const newest = this.frames[this.frames.length - 1]?.extendedTimestamp ?? extendedTimestamp;
    while ((this.frames[0]?.extendedTimestamp ?? newest) < newest - this.retainUnits) this.frames.shift();
  }

  /**
   * Decodes the held frames to 48 kHz stereo s16le PCM. Each frame is written at the position its
   * RTP timestamp gives, so lost packets become silence and the timeline stays true. The range is
   * clamped to what is still held.
   */
  decode(range: PcmRange = {}): Buffer {
    const first = this.frames[0];
    if (!first || this.originTimestamp === null) return Buffer.alloc(0);
    const decoder = new OpusScript(PCM_SAMPLE_RATE, PCM_CHANNELS);
    try {
      const start = first.extendedTimestamp;
      const pieces: { offset: number; pcm: Buffer }[] = [];
      let end = start;
      for (const frame of this.frames) {
        const pcm = decodeOrNull(decoder, frame.opus);
        // An authenticated but undecodable frame stays silent rather than losing the whole range.
        if (!pcm) continue;
        const offset = frame.extendedTimestamp - start;
        pieces.push({ offset, pcm });
        end = Math.max(end, frame.extendedTimestamp + pcm.length / BYTES_PER_SAMPLE_FRAME);
      }
      // Never allocate more than the retention window, whatever timestamps a sender chose.
      const totalFrames = Math.min(end - start, this.retainUnits + RTP_CLOCK_RATE);
      const output = Buffer.alloc(totalFrames * BYTES_PER_SAMPLE_FRAME);
      for (const { offset, pcm } of pieces) {
        if (offset < totalFrames) pcm.copy(output, offset * BYTES_PER_SAMPLE_FRAME);
      }
      return this.slice(output, start, range);
    } finally {
      decoder.delete();
    }
  }

  private slice(output: Buffer, bufferStart: number, range: PcmRange): Buffer {
    const origin = this.originTimestamp ?? bufferStart;
    const toFrame = (ms: number) => Math.round((ms * PCM_SAMPLE_RATE) / 1000) - (bufferStart - origin);
    const totalFrames = output.length / BYTES_PER_SAMPLE_FRAME;
    const from = Math.max(0, Math.min(totalFrames, range.fromMs === undefined ? 0 : toFrame(range.fromMs)));
    const to = Math.max(
      from,
      Math.min(totalFrames, range.toMs === undefined ? totalFrames : toFrame(range.toMs)),
    );
    return output.subarray(from * BYTES_PER_SAMPLE_FRAME, to * BYTES_PER_SAMPLE_FRAME);
  }
}
