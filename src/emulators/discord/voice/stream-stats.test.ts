import { describe, expect, it } from 'vitest';
import type { RtpHeader } from './rtp.ts';
import { OPUS_SILENCE_FRAME, RtpStreamStats } from './stream-stats.ts';

const FRAME = Buffer.from([0xfc, 1, 2, 3]);

function header(sequence: number, timestamp: number): RtpHeader {
  return {
    version: 2,
    padding: false,
    extension: false,
    csrcCount: 0,
    marker: false,
    payloadType: 0x78,
    sequence,
    timestamp,
    ssrc: 1,
    unencryptedLength: 12,
    extensionWords: 0,
  };
}

/** Feeds packets as (sequence, arrival ms) with 20 ms frames and timestamps following sequence. */
function feed(stats: RtpStreamStats, packets: [sequence: number, arrivalMs: number][], firstSequence = 0) {
  for (const [sequence, arrivalMs] of packets) {
    const frames = (sequence - firstSequence + 0x1_0000) % 0x1_0000;
    stats.countDatagram(40);
    stats.recordDecrypted(
      header(sequence, (1000 + frames * 960) >>> 0),
      FRAME,
      arrivalMs,
      1_700_000_000_000 + arrivalMs,
    );
  }
}

describe('RtpStreamStats', () => {
  it('counts an in-order stream with steady pacing as lossless and jitter-free', () => {
    const stats = new RtpStreamStats();
    feed(
      stats,
      Array.from({ length: 50 }, (_, i) => [i, i * 20] as [number, number]),
    );
    expect(stats.snapshot()).toMatchObject({
      packets: 50,
      bytes: 2000,
      decrypted: 50,
      opusBytes: 200,
      lost: 0,
      lateOrOutOfOrder: 0,
      duplicates: 0,
      jitterMs: 0,
      firstPacketAt: 1_700_000_000_000,
      lastPacketAt: 1_700_000_000_980,
    });
  });

  it('computes RFC 3550 jitter: one packet 10 ms late gives 0.625 ms, then 1.2109375 ms', () => {
    const stats = new RtpStreamStats();
    feed(stats, [
      [0, 0],
      [1, 20],
      [2, 50],
    ]);
    expect(stats.snapshot().jitterMs).toBeCloseTo(0.625, 9);
    feed(stats, [[3, 60]]);
    expect(stats.snapshot().jitterMs).toBeCloseTo(1.2109375, 9);
  });

  it('counts gaps as lost until the late packet arrives, and counts duplicates apart', () => {
    const stats = new RtpStreamStats();
    feed(
      stats,
      [
        [10, 0],
        [11, 20],
        [13, 60],
        [14, 80],
      ],
      10,
    );
    expect(stats.snapshot()).toMatchObject({ lost: 1, lateOrOutOfOrder: 0 });
    feed(stats, [[12, 85]], 10);
    expect(stats.snapshot()).toMatchObject({ lost: 0, lateOrOutOfOrder: 1, duplicates: 0 });
    feed(stats, [[13, 90]], 10);
    expect(stats.snapshot()).toMatchObject({ lost: 0, lateOrOutOfOrder: 1, duplicates: 1, decrypted: 6 });
  });

  it('follows the sequence number across the 16-bit wrap', () => {
    const stats = new RtpStreamStats();
    feed(
      stats,
      [
        [65534, 0],
        [65535, 20],
        [0, 40],
        [2, 80],
      ],
      65534,
    );
    expect(stats.snapshot()).toMatchObject({ lost: 1, lateOrOutOfOrder: 0, jitterMs: 0 });
  });

  it('counts silence frames and decrypt failures', () => {
    const stats = new RtpStreamStats();
    stats.recordDecrypted(header(1, 960), OPUS_SILENCE_FRAME, 0, 0);
    stats.recordDecrypted(header(2, 1920), FRAME, 20, 20);
    stats.countDatagram(30);
    stats.countDecryptFailure();
    expect(stats.snapshot()).toMatchObject({
      silenceFrames: 1,
      decryptFailures: 1,
      packets: 1,
      decrypted: 2,
    });
  });
});
