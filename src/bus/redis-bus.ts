import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logging/index.ts';
import { BusUnavailableError } from './errors.ts';
import { type BusOptions, PubSubBus } from './pubsub-bus.ts';
import type { BusTransport, TransportListener } from './transport.ts';
import type { Bus } from './types.ts';

export interface RedisBusOptions extends BusOptions {
  redisUrl: string;
  /** How long to wait for the first connection before giving up (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Longest pause between reconnection attempts (default 2000 ms). */
  reconnectMaxDelayMs?: number;
}

const PING_TIMEOUT_MS = 2000;

/** `redis://user:secret@host` → `redis://user:***@host`, for error messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Redis pub/sub with two connections: a subscriber (a connection in subscriber mode can
 * run nothing else) and a publisher. Both reconnect forever with capped backoff; ioredis
 * resubscribes the subscriber's channels after a reconnect.
 */
class RedisTransport implements BusTransport {
  readonly kind = 'redis';
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #logger: Logger;
  #listener: TransportListener | undefined;
  #closing = false;
  #lastError: Error | undefined;

  constructor(options: RedisBusOptions, logger: Logger) {
    this.#logger = logger;
    const maxDelay = options.reconnectMaxDelayMs ?? 2000;
    const common: RedisOptions = {
      // Exponential from 50 ms, capped, so a restarted Redis is found again within `maxDelay`.
      retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 16), maxDelay),
      connectTimeout: options.connectTimeoutMs ?? 5000,
    };
    this.#publisher = new Redis(options.redisUrl, {
      ...common,
      connectionName: `gramophone-bus-pub-${options.instanceId}`,
      // In an outage, fail at once instead of queueing: events are dropped, requests rejected.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // A PUBLISH cut off mid-flight is not sent twice after reconnecting.
      autoResendUnfulfilledCommands: false,
    });
    this.#subscriber = new Redis(options.redisUrl, {
      ...common,
      connectionName: `gramophone-bus-sub-${options.instanceId}`,
      autoResubscribe: true,
      // A SUBSCRIBE issued during an outage waits for the reconnect rather than failing.
      maxRetriesPerRequest: null,
    });
    this.#watch('publisher', this.#publisher);
    this.#watch('subscriber', this.#subscriber);
    this.#subscriber.on('message', (channel: string, message: string) =>
      this.#listener?.message(channel, message),
    );
  }

  listen(listener: TransportListener): void {
    this.#listener = listener;
  }

  /** Resolves once both connections are ready, or rejects after `timeoutMs`. */
  async connected(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.#lastError ?? new Error('no answer')), timeoutMs);
    });
    try {
      await Promise.race([Promise.all([ready(this.#publisher), ready(this.#subscriber)]), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async publish(channel: string, message: string): Promise<number> {
    if (this.#publisher.status !== 'ready') {
      throw new BusUnavailableError(`Redis is not connected (${this.#publisher.status})`);
    }
    try {
      return await this.#publisher.publish(channel, message);
    } catch (error) {
      throw new BusUnavailableError('Redis PUBLISH failed', { cause: error });
    }
  }

  async subscribe(channel: string): Promise<void> {
    await this.#subscriber.subscribe(channel);
  }

  async unsubscribe(channel: string): Promise<void> {
    await this.#subscriber.unsubscribe(channel);
  }

  isAvailable(): boolean {
    return this.#publisher.status === 'ready' && this.#subscriber.status === 'ready';
  }

  async ping(): Promise<void> {
    if (!this.isAvailable()) throw new BusUnavailableError('Redis is not connected');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.#publisher.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no PONG within ${PING_TIMEOUT_MS} ms`)),
            PING_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (error) {
      throw new BusUnavailableError('Redis did not answer PING', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all([quit(this.#publisher), quit(this.#subscriber)]);
  }

  #watch(role: string, client: Redis): void {
    let wasReady = false;
    let outageLogged = false;
    // Without an 'error' listener, an EventEmitter error would kill the process.
    client.on('error', (error: Error) => {
      this.#lastError = error;
      if (this.#closing) return;
      if (!outageLogged) {
        outageLogged = true;
        this.#logger.warn({ connection: role, err: error }, 'Redis connection error; retrying');
      } else {
        this.#logger.debug({ connection: role, err: error }, 'Redis connection error');
      }
    });
    client.on('close', () => {
      if (this.#closing || !wasReady) return;
      wasReady = false;
      if (!outageLogged) {
        outageLogged = true;
        this.#logger.warn({ connection: role }, 'Redis connection lost; reconnecting');
      }
      this.#listener?.down();
    });
    client.on('ready', () => {
      if (outageLogged) this.#logger.info({ connection: role }, 'Redis connection restored');
      wasReady = true;
      outageLogged = false;
    });
  }
}

/** Connection errors can be AggregateErrors with an empty message (IPv4 and IPv6 both refused). */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return error.message || code || error.name;
}

function ready(client: Redis): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => client.once('ready', () => resolve()));
}

/** QUIT when connected (lets Redis flush), otherwise just drop the socket and stop retrying. */
async function quit(client: Redis): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}

/**
 * A bus over Redis at `redisUrl`. Resolves once both connections are ready; rejects with an
 * error naming REDIS_URL when Redis does not answer within `connectTimeoutMs`.
 */
export async function createRedisBus(options: RedisBusOptions): Promise<Bus> {
  const logger = options.logger.child({ module: 'bus', bus: 'redis' });
  const transport = new RedisTransport(options, logger);
  const connectTimeoutMs = options.connectTimeoutMs ?? 5000;
  try {
    await transport.connected(connectTimeoutMs);
  } catch (error) {
    await transport.close();
    const reason = describeError(error);
    throw new BusUnavailableError(
      `Could not connect to Redis at ${redactRedisUrl(options.redisUrl)} (REDIS_URL) within ${connectTimeoutMs} ms: ${reason}. ` +
        'Check that Redis is running and REDIS_URL is right, or unset REDIS_URL to use the in-memory bus.',
      { cause: error },
    );
  }
  try {
    return await PubSubBus.start(transport, options);
  } catch (error) {
    await transport.close();
    throw error;
  }
}
