import { describe, expect, it } from 'vitest';
import { dominantFrequency } from './frequency.ts';

/** Interleaved stereo s16le sine, optionally with a DC offset and deterministic noise. */
function sine(hz: number, seconds: number, options: { dc?: number; noise?: number; channels?: number } = {}) {
  const channels = options.channels ?? 2;
  const frames = Math.round(48_000 * seconds);
  const pcm = Buffer.alloc(frames * channels * 2);
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31 - 0.5;
  };
  for (let i = 0; i < frames; i += 1) {
    const value =
      0.5 * Math.sin((2 * Math.PI * hz * i) / 48_000) + (options.dc ?? 0) + (options.noise ?? 0) * random();
    const sample = Math.max(-32768, Math.min(32767, Math.round(value * 32767)));
    for (let c = 0; c < channels; c += 1) pcm.writeInt16LE(sample, (i * channels + c) * 2);
  }
  return pcm;
}

describe('dominantFrequency', () => {
  it.each([440, 1000, 97.3, 3520])('finds %s Hz in 2 s of stereo sine within 0.5 Hz', (hz) => {
    expect(Math.abs(dominantFrequency(sine(hz, 2)) - hz)).toBeLessThan(0.5);
  });

  it('ignores a DC offset and survives noise', () => {
    expect(Math.abs(dominantFrequency(sine(440, 1, { dc: 0.3, noise: 0.4 })) - 440)).toBeLessThan(1);
  });

  it('stays within 2 Hz on a short 0.1 s excerpt thanks to interpolation', () => {
    expect(Math.abs(dominantFrequency(sine(440, 0.1)) - 440)).toBeLessThan(2);
  });

  it('reads mono PCM when told the channel count', () => {
    const pcm = sine(250, 1, { channels: 1 });
    expect(Math.abs(dominantFrequency(pcm, 48_000, { channels: 1 }) - 250)).toBeLessThan(0.5);
  });

  it('returns 0 for silence and refuses too little audio', () => {
    expect(dominantFrequency(Buffer.alloc(48_000 * 4))).toBe(0);
    expect(() => dominantFrequency(Buffer.alloc(100 * 4))).toThrow(/at least 256/);
  });
});
