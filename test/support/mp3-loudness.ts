import { execFile } from 'node:child_process';
import { get } from 'node:http';
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

/** 128 kbit/s, as the sandbox encodes: what `seconds` of its stream weigh, roughly. */
const BYTES_PER_SECOND = 16_000;

/**
 * Listens to the live MP3 stream at `url` until `seconds` of it decode, then hangs up and
 * measures what it heard. It reads by what arrived, not by the clock, so a slow encoder start
 * or a busy machine makes it wait longer rather than hear less; it fails if `seconds` have not
 * arrived within `timeoutMs`, or if the answer is not a 200 `audio/mpeg` stream. node:http
 * without an agent: fetch's pool opens a spare connection on abort that would hold the server's
 * close up.
 */
export function measureLiveMp3(
  url: string,
  { seconds, timeoutMs = 20_000 }: { seconds: number; timeoutMs?: number },
): Promise<Loudness> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    // Decoding is tried once the bytes should hold enough, then again after each further quarter second.
    let nextTry = seconds * BYTES_PER_SECOND;
    let settled = false;
    let decoding = false;
    const finish = (outcome: { loudness: Loudness } | { error: Error }) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      request.destroy();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.loudness);
    };
    const deadline = setTimeout(() => {
      const heard = bytes / BYTES_PER_SECOND;
      finish({
        error: new Error(
          `${seconds} s of ${url} did not arrive within ${timeoutMs} ms (~${heard.toFixed(1)} s did)`,
        ),
      });
    }, timeoutMs);
    const tryDecode = async () => {
      if (decoding || settled || bytes < nextTry) return;
      decoding = true;
      nextTry = bytes + BYTES_PER_SECOND / 4;
      try {
        const loudness = await mp3Loudness(Buffer.concat(chunks));
        if (loudness.seconds >= seconds) finish({ loudness });
      } catch (error) {
        finish({ error: error as Error });
      } finally {
        decoding = false;
      }
      // Data that came while decoding may already be enough.
      void tryDecode();
    };
    const request = get(url, { agent: false }, (response) => {
      const type = response.headers['content-type'];
      if (response.statusCode !== 200 || type !== 'audio/mpeg') {
        finish({ error: new Error(`${url} answered ${response.statusCode} ${type}`) });
        return;
      }
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        bytes += chunk.length;
        void tryDecode();
      });
      response.on('end', () => finish({ error: new Error(`${url} ended after ~${bytes} bytes`) }));
      // Hanging up makes the response fail with "aborted"; by then the promise is settled.
      response.on('error', (error) => finish({ error }));
    });
    request.on('error', (error) => finish({ error }));
  });
}
