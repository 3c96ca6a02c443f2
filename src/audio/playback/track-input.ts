import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import type { NetGuard } from '../../net-guard/index.ts';
import type { AudioInput } from '../contracts.ts';
import type { FfmpegInput } from './ffmpeg-args.ts';
import { ReplayableInput } from './replayable-input.ts';

/** File reads in small chunks: a passthrough player holds about a chunk of Ogg at a time. */
const FILE_CHUNK_BYTES = 32 * 1024;

/** How a track's URL is reached: the net guard for our own reads, its proxy for ffmpeg's. */
export interface TrackNetwork {
  guard: NetGuard;
  /** The guard's proxy URL; null when the input is no URL (so no proxy was started). */
  proxy: string | null;
}

const isHttpUrl = (location: string) => /^https?:\/\//i.test(location);
const isOtherUrl = (location: string) =>
  /^[a-z][a-z0-9+.-]*:/i.test(location) && !/^[a-z]:[\\/]/i.test(location) && !/^file:/i.test(location);

/** Whether opening `input` needs the network (so the guard's proxy must be running). */
export function needsNetwork(input: AudioInput): boolean {
  return typeof input.source === 'string' && (isHttpUrl(input.source) || isOtherUrl(input.source));
}

/**
 * A track's AudioInput, opened as often as the pipeline restarts: paths and URLs are simply
 * opened again, a stream is kept in a {@link ReplayableInput}. Closing it releases the input
 * (`AudioInput.close`) exactly once. A URL — which came from a user, directly or through yt-dlp —
 * is only ever fetched through the net guard: by us with `guard.fetch`, by ffmpeg through the
 * guard's proxy.
 */
export class TrackInput {
  private readonly replay: ReplayableInput | null;
  private closed = false;

  constructor(
    private readonly input: AudioInput,
    private readonly network: TrackNetwork,
  ) {
    this.replay = typeof input.source === 'string' ? null : new ReplayableInput(input.source);
  }

  /** The container to demux for passthrough, null when the input is not Opus. */
  get opusContainer(): 'ogg' | 'webm' | null {
    if (this.input.container === 'ogg-opus') return 'ogg';
    if (this.input.container === 'webm-opus') return 'webm';
    return null;
  }

  /**
   * The input's bytes from the start, read in-process (no ffmpeg): a file, an HTTP(S) body or the
   * replayed stream. Null for what only ffmpeg can open (other protocols).
   */
  openBytes(): Readable | null {
    if (this.replay) return this.replay.open();
    const location = this.input.source as string;
    if (/^file:\/\//i.test(location))
      return createReadStream(fileURLToPath(location), { highWaterMark: FILE_CHUNK_BYTES });
    if (isHttpUrl(location)) return httpBody(this.network.guard, location, this.input.headers ?? {});
    if (isOtherUrl(location)) return null;
    return createReadStream(location, { highWaterMark: FILE_CHUNK_BYTES });
  }

  /** How ffmpeg reads the input; a stream arrives on its stdin through a fresh replay reader. */
  ffmpegInput(): { input: FfmpegInput; stdin: Readable | null } {
    if (this.replay) return { input: { kind: 'stdin' }, stdin: this.replay.open() };
    const location = this.input.source as string;
    if (/^file:\/\//i.test(location))
      return { input: { kind: 'file', path: fileURLToPath(location) }, stdin: null };
    if (!isHttpUrl(location) && !isOtherUrl(location))
      return { input: { kind: 'file', path: location }, stdin: null };
    if (!this.network.proxy) throw new Error('a URL input needs the net guard proxy');
    const headers = this.input.headers ?? {};
    return { input: { kind: 'url', url: location, headers, proxy: this.network.proxy }, stdin: null };
  }

  /** Releases the input (stream, child process, socket) once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.replay?.close();
    this.input.close?.();
  }
}

/**
 * An HTTP(S) response body, fetched through the guard, as a stream; a refused or failed request
 * or a non-2xx status becomes its error.
 */
function httpBody(guard: NetGuard, url: string, headers: Record<string, string>): Readable {
  const body = new PassThrough({ highWaterMark: FILE_CHUNK_BYTES });
  const abort = new AbortController();
  body.once('close', () => abort.abort());
  guard
    .fetch(new URL(url), { headers, signal: abort.signal })
    .then(({ response }) => {
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} from ${url}`);
      const stream = Readable.fromWeb(response.body as WebReadableStream);
      stream.on('error', (error) => body.destroy(error));
      stream.pipe(body);
    })
    .catch((error: unknown) => {
      if (!abort.signal.aborted) body.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  return body;
}
