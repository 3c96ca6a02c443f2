import type { BusTransport } from './transport.ts';

/**
 * Keeps the transport's channel subscriptions in step with what local handlers want. Changes
 * to one channel run one after another, so a quick subscribe/unsubscribe/subscribe never
 * leaves the transport unsubscribed while a handler waits.
 */
export class ChannelSubscriptions {
  readonly #active = new Set<string>();
  readonly #queues = new Map<string, Promise<void>>();

  constructor(private readonly transport: BusTransport) {}

  /** Subscribes or unsubscribes `channel` so that it matches `wanted()` when this runs. */
  sync(channel: string, wanted: () => boolean): Promise<void> {
    const previous = this.#queues.get(channel) ?? Promise.resolve();
    const next = previous
      .catch(() => {
        // The previous change already reported its failure to its own caller.
      })
      .then(async () => {
        const want = wanted();
        if (want && !this.#active.has(channel)) {
          await this.transport.subscribe(channel);
          this.#active.add(channel);
        } else if (!want && this.#active.has(channel)) {
          this.#active.delete(channel);
          await this.transport.unsubscribe(channel);
        }
      });
    this.#queues.set(channel, next);
    const forget = () => {
      if (this.#queues.get(channel) === next) this.#queues.delete(channel);
    };
    next.then(forget, forget);
    return next;
  }
}
