import { describe, expect, it } from 'vitest';
import { parseFfmpegInput } from './ffmpeg-probe.ts';

// The banner ffmpeg 5–7 prints for `ffmpeg -i file.m4a` (container tags, then stream tags).
const BANNER = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'http://127.0.0.1/t.m4a':
  Metadata:
    major_brand     : M4A 
    title           : Tone m4a
    artist          : Test Artist
    album           : Fixtures
  Duration: 00:01:03.25, start: 0.000000, bitrate: 73 kb/s
  Stream #0:0[0x1](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 69 kb/s (default)
    Metadata:
      title           : Stream title
At least one output file must be specified`;

describe('parseFfmpegInput', () => {
  it('reads the duration and the container tags, not the stream tags', () => {
    expect(parseFfmpegInput(BANNER)).toEqual({
      durationMs: 63_250,
      tags: { title: 'Tone m4a', artist: 'Test Artist', album: 'Fixtures' },
    });
  });

  it('gives no duration for N/A (a live input)', () => {
    expect(parseFfmpegInput("Input #0, mp3, from 'x':\n  Duration: N/A, start: 0\n").durationMs).toBeNull();
  });
});
