import { execFile } from 'node:child_process';
import { ffmpegPath } from '../../src/media/index.ts';

export interface Loudness {
  /** Root mean square of the samples, 0 (silence) to 1. */
  rms: number;
  /** The largest absolute sample, 0 to 1. */
  peak: number;
  seconds: number;
}

/** Decodes MP3 (as the sandbox streams it) to 48 kHz mono with ffmpeg and measures it. */
export async function mp3Loudness(mp3: Buffer): Promise<Loudness> {
  const pcm = await new Promise<Buffer>((resolve, reject) => {
    const args = ['-hide_banner', '-loglevel', 'error', '-f', 'mp3', '-i', 'pipe:0'];
    const child = execFile(
      ffmpegPath(),
      [...args, '-f', 's16le', '-ac', '1', '-ar', '48000', 'pipe:1'],
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
    child.stdin?.end(mp3);
  });
  const samples = pcm.length / 2;
  let sum = 0;
  let peak = 0;
  for (let i = 0; i < samples; i += 1) {
    const value = pcm.readInt16LE(i * 2) / 32768;
    sum += value * value;
    peak = Math.max(peak, Math.abs(value));
  }
  return { rms: Math.sqrt(sum / Math.max(1, samples)), peak, seconds: samples / 48_000 };
}
