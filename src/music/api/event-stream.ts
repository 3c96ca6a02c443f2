import { Readable } from 'node:stream';
import type { EventStreamClient } from './guild-event-hub.ts';

export interface EventStreamOptions {
  /** A comment line this often keeps proxies and the browser from dropping an idle stream. */
  heartbeatMs: number;
  /**
   * A stream is ended after this long; the browser reconnects with its last event id, which
   * checks the session and the guild access again and replays what it missed meanwhile.
   */
  maxDurationMs: number;
  /** What the browser waits before reconnecting (the SSE `retry:` field). */
  retryMs: number;
  /** A client this far behind (in buffered characters) is dropped; it reconnects and catches up. */
  maxBufferedBytes: number;
}

export const defaultEventStreamOptions: EventStreamOptions = {
  heartbeatMs: 15_000,
  maxDurationMs: 5 * 60_000,
  retryMs: 2_000,
  maxBufferedBytes: 4 * 1024 * 1024,
};

/**
 * One Server-Sent Events response body. Fastify pipes `body` to the socket (so the hooks that
 * set headers and cookies still run, unlike with a hijacked reply) and destroys it when the
 * client goes away, which is when `onClose` listeners run.
 */
export class EventStream implements EventStreamClient {
  readonly body = new Readable({ read() {} });
  readonly #timers: NodeJS.Timeout[];
  #open = true;

  constructor(private readonly options: EventStreamOptions = defaultEventStreamOptions) {
    this.body.push(`retry: ${options.retryMs}\n\n`);
    const heartbeat = setInterval(() => this.#push(': heartbeat\n\n'), options.heartbeatMs);
    const expiry = setTimeout(() => this.end(), options.maxDurationMs);
    this.#timers = [heartbeat, expiry];
    for (const timer of this.#timers) timer.unref();
    this.body.once('close', () => {
      this.#open = false;
      for (const timer of this.#timers) clearTimeout(timer);
    });
  }

  send(frame: string): void {
    this.#push(frame);
  }

  end(): void {
    if (!this.#open) return;
    this.#open = false;
    for (const timer of this.#timers) clearTimeout(timer);
    this.body.push(null);
  }

  /** Runs once the response is over, whoever ended it. */
  onClose(listener: () => void): void {
    if (this.body.destroyed) listener();
    else this.body.once('close', listener);
  }

  #push(chunk: string): void {
    if (!this.#open) return;
    // A reader that stopped reading would make us buffer without bound.
    if (this.body.readableLength > this.options.maxBufferedBytes) {
      this.body.destroy();
      return;
    }
    this.body.push(chunk);
  }
}
