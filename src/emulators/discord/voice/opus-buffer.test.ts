import OpusScript from 'opusscript';
import { afterAll, describe, expect, it } from 'vitest';
import { dominantFrequency } from './frequency.ts';
import { OpusFrameBuffer } from './opus-buffer.ts';

const SAMPLES_PER_FRAME = 960; // 20 ms at 48 kHz
const BYTES_PER_MS = 48 * 4; // stereo s16le
const encoder = new OpusScript(48_000, 2, OpusScript.Application.AUDIO);

afterAll(() => encoder.delete());

/** Encodes `count` 20 ms stereo frames of a sine into Opus packets. */
function toneFrames(hz: number, count: number): Buffer[] {
  const frames: Buffer[] = [];
  for (let f = 0; f < count; f += 1) {
    const pcm = Buffer.alloc(SAMPLES_PER_FRAME * 4);
    for (let i = 0; i < SAMPLES_PER_FRAME; i += 1) {
      const n = f * SAMPLES_PER_FRAME + i;
      const sample = Math.round(12_000 * Math.sin((2 * Math.PI * hz * n) / 48_000));
      pcm.writeInt16LE(sample, i * 4);
      pcm.writeInt16LE(sample, i * 4 + 2);
    }
    frames.push(Buffer.from(encoder.encode(pcm, SAMPLES_PER_FRAME)));
  }
  return frames;
}

function bufferOf(frames: Buffer[], retainMs = 60_000, skip: number[] = []): OpusFrameBuffer {
  const buffer = new OpusFrameBuffer(retainMs);
  frames.forEach((opus, i) => {
    if (!skip.includes(i)) buffer.add(500 + i, 10_000 + i * SAMPLES_PER_FRAME, opus);
  });
  return buffer;
}

function rms(pcm: Buffer): number {
  let sum = 0;
  for (let i = 0; i < pcm.length; i += 2) sum += pcm.readInt16LE(i) ** 2;
  return Math.sqrt(sum / (pcm.length / 2));
}

describe('OpusFrameBuffer', () => {
  const frames = toneFrames(660, 50); // one second

  it('decodes held frames back to 48 kHz stereo PCM of the right length and pitch', () => {
    const pcm = bufferOf(frames).decode();
    expect(pcm.length).toBe(1000 * BYTES_PER_MS);
    expect(Math.abs(dominantFrequency(pcm) - 660)).toBeLessThan(2);
  });

  it('keeps the timeline when a packet is lost: its 20 ms become silence', () => {
    const pcm = bufferOf(frames, 60_000, [25]).decode();
    expect(pcm.length).toBe(1000 * BYTES_PER_MS);
    expect(rms(pcm.subarray(500 * BYTES_PER_MS, 520 * BYTES_PER_MS))).toBe(0);
    expect(rms(pcm.subarray(560 * BYTES_PER_MS, 580 * BYTES_PER_MS))).toBeGreaterThan(1000);
  });

  it('slots a late frame into sequence order and ignores a duplicate', () => {
    const buffer = new OpusFrameBuffer(60_000);
    const order = [0, 1, 3, 2, 4, 4];
    for (const i of order) buffer.add(i, i * SAMPLES_PER_FRAME, frames[i] as Buffer);
    expect(buffer.size).toBe(5);
    expect(buffer.decode().length).toBe(100 * BYTES_PER_MS);
  });

  it('returns the requested media-time range', () => {
    const pcm = bufferOf(frames).decode({ fromMs: 200, toMs: 450 });
    expect(pcm.length).toBe(250 * BYTES_PER_MS);
    expect(bufferOf(frames).decode({ fromMs: 900, toMs: 5000 }).length).toBe(100 * BYTES_PER_MS);
  });

  it('drops frames older than the retention window and clamps ranges to what is held', () => {
    const buffer = bufferOf(frames, 200);
    expect(buffer.size).toBe(11); // the newest frame plus 200 ms behind it
    const pcm = buffer.decode();
    expect(pcm.length).toBe(220 * BYTES_PER_MS);
    // Media time still counts from the very first packet: 0–780 ms is gone, 780–1000 ms is held.
    expect(buffer.decode({ fromMs: 0, toMs: 780 }).length).toBe(0);
    expect(buffer.decode({ fromMs: 0, toMs: 800 }).length).toBe(20 * BYTES_PER_MS);
    expect(buffer.decode({ fromMs: 900 }).length).toBe(100 * BYTES_PER_MS);
  });

  it('leaves an undecodable frame silent instead of failing the whole range', () => {
    const buffer = bufferOf(frames.slice(0, 10));
    buffer.add(510, 10_000 + 10 * SAMPLES_PER_FRAME, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]));
    const pcm = buffer.decode();
    expect(pcm.length).toBe(200 * BYTES_PER_MS);
    expect(rms(pcm.subarray(0, 180 * BYTES_PER_MS))).toBeGreaterThan(1000);
  });

  it('decodes nothing from an empty buffer', () => {
    expect(new OpusFrameBuffer(1000).decode().length).toBe(0);
  });
});
