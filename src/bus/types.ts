/**
 * The bus carries events and commands between roles and processes. It is never the truth:
 * a message lost in an outage costs latency, not data (PostgreSQL holds the state).
 */

/** An event as a subscriber receives it. */
export interface BusEvent<T = unknown> {
  topic: string;
  payload: T;
  /** INSTANCE_ID of the publisher. */
  source: string;
  /** Milliseconds since the epoch when it was published. */
  publishedAt: number;
  correlationId?: string;
}

/** What a command handler learns about the request besides its payload. */
export interface CommandContext {
  command: string;
  address: string;
  /** INSTANCE_ID of the requester. */
  source: string;
  correlationId?: string;
}

export type EventHandler<T = unknown> = (event: BusEvent<T>) => void | Promise<void>;
export type CommandHandler<Req = unknown, Res = unknown> = (
  payload: Req,
  context: CommandContext,
) => Res | Promise<Res>;

export type Unsubscribe = () => Promise<void>;

export interface RequestOptions {
  /** Milliseconds to wait for the reply; BUS_COMMAND_TIMEOUT_MS by default. */
  timeoutMs?: number;
}

export interface Bus {
  readonly kind: 'memory' | 'redis';
  /**
   * Fire and forget: resolves once handed to the transport; never throws for an outage (it
   * logs and drops the event). Rejects with BusPayloadError when JSON cannot carry `payload`.
   * Subscribers receive a JSON copy (a Date arrives as its ISO string).
   */
  publish<T>(topic: string, payload: T): Promise<void>;
  /**
   * Calls `handler` for every event on `topic`, from any process, asynchronously and inside the
   * publisher's correlation id. A throwing handler is logged. Resolves once the subscription is
   * in place (during a Redis outage, once Redis is back); it survives reconnects.
   */
  subscribe<T>(topic: string, handler: EventHandler<T>): Promise<Unsubscribe>;
  /**
   * Answers commands sent to `address` (for example `gateway:shard:0` or an INSTANCE_ID).
   * A handler that throws a BusCommandError replies with its code; any other throw replies
   * with code INTERNAL and is logged. One process handles a given (address, command) at a time;
   * if several do, each runs it and the requester takes the first reply.
   */
  handle<Req, Res>(address: string, command: string, handler: CommandHandler<Req, Res>): Promise<Unsubscribe>;
  /**
   * Sends a command and waits for its reply, or rejects with a BusError subclass:
   * BusCommandError (the handler's code, or INTERNAL), BusNoHandlerError (at once when nobody
   * handles it), BusTimeoutError, BusUnavailableError (outage, closed bus), BusPayloadError.
   */
  request<Req, Res>(address: string, command: string, payload: Req, options?: RequestOptions): Promise<Res>;
  /** Resolves when the transport is reachable now (readiness checks). */
  ping(): Promise<void>;
  /** Stops delivery, closes the connections and rejects pending requests with BusUnavailableError. */
  close(): Promise<void>;
}
