import { describe, expect, it } from 'vitest';
import { sniffContainer } from './container.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffContainer', () => {
  it('tells Ogg Opus from other Ogg codecs by the first page', () => {
    const page = (codecHeader: string) => bytes('OggS', new Array(24).fill(0), codecHeader);
    expect(sniffContainer(page('OpusHead'))).toBe('ogg-opus');
    expect(sniffContainer(page('\x01vorbis\x00'))).toBe('unknown');
  });

  it('tells WebM with Opus from WebM with another codec', () => {
    expect(sniffContainer(bytes([0x1a, 0x45, 0xdf, 0xa3], '....webm....A_OPUS'))).toBe('webm-opus');
    expect(sniffContainer(bytes([0x1a, 0x45, 0xdf, 0xa3], '....webm....A_VORBIS'))).toBe('unknown');
  });

  it('knows MP3 frames from ADTS AAC frames, and ID3, FLAC, WAV, MP4', () => {
    expect(sniffContainer(bytes([0xff, 0xfb, 0x90, 0x64]))).toBe('mp3');
    expect(sniffContainer(bytes([0xff, 0xf1, 0x50, 0x80]))).toBe('aac');
    expect(sniffContainer(bytes('ID3\x04\x00'))).toBe('mp3');
    expect(sniffContainer(bytes('fLaC\x00\x00'))).toBe('flac');
    expect(sniffContainer(bytes('RIFF\x24\x00\x00\x00WAVEfmt '))).toBe('wav');
    expect(sniffContainer(bytes([0, 0, 0, 0x20], 'ftypM4A '))).toBe('aac');
  });

  it('does not take a web page or a JSON answer for audio', () => {
    expect(sniffContainer(bytes('<!doctype html><html>'))).toBeNull();
    expect(sniffContainer(bytes('{"error":"nope"}'))).toBeNull();
    expect(sniffContainer(bytes('ab'))).toBeNull();
  });
});
