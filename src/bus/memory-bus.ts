import { BusUnavailableError } from './errors.ts';
import { type BusOptions, PubSubBus } from './pubsub-bus.ts';
import type { BusTransport, TransportListener } from './transport.ts';
import type { Bus } from './types.ts';

/**
 * An in-process stand-in for Redis pub/sub: buses joined to one hub hear each other, like
 * processes sharing one Redis. Delivery is asynchronous (a publisher never re-enters a
 * subscriber synchronously) and messages are strings, so payloads go through JSON exactly as
 * they do over Redis.
 */
export class MemoryBusHub {
  readonly #channels = new Map<string, Set<MemoryTransport>>();

  /** Delivers on a later turn of the event loop; returns the number of receivers, as PUBLISH does. */
  publish(channel: string, message: string): number {
    const receivers = [...(this.#channels.get(channel) ?? [])];
    for (const receiver of receivers) {
      setImmediate(() => receiver.deliver(channel, message));
    }
    return receivers.length;
  }

  subscribe(channel: string, transport: MemoryTransport): void {
    let receivers = this.#channels.get(channel);
    if (!receivers) {
      receivers = new Set();
      this.#channels.set(channel, receivers);
    }
    receivers.add(transport);
  }

  unsubscribe(channel: string, transport: MemoryTransport): void {
    const receivers = this.#channels.get(channel);
    receivers?.delete(transport);
    if (receivers?.size === 0) this.#channels.delete(channel);
  }
}

/** The hub of buses created without their own: everything in this process that uses the memory bus. */
export const processMemoryHub = new MemoryBusHub();

class MemoryTransport implements BusTransport {
  readonly kind = 'memory';
  readonly #channels = new Set<string>();
  #listener: TransportListener | undefined;
  #closed = false;

  constructor(private readonly hub: MemoryBusHub) {}

  listen(listener: TransportListener): void {
    this.#listener = listener;
  }

  async publish(channel: string, message: string): Promise<number> {
    if (this.#closed) throw new BusUnavailableError('The memory bus is closed');
    return this.hub.publish(channel, message);
  }

  async subscribe(channel: string): Promise<void> {
    if (this.#closed) throw new BusUnavailableError('The memory bus is closed');
    this.#channels.add(channel);
    this.hub.subscribe(channel, this);
  }

  async unsubscribe(channel: string): Promise<void> {
    this.#channels.delete(channel);
    this.hub.unsubscribe(channel, this);
  }

  isAvailable(): boolean {
    return !this.#closed;
  }

  async ping(): Promise<void> {
    if (this.#closed) throw new BusUnavailableError('The memory bus is closed');
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const channel of this.#channels) this.hub.unsubscribe(channel, this);
    this.#channels.clear();
  }

  deliver(channel: string, message: string): void {
    if (!this.#closed && this.#channels.has(channel)) this.#listener?.message(channel, message);
  }
}

export interface MemoryBusOptions extends BusOptions {
  /** The hub to join; processMemoryHub by default. Tests pass their own to stay isolated. */
  hub?: MemoryBusHub;
}

/** A bus for one process (no REDIS_URL): all roles of the process talk through `hub`. */
export async function createMemoryBus(options: MemoryBusOptions): Promise<Bus> {
  return PubSubBus.start(new MemoryTransport(options.hub ?? processMemoryHub), options);
}
