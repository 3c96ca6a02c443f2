/**
 * What a bus needs from the wire: Redis-like pub/sub of strings on named channels. The memory
 * hub and Redis both implement it, and one bus core (pubsub-bus.ts) sits on top of either, so
 * the two behave alike by construction.
 */
export interface BusTransport {
  readonly kind: 'memory' | 'redis';
  /** Sets who receives messages and connection news; called once, before any subscribe. */
  listen(listener: TransportListener): void;
  /**
   * Hands `message` to the transport and resolves with the number of subscribers that
   * received it (Redis PUBLISH semantics). Rejects with BusUnavailableError when down.
   */
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  /** Whether both publishing and receiving work right now. */
  isAvailable(): boolean;
  /** Resolves when the transport answers now; rejects with BusUnavailableError otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** How a transport reports to the bus core. */
export interface TransportListener {
  message(channel: string, message: string): void;
  /** The connection was lost: replies in flight will not arrive. */
  down(): void;
}
