import { describe, expect, it } from 'vitest';
import { ffmpegArgs } from './ffmpeg-args.ts';

const remux = { kind: 'remux' } as const;
const optionValue = (args: string[], option: string) => args[args.indexOf(option) + 1];

describe('ffmpeg inputs', () => {
  it('fetches a URL only through the guard proxy, with network protocols only (never file)', () => {
    const args = ffmpegArgs(
      { kind: 'url', url: 'https://radio.example/a.mp3', proxy: 'http://127.0.0.1:9' },
      0,
      remux,
    );
    expect(optionValue(args, '-http_proxy')).toBe('http://127.0.0.1:9');
    expect(optionValue(args, '-protocol_whitelist')?.split(',')).not.toContain('file');
    expect(args.indexOf('-protocol_whitelist')).toBeLessThan(args.indexOf('-i'));
  });

  it('reads a local file with the file protocol alone, and a stream with pipe alone', () => {
    const file = ffmpegArgs({ kind: 'file', path: '/srv/music/a.flac' }, 0, remux);
    expect(optionValue(file, '-protocol_whitelist')).toBe('file');
    expect(optionValue(file, '-i')).toBe('file:/srv/music/a.flac');
    expect(optionValue(ffmpegArgs({ kind: 'stdin' }, 0, remux), '-protocol_whitelist')).toBe('pipe');
  });
});
