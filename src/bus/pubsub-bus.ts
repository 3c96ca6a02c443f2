import { randomUUID } from 'node:crypto';
import type { Registry } from 'prom-client';
import { currentCorrelationId, type Logger } from '../logging/index.ts';
import { ChannelSubscriptions } from './channel-subscriptions.ts';
import { CommandServer } from './command-server.ts';
import {
  assertBusName,
  type BusChannels,
  busChannels,
  commandEnvelopeSchema,
  DEFAULT_KEY_PREFIX,
  decodeEnvelope,
  encodeEnvelope,
  eventEnvelopeSchema,
  replyEnvelopeSchema,
} from './envelope.ts';
import { BusNoHandlerError, BusTimeoutError, BusUnavailableError } from './errors.ts';
import { EventDispatcher } from './event-dispatcher.ts';
import { BusMetrics, type CommandOutcome } from './metrics.ts';
import { PendingRequests } from './pending-requests.ts';
import type { BusTransport } from './transport.ts';
import type { Bus, CommandHandler, EventHandler, RequestOptions, Unsubscribe } from './types.ts';

/** What every bus needs, whatever its transport. */
export interface BusOptions {
  /** INSTANCE_ID of this process: the source of what it sends and the name of its reply channel. */
  instanceId: string;
  logger: Logger;
  /** Default wait for a command's reply (BUS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs: number;
  /** Prefix of every channel name, so several deployments or test runs can share one Redis. */
  keyPrefix?: string;
  /** Where the bus metrics are registered; without one they are not registered anywhere. */
  registry?: Registry;
}

/**
 * The bus proper: envelopes, validation, correlation ids, request/reply matching, timeouts and
 * metrics, over any BusTransport (memory-bus.ts, redis-bus.ts).
 */
export class PubSubBus implements Bus {
  readonly kind: 'memory' | 'redis';
  readonly #transport: BusTransport;
  readonly #options: BusOptions;
  readonly #logger: Logger;
  readonly #channels: BusChannels;
  readonly #replyChannel: string;
  readonly #metrics: BusMetrics;
  readonly #pending = new PendingRequests();
  readonly #subscriptions: ChannelSubscriptions;
  readonly #dispatcher: EventDispatcher;
  readonly #server: CommandServer;
  #closed = false;

