import { describe, expect, it } from 'vitest';
import { PcmPacer } from './live-audio-stream.ts';

const BYTES_PER_MS = 48 * 4;
/** A packet of `ms` of audio, every sample `value`. */
const packet = (ms: number, value = 1) => Buffer.alloc(ms * BYTES_PER_MS, value);

function pacerAt() {
  let now = 0;
  const pacer = new PcmPacer(() => now);
  return {
    pacer,
    advance(ms: number) {
      now += ms;
      return pacer.take();
    },
  };
}

describe('PcmPacer', () => {
  it('writes silence on the clock while nothing arrives', () => {
    const { advance } = pacerAt();
    const chunk = advance(100);
    expect(chunk.length).toBe(100 * BYTES_PER_MS);
    expect(chunk.every((byte) => byte === 0)).toBe(true);
    expect(advance(0).length).toBe(0);
  });

  it('holds 100 ms back after a silence, then plays the audio in order and pads when it runs dry', () => {
    const { pacer, advance } = pacerAt();
    pacer.push(packet(60, 1));
    // Less than the prebuffer: still silence.
    expect(advance(40).every((byte) => byte === 0)).toBe(true);
    pacer.push(packet(60, 2));
    const played = advance(140);
    expect(played.length).toBe(140 * BYTES_PER_MS);
    expect(played.subarray(0, 60 * BYTES_PER_MS).every((byte) => byte === 1)).toBe(true);
    expect(played.subarray(60 * BYTES_PER_MS, 120 * BYTES_PER_MS).every((byte) => byte === 2)).toBe(true);
    expect(played.subarray(120 * BYTES_PER_MS).every((byte) => byte === 0)).toBe(true);
  });

  it('drops the oldest audio rather than falling more than a second behind', () => {
    const { pacer, advance } = pacerAt();
    pacer.push(packet(500, 1));
    pacer.push(packet(1_000, 2));
    const played = advance(1_000);
    expect(played.every((byte) => byte === 2)).toBe(true);
  });
});
