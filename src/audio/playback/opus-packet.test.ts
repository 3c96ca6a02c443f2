import { describe, expect, it } from 'vitest';
import { isPlainOpusHead, OPUS_SILENCE_FRAME, opusPacketDurationMs } from './opus-packet.ts';

/** A TOC byte: configuration (0–31) in the top five bits, frame-count code in the low two. */
const toc = (config: number, code = 0) => Buffer.from([(config << 3) | code, 0x03]);

describe('Opus packet inspection', () => {
  it('reads the packet duration from the TOC byte (RFC 6716 §3.1)', () => {
    expect(opusPacketDurationMs(OPUS_SILENCE_FRAME)).toBe(20); // CELT FB 20 ms, one frame
    expect(opusPacketDurationMs(toc(1))).toBe(20); // SILK NB 20 ms
    expect(opusPacketDurationMs(toc(3))).toBe(60); // SILK NB 60 ms
    expect(opusPacketDurationMs(toc(13))).toBe(20); // Hybrid SWB 20 ms
    expect(opusPacketDurationMs(toc(28))).toBe(2.5); // CELT FB 2.5 ms
    expect(opusPacketDurationMs(toc(30))).toBe(10); // CELT FB 10 ms
    expect(opusPacketDurationMs(toc(30, 1))).toBe(20); // two 10 ms frames
    expect(opusPacketDurationMs(toc(31, 3))).toBe(60); // three 20 ms frames (count byte 0x03)
    expect(opusPacketDurationMs(Buffer.alloc(0))).toBeNull();
  });

  it('accepts OpusHead with channel mapping family 0 only', () => {
    const head = Buffer.alloc(19);
    head.write('OpusHead', 0, 'latin1');
    head[9] = 2;
    expect(isPlainOpusHead(head)).toBe(true);
    head[18] = 1;
    expect(isPlainOpusHead(head)).toBe(false);
    expect(isPlainOpusHead(Buffer.from('OpusTags'))).toBe(false);
  });
});
