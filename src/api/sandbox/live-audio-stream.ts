import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Readable, Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';

const SAMPLE_RATE = 48_000;
const BYTES_PER_FRAME = 4; // stereo s16le
const bytesFor = (ms: number) => Math.round((ms * SAMPLE_RATE) / 1000) * BYTES_PER_FRAME;
/** How often the pacer feeds ffmpeg. */
const TICK_MS = 40;
/** Audio held back after a silence before playing, so network jitter doesn't cut it up. */
const PREBUFFER_BYTES = bytesFor(100);
/** A listener more than this behind loses the oldest audio rather than drifting further behind. */
const MAX_QUEUED_BYTES = bytesFor(1_000);
/** ffmpeg's input backlog that means the client stopped reading. */
const MAX_BACKLOG_BYTES = bytesFor(10_000);

/**
 * Turns packets arriving at the bot's pace (with gaps when it sends nothing) into a steady
 * real-time PCM stream: it writes on a clock, fills gaps with silence, and holds back a little
 * audio after each silence to absorb jitter.
 */
export class PcmPacer {
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private playing = false;
  private written = 0;
  private readonly startedAt: number;

  constructor(private readonly clock: () => number = () => performance.now()) {
    this.startedAt = clock();
  }

  /** Queues a decoded packet. */
  push(pcm: Buffer): void {
    this.queue.push(pcm);
    this.queued += pcm.length;
    while (this.queued > MAX_QUEUED_BYTES) {
      const dropped = this.queue.shift();
      this.queued -= dropped?.length ?? 0;
    }
  }

  /** What is due since the last call: queued audio, or silence where there is none. */
  take(): Buffer {
    const due = bytesFor(this.clock() - this.startedAt) - this.written;
    if (due <= 0) return Buffer.alloc(0);
    if (!this.playing && this.queued >= PREBUFFER_BYTES) this.playing = true;
    const out = Buffer.alloc(due);
    let filled = 0;
    while (this.playing && filled < due) {
      const head = this.queue[0];
      if (!head) {
        // Ran dry: the rest is silence, and the next sound is prebuffered again.
        this.playing = false;
        break;
      }
      const n = Math.min(head.length, due - filled);
      head.copy(out, filled, 0, n);
      filled += n;
      this.queued -= n;
      if (n === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(n);
    }
    this.written += due;
    return out;
  }
}

export interface LiveAudioStreamOptions {
  ffmpegPath: string;
  /** Subscribes to the decoded PCM; returns the unsubscribe. */
  listen(onPcm: (pcm: Buffer) => void): () => void;
  logger: FastifyBaseLogger;
}

/** A live MP3 stream of what the bot sends, for one listener; `stop()` ends it and its ffmpeg. */
export interface LiveAudioStream {
  readonly body: Readable;
  stop(): void;
}

/**
 * Starts one listener's stream: PCM paced in real time (silence when the bot sends nothing, so
 * an `<audio>` element keeps playing) encoded to MP3 by its own ffmpeg.
 */
export function startLiveAudioStream(options: LiveAudioStreamOptions): LiveAudioStream {
  const { logger } = options;
  const ffmpeg: ChildProcessByStdio<Writable, Readable, Readable> = spawn(
    options.ffmpegPath,
    [
      ...['-hide_banner', '-loglevel', 'error'],
      ...['-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '2', '-i', 'pipe:0'],
      ...['-c:a', 'libmp3lame', '-b:a', '128k', '-f', 'mp3', '-flush_packets', '1', 'pipe:1'],
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const pacer = new PcmPacer();
  let stopped = false;
  let stderr = '';
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    unsubscribe();
    ffmpeg.stdin.destroy();
    if (ffmpeg.exitCode === null) ffmpeg.kill('SIGKILL');
  };
  const unsubscribe = options.listen((pcm) => pacer.push(pcm));
  const timer = setInterval(() => {
    if (ffmpeg.stdin.writableLength > MAX_BACKLOG_BYTES) {
      logger.info('sandbox audio: the listener stopped reading; closing its stream');
      stop();
      ffmpeg.stdout.destroy();
      return;
    }
    const chunk = pacer.take();
    if (chunk.length > 0) ffmpeg.stdin.write(chunk);
  }, TICK_MS);
  ffmpeg.stdin.on('error', () => stop());
  ffmpeg.stderr.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-2000);
  });
  ffmpeg.on('error', (error) => {
    logger.error({ err: error }, 'sandbox audio: ffmpeg could not run');
    stop();
    ffmpeg.stdout.destroy(error);
  });
  ffmpeg.on('exit', (code, signal) => {
    if (!stopped) logger.warn({ code, signal, stderr }, 'sandbox audio: ffmpeg ended early');
    stop();
  });
  return { body: ffmpeg.stdout, stop };
}
