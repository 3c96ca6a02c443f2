import { describe, expect, it } from 'vitest';
import { analysePcm, lastOfPcm, pcmLoudness } from './reception.ts';

/** `seconds` of a stereo s16le sine at `amplitude` (0–1 of full scale). */
function sine(hz: number, seconds: number, amplitude: number): Buffer {
  const frames = Math.round(48_000 * seconds);
  const pcm = Buffer.alloc(frames * 4);
  for (let i = 0; i < frames; i += 1) {
    const value = Math.round(32_767 * amplitude * Math.sin((2 * Math.PI * hz * i) / 48_000));
    pcm.writeInt16LE(value, i * 4);
    pcm.writeInt16LE(value, i * 4 + 2);
  }
  return pcm;
}

describe('reception analysis', () => {
  it('measures a half-scale 1 kHz sine: -6 dBFS peak, -9 dBFS RMS, 1000 Hz', () => {
    const analysis = analysePcm(sine(1000, 1, 0.5));
    expect(analysis.durationMs).toBe(1000);
    expect(analysis.peakDbfs).toBeCloseTo(-6.02, 1);
    expect(analysis.rmsDbfs).toBeCloseTo(-9.03, 1);
    expect(Math.abs((analysis.dominantFrequencyHz ?? 0) - 1000)).toBeLessThan(1);
  });

  it('reports digital silence as null levels and too little audio as an unknown frequency', () => {
    expect(pcmLoudness(Buffer.alloc(4000))).toEqual({ rmsDbfs: null, peakDbfs: null });
    expect(analysePcm(sine(440, 0.001, 0.5)).dominantFrequencyHz).toBeNull();
  });

  it('cuts the last milliseconds of a longer buffer', () => {
    expect(lastOfPcm(sine(440, 2, 0.1), 500).length).toBe(24_000 * 4);
    expect(lastOfPcm(sine(440, 0.1, 0.1), 500).length).toBe(4_800 * 4);
  });
});