  private constructor(transport: BusTransport, options: BusOptions) {
    assertBusName('instance id', options.instanceId);
    if (!(Number.isInteger(options.commandTimeoutMs) && options.commandTimeoutMs > 0)) {
      throw new TypeError(
        `commandTimeoutMs must be a positive whole number, got ${options.commandTimeoutMs}`,
      );
    }
    this.kind = transport.kind;
    this.#transport = transport;
    this.#options = options;
    this.#logger = options.logger.child({ module: 'bus', bus: transport.kind });
    this.#channels = busChannels(options.keyPrefix ?? DEFAULT_KEY_PREFIX);
    this.#replyChannel = this.#channels.reply(options.instanceId);
    this.#metrics = new BusMetrics(options.registry);
    this.#subscriptions = new ChannelSubscriptions(transport);
    this.#dispatcher = new EventDispatcher(this.#logger);
    this.#server = new CommandServer({
      instanceId: options.instanceId,
      logger: this.#logger,
      channels: this.#channels,
      transport,
    });
    transport.listen({
      message: (channel, message) => this.#receive(channel, message),
      down: () =>
        this.#pending.failAll(new BusUnavailableError('The bus connection was lost before the reply came')),
    });
  }

  /** Wraps a connected transport and subscribes to this instance's reply channel. */
  static async start(transport: BusTransport, options: BusOptions): Promise<PubSubBus> {
    const bus = new PubSubBus(transport, options);
    await bus.#subscriptions.sync(bus.#replyChannel, () => !bus.#closed);
    return bus;
  }

  async publish<T>(topic: string, payload: T): Promise<void> {
    assertBusName('topic', topic);
    const message = encodeEnvelope({
      v: 1,
      kind: 'event',
      topic,
      payload,
      source: this.#options.instanceId,
      publishedAt: Date.now(),
      correlationId: currentCorrelationId(),
    });
    try {
      if (this.#closed) throw new BusUnavailableError('The bus is closed');
      await this.#transport.publish(this.#channels.event(topic), message);
      this.#metrics.eventPublished(topic);
    } catch (error) {
      // Events are hints (PostgreSQL holds the truth): losing one in an outage must not fail the caller.
      this.#metrics.eventDropped();
      this.#logger.warn({ topic, err: error }, 'Bus unavailable: event dropped');
    }
  }

  async subscribe<T>(topic: string, handler: EventHandler<T>): Promise<Unsubscribe> {
    assertBusName('topic', topic);
    this.#assertOpen();
    return this.#attach(
      this.#channels.event(topic),
      this.#dispatcher.add(topic, handler as EventHandler<unknown>),
      () => this.#dispatcher.listensTo(topic),
      `subscribe to bus topic "${topic}"`,
    );
  }

  async handle<Req, Res>(
    address: string,
    command: string,
    handler: CommandHandler<Req, Res>,
  ): Promise<Unsubscribe> {
    assertBusName('address', address);
    assertBusName('command', command);
    this.#assertOpen();
    return this.#attach(
      this.#channels.command(address),
      this.#server.add(address, command, handler as CommandHandler<unknown, unknown>),
      () => this.#server.listensAt(address),
      `listen at bus address "${address}"`,
    );
  }

  async request<Req, Res>(
    address: string,
    command: string,
    payload: Req,
    options?: RequestOptions,
  ): Promise<Res> {
    assertBusName('address', address);
    assertBusName('command', command);
    const timeoutMs = options?.timeoutMs ?? this.#options.commandTimeoutMs;
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new TypeError(`timeoutMs must be a positive number of milliseconds, got ${timeoutMs}`);
    }
    const startedAt = performance.now();
    const finish = (outcome: CommandOutcome) =>
      this.#metrics.commandFinished(command, outcome, (performance.now() - startedAt) / 1000);
    try {
      const result = (await this.#send(address, command, payload, timeoutMs)) as Res;
      finish('ok');
      return result;
    } catch (error) {
      finish(outcomeOf(error));
      throw error;
    }
  }

  async ping(): Promise<void> {
    this.#assertOpen();
    await this.#transport.ping();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#dispatcher.clear();
    this.#server.clear();
    this.#pending.failAll(new BusUnavailableError('The bus was closed before the reply came'));
    await this.#transport.close();
  }

  async #send(address: string, command: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    const source = this.#options.instanceId;
    const correlationId = currentCorrelationId();
    const id = randomUUID();
    // Encoded first: a payload JSON cannot carry is the caller's bug, reported before anything is sent.
    const message = encodeEnvelope({
      v: 1,
      kind: 'command',
      id,
      address,
      command,
      payload,
      source,
      sentAt: Date.now(),
      correlationId,
    });
    if (this.#closed) throw new BusUnavailableError('The bus is closed');
    if (!this.#transport.isAvailable()) {
      throw new BusUnavailableError(`The bus is unavailable: command "${command}" to "${address}" not sent`);
    }
    const reply = this.#pending.open(id, address, command, timeoutMs);
    try {
      const receivers = await this.#transport.publish(this.#channels.command(address), message);
      this.#pending.setReceivers(id, receivers);
    } catch (error) {
      this.#pending.fail(
        id,
        new BusUnavailableError(`The bus is unavailable: command "${command}" to "${address}" not sent`, {
          cause: error,
        }),
      );
    }
    return reply;
  }

  #receive(channel: string, raw: string): void {
    if (this.#closed) return;
    if (channel === this.#replyChannel) {
      this.#receiveReply(channel, raw);
    } else if (channel.startsWith(this.#channels.commandPrefix)) {
      this.#receiveCommand(channel, raw);
    } else if (channel.startsWith(this.#channels.eventPrefix)) {
      this.#receiveEvent(channel, raw);
    }
  }

  #receiveReply(channel: string, raw: string): void {
    const decoded = decodeEnvelope(replyEnvelopeSchema, raw);
    if (!decoded.ok) {
      this.#drop(channel, decoded.reason);
    } else if (!this.#pending.settle(decoded.value)) {
      this.#logger.debug(
        { id: decoded.value.id },
        'Bus reply for no pending request (late or foreign): ignored',
      );
    }
  }

  #receiveCommand(channel: string, raw: string): void {
    const decoded = decodeEnvelope(commandEnvelopeSchema, raw);
    if (!decoded.ok) {
      this.#drop(channel, decoded.reason);
    } else if (channel !== this.#channels.command(decoded.value.address)) {
      this.#drop(channel, 'address differs from the channel');
    } else {
      void this.#server.serve(decoded.value);
    }
  }

  #receiveEvent(channel: string, raw: string): void {
    const decoded = decodeEnvelope(eventEnvelopeSchema, raw);
    if (!decoded.ok) {
      this.#drop(channel, decoded.reason);
    } else if (channel !== this.#channels.event(decoded.value.topic)) {
      this.#drop(channel, 'topic differs from the channel');
    } else {
      this.#dispatcher.deliver(decoded.value);
    }
  }

  #drop(channel: string, reason: string): void {
    this.#logger.warn({ channel, reason }, 'Malformed bus message dropped');
  }

  /** Subscribes the channel a local handler (already registered) needs; undone by the returned function. */
  async #attach(
    channel: string,
    remove: () => void,
    wanted: () => boolean,
    what: string,
  ): Promise<Unsubscribe> {
    try {
      await this.#subscriptions.sync(channel, wanted);
    } catch (error) {
      remove();
      throw new BusUnavailableError(`Could not ${what}`, { cause: error });
    }
    let done = false;
    return async () => {
      if (done || this.#closed) return;
      done = true;
      remove();
      try {
        await this.#subscriptions.sync(channel, wanted);
      } catch (error) {
        // Local delivery already stopped; the transport catches up on its next change or reconnect.
        this.#logger.warn({ channel, err: error }, 'Could not unsubscribe a bus channel');
      }
    };
  }

  #assertOpen(): void {
    if (this.#closed) throw new BusUnavailableError('The bus is closed');
  }
}

function outcomeOf(error: unknown): CommandOutcome {
  if (error instanceof BusTimeoutError) return 'timeout';
  if (error instanceof BusNoHandlerError) return 'no_handler';
  if (error instanceof BusUnavailableError) return 'unavailable';
  // BusCommandError (the handler said no), BusPayloadError (the caller's payload) and the rest.
  return 'error';
}
