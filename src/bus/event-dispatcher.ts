import { type Logger, withCorrelationId } from '../logging/index.ts';
import type { EventEnvelope } from './envelope.ts';
import type { EventHandler } from './types.ts';

/**
 * The receiving side of events: the subscribers of each topic in this process, and the
 * delivery of one event to all of them, each in its own correlation context and copy.
 */
export class EventDispatcher {
  /** Each subscription is its own object, so one function subscribed twice counts twice. */
  readonly #subscribers = new Map<string, Set<{ handler: EventHandler<unknown> }>>();

  constructor(private readonly logger: Logger) {}

  /** Registers a subscriber; returns the function that removes it. */
  add(topic: string, handler: EventHandler<unknown>): () => void {
    const entry = { handler };
    let handlers = this.#subscribers.get(topic);
    if (!handlers) {
      handlers = new Set();
      this.#subscribers.set(topic, handlers);
    }
    handlers.add(entry);
    return () => {
      handlers.delete(entry);
      if (handlers.size === 0 && this.#subscribers.get(topic) === handlers) this.#subscribers.delete(topic);
    };
  }

  listensTo(topic: string): boolean {
    return (this.#subscribers.get(topic)?.size ?? 0) > 0;
  }

  clear(): void {
    this.#subscribers.clear();
  }

  /** Runs every subscriber of the topic; a failing subscriber is logged and harms no other. */
  deliver(envelope: EventEnvelope): void {
    const handlers = [...(this.#subscribers.get(envelope.topic) ?? [])];
    // Copies are made before any subscriber runs, so one cannot change what another sees.
    const payloads = handlers.map((_, index) =>
      index === 0 ? envelope.payload : structuredClone(envelope.payload),
    );
    handlers.forEach(({ handler }, index) => {
      const event = {
        topic: envelope.topic,
        payload: payloads[index],
        source: envelope.source,
        publishedAt: envelope.publishedAt,
        correlationId: envelope.correlationId,
      };
      withCorrelationId(envelope.correlationId, async () => {
        try {
          await handler(event);
        } catch (error) {
          this.logger.error({ topic: envelope.topic, err: error }, 'Bus event handler failed');
        }
      });
    });
  }
}
