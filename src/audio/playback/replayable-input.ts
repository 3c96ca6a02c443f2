import { Readable } from 'node:stream';

/** Bytes of a stream input kept so seeks and filter changes can read it again (about 30 min of MP3). */
const DEFAULT_KEEP_BYTES = 32 * 1024 * 1024;
/** How far the input may run ahead of its slowest reader before it is paused. */
const MAX_AHEAD_BYTES = 4 * 1024 * 1024;

/**
 * A stream input (`AudioInput.source` as a Readable) that can be read more than once: its bytes
 * are kept, so every pipeline restart (seek, filters) opens a fresh reader from the start. Past
 * `keepBytes` the oldest bytes nobody needs are dropped and new readers start at the oldest
 * byte still held — which only live streams (never seekable) reach.
 */
export class ReplayableInput {
  private readonly chunks: Buffer[] = [];
  /** Absolute index of chunks[0] (chunks before it were dropped). */
  private base = 0;
  private bytes = 0;
  private ended = false;
  private error: Error | null = null;
  private readonly readers = new Set<ReplayReader>();

  constructor(
    private readonly source: Readable,
    private readonly keepBytes = DEFAULT_KEEP_BYTES,
  ) {
    source.on('data', (chunk: Buffer | string) =>
      this.append(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)),
    );
    source.once('end', () => {
      this.ended = true;
      this.wakeReaders();
    });
    source.once('error', (error: Error) => {
      this.error = error;
      this.wakeReaders();
    });
    source.pause();
  }

  /** Whether a new reader still starts at the first byte. */
  get fromStart(): boolean {
    return this.base === 0;
  }

  /** A fresh reader from the oldest byte held. */
  open(): Readable {
    const reader = new ReplayReader(this, this.base);
    this.readers.add(reader);
    reader.once('close', () => {
      this.readers.delete(reader);
      this.flow();
    });
    this.flow();
    return reader;
  }

  /** Stops reading the input and ends every reader. */
  close(): void {
    for (const reader of this.readers) reader.destroy();
    this.readers.clear();
    this.source.destroy();
    this.chunks.length = 0;
  }

  /** @internal The chunk at an absolute index, `null` at the end, `undefined` when not there yet. */
  chunkAt(index: number): Buffer | null | undefined {
    const chunk = this.chunks[index - this.base];
    if (chunk) return chunk;
    if (this.error) throw this.error;
    return this.ended ? null : undefined;
  }

  /** @internal Called by a reader that moved on, so the input may flow again. */
  flow(): void {
    if (this.ended || this.error) return;
    const slowest = Math.min(...[...this.readers].map((reader) => reader.index));
    let ahead = 0;
    for (let i = Math.max(0, slowest - this.base); i < this.chunks.length; i += 1) {
      ahead += this.chunks[i]?.length ?? 0;
    }
    // Nobody reading, or the slowest reader far behind: let backpressure reach the source.
    if (this.readers.size === 0 || ahead > MAX_AHEAD_BYTES) this.source.pause();
    else this.source.resume();
  }

  private append(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    const slowest = Math.min(...[...this.readers].map((reader) => reader.index));
    while (this.bytes > this.keepBytes && this.chunks.length > 1 && this.base < slowest) {
      this.bytes -= this.chunks.shift()?.length ?? 0;
      this.base += 1;
    }
    this.wakeReaders();
    this.flow();
  }

  private wakeReaders(): void {
    for (const reader of this.readers) reader.wake();
  }
}

class ReplayReader extends Readable {
  private waiting = false;

  constructor(
    private readonly input: ReplayableInput,
    public index: number,
  ) {
    super();
  }

  override _read(): void {
    this.waiting = false;
    for (;;) {
      let chunk: Buffer | null | undefined;
      try {
        chunk = this.input.chunkAt(this.index);
      } catch (error) {
        this.destroy(error as Error);
        return;
      }
      if (chunk === undefined) {
        this.waiting = true;
        this.input.flow();
        return;
      }
      if (chunk === null) {
        this.push(null);
        return;
      }
      this.index += 1;
      if (!this.push(chunk)) {
        this.input.flow();
        return;
      }
    }
  }

  /** More data (or the end) arrived. */
  wake(): void {
    if (this.waiting) this._read();
  }
}
