import type { RtpHeader } from './rtp.ts';

/** Discord's Opus RTP clock: 48 kHz. */
export const RTP_CLOCK_RATE = 48_000;
/** The 3-byte Opus frame Discord clients send as silence (`f8 ff fe`). */
export const OPUS_SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);
const SEQUENCE_SPAN = 0x1_0000;
const HALF_SEQUENCE_SPAN = 0x8000;
/** How many recent sequence numbers are remembered to tell a duplicate from a late packet. */
const DUPLICATE_WINDOW = 1024;

/** Figures of one RTP stream (RFC 3550 style where it applies). */
export interface RtpStreamFigures {
  /** RTP datagrams addressed to this stream's SSRC, decryptable or not. */
  packets: number;
  /** Their size in bytes (RTP header, ciphertext, tag and nonce). */
  bytes: number;
  /** Packets that authenticated and decrypted. */
  decrypted: number;
  /** Bytes of the Opus frames inside them. */
  opusBytes: number;
  /** Packets rejected because they did not authenticate or decrypt, or arrived before a key existed. */
  decryptFailures: number;
  /** Sequence numbers never seen between the first and the highest received (never negative). */
  lost: number;
  /** Packets that arrived after a higher sequence number had already arrived. */
  lateOrOutOfOrder: number;
  /** Packets whose sequence number was already seen. */
  duplicates: number;
  /** RFC 3550 interarrival jitter, in milliseconds. */
  jitterMs: number;
  /** Opus silence frames (`f8 ff fe`) among the decrypted packets. */
  silenceFrames: number;
  /** Wall-clock time (ms since the epoch) of the first and the last decrypted packet. */
  firstPacketAt: number | null;
  lastPacketAt: number | null;
}

/** Where a decrypted packet sits in the stream once sequence and timestamp are unwrapped. */
export interface StreamPosition {
  extendedSequence: number;
  extendedTimestamp: number;
  duplicate: boolean;
}

/** Sign-extends the difference of two 32-bit RTP timestamps. */
function timestampDelta(current: number, previous: number): number {
  return ((current - previous) << 0) | 0;
}

/**
 * Keeps the figures of one RTP stream: counts, loss from sequence gaps, reordering, duplicates and
 * RFC 3550 jitter. Only authenticated packets move the sequence state, so garbage cannot skew it.
 */
export class RtpStreamStats {
  private readonly figures: RtpStreamFigures = {
    packets: 0,
    bytes: 0,
    decrypted: 0,
    opusBytes: 0,
    decryptFailures: 0,
    lost: 0,
    lateOrOutOfOrder: 0,
    duplicates: 0,
    jitterMs: 0,
    silenceFrames: 0,
    firstPacketAt: null,
    lastPacketAt: null,
  };
  private baseSequence = 0;
  private highestSequence = -1;
  private readonly recentSequences = new Set<number>();
  private uniqueReceived = 0;
  private lastTimestamp = 0;
  private extendedTimestamp = 0;
  private lastTransit: number | null = null;
  /** Jitter kept in RTP clock units, as RFC 3550 does, converted on read. */
  private jitterUnits = 0;

  /** Counts a datagram addressed to this stream, before decryption is tried. */
  countDatagram(bytes: number): void {
    this.figures.packets += 1;
    this.figures.bytes += bytes;
  }

  /** Counts a datagram that failed authentication or decryption. */
  countDecryptFailure(): void {
    this.figures.decryptFailures += 1;
  }

  /**
   * Records a decrypted packet.
   *
   * @param arrivalMs - monotonic arrival time (performance.now()) for jitter
   * @param wallClockMs - Date.now() at arrival, reported as first/last arrival
   */
  recordDecrypted(header: RtpHeader, opus: Buffer, arrivalMs: number, wallClockMs: number): StreamPosition {
    const f = this.figures;
    f.decrypted += 1;
    f.opusBytes += opus.length;
    if (opus.equals(OPUS_SILENCE_FRAME)) f.silenceFrames += 1;
    f.firstPacketAt ??= wallClockMs;
    f.lastPacketAt = wallClockMs;

    const first = this.highestSequence < 0;
    const extendedSequence = this.extendSequence(header.sequence);
    const duplicate = !first && this.recentSequences.has(extendedSequence);
    if (duplicate) {
      f.duplicates += 1;
    } else {
      this.remember(extendedSequence);
      this.uniqueReceived += 1;
    }
    const extendedTimestamp = this.extendTimestamp(header.timestamp, first);
    if (!duplicate) this.updateJitter(arrivalMs, extendedTimestamp);
    const expected = this.highestSequence - this.baseSequence + 1;
    f.lost = Math.max(0, expected - this.uniqueReceived);
    return { extendedSequence, extendedTimestamp, duplicate };
  }

  /** A copy of the figures, safe to hand out. */
  snapshot(): RtpStreamFigures {
    return { ...this.figures, jitterMs: (this.jitterUnits / RTP_CLOCK_RATE) * 1000 };
  }

  private extendSequence(sequence: number): number {
    if (this.highestSequence < 0) {
      this.baseSequence = sequence;
      this.highestSequence = sequence;
      return sequence;
    }
    const delta = (sequence - (this.highestSequence % SEQUENCE_SPAN) + SEQUENCE_SPAN) % SEQUENCE_SPAN;
    if (delta === 0) return this.highestSequence;
    if (delta < HALF_SEQUENCE_SPAN) {
      this.highestSequence += delta;
      return this.highestSequence;
    }
    // Behind the highest: a late (reordered) packet, or a duplicate of an older one.
    const extended = this.highestSequence - (SEQUENCE_SPAN - delta);
    if (!this.recentSequences.has(extended)) this.figures.lateOrOutOfOrder += 1;
    if (extended < this.baseSequence) this.baseSequence = extended;
    return extended;
  }

  private remember(extendedSequence: number): void {
    this.recentSequences.add(extendedSequence);
    if (this.recentSequences.size > DUPLICATE_WINDOW) {
      const oldest = this.recentSequences.values().next().value;
      if (oldest !== undefined) this.recentSequences.delete(oldest);
    }
  }

  private extendTimestamp(timestamp: number, first: boolean): number {
    if (first) {
      this.extendedTimestamp = timestamp;
    } else {
      this.extendedTimestamp += timestampDelta(timestamp, this.lastTimestamp);
    }
    this.lastTimestamp = timestamp;
    return this.extendedTimestamp;
  }

  /** RFC 3550 A.8: J += (|D| - J) / 16, with D the change in transit time between packets. */
  private updateJitter(arrivalMs: number, extendedTimestamp: number): void {
    const transit = (arrivalMs * RTP_CLOCK_RATE) / 1000 - extendedTimestamp;
    if (this.lastTransit !== null) {
      const d = Math.abs(transit - this.lastTransit);
      this.jitterUnits += (d - this.jitterUnits) / 16;
    }
    this.lastTransit = transit;
  }
}
