import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Bus, BusEvent, Unsubscribe } from '../../bus/index.ts';
import { ApiError } from '../../http/index.ts';
import type { Logger } from '../../logging/index.ts';
import { SETTINGS_UPDATED_TOPIC, settingsUpdatedEventSchema } from '../../settings/index.ts';
import { MUSIC_QUEUE_TOPIC } from '../bus-contract.ts';
import { musicQueueEventSchema } from '../contract.ts';
import { GuildEventLog, type GuildEventLogLimits } from './guild-event-log.ts';

/** A connected event stream, as the hub sees it. */
export interface EventStreamClient {
  /** Queues an already formatted SSE frame. */
  send(frame: string): void;
  /** Ends the stream (the server is closing). */
  end(): void;
}

export interface GuildEventHubOptions extends GuildEventLogLimits {
  /** How long a guild's log outlives its last client, so a reconnect can still catch up. */
  lingerMs: number;
  /** How long a client waits for the bus subscription before it is refused (bus outage). */
  subscribeTimeoutMs: number;
  now: () => number;
}

export const defaultGuildEventHubOptions: GuildEventHubOptions = {
  maxEvents: 100,
  maxAgeMs: 5 * 60_000,
  maxBytes: 8 * 1024 * 1024,
  lingerMs: 30_000,
  subscribeTimeoutMs: 5_000,
  now: Date.now,
};

/** The event names a client can receive. */
export type GuildStreamEventName = 'ready' | 'resync' | 'queue' | 'settings';

interface GuildChannel {
  clients: Set<EventStreamClient>;
  log: GuildEventLog;
  linger: NodeJS.Timeout | undefined;
}

/** Formats one SSE frame. JSON.stringify escapes newlines, so `data` is one line. */
export function sseFrame(id: string, event: GuildStreamEventName, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/**
 * The live events of the guilds someone watches: queue and player changes (`music.queue`) and
 * settings changes (`settings.updated`) from the bus, fanned out to each guild's streams.
 *
 * Event ids are `<epoch>-<seq>`: `seq` grows by one per event in this process, `epoch` is
 * random per process, so an id from before a restart (or from another api process behind the
 * same load balancer) is recognised as unknown instead of being mistaken for a position here.
 * Each watched guild keeps a bounded log of recent events; a client that reconnects with the
 * id it saw last is sent what it missed, or `resync` when that is no longer known.
 *
 * The bus subscriptions exist while some guild is watched; a guild's log outlives its last
 * client by `lingerMs` (a reconnect after a network blip still catches up), then is dropped.
 */
export class GuildEventHub {
  readonly #options: GuildEventHubOptions;
  readonly #epoch = randomBytes(4).toString('hex');
  readonly #channels = new Map<string, GuildChannel>();
  #seq = 0;
  #subscription: Promise<Unsubscribe[]> | undefined;
  #closed = false;

  constructor(
    private readonly bus: Bus,
    private readonly logger: Pick<Logger, 'warn'>,
    options: Partial<GuildEventHubOptions> = {},
  ) {
    this.#options = { ...defaultGuildEventHubOptions, ...options };
  }

  /**
   * Adds a client to a guild's stream. Before it returns, the client was sent what it needs
   * first: `ready` (no `lastEventId`), the events it missed, or `resync` (the id is unknown or
   * what followed it is gone). Throws 503 EVENTS_UNAVAILABLE when the bus can't subscribe.
   */
  async join(
    guildId: string,
    lastEventId: string | undefined,
    client: EventStreamClient,
  ): Promise<() => void> {
    await this.#subscribed();
    const channel = this.#channel(guildId);
    const cursor = this.#id(this.#seq);
    if (lastEventId === undefined) {
      client.send(sseFrame(cursor, 'ready', { guildId }));
    } else {
      const seen = this.#positionOf(lastEventId);
      const catchup = seen === null ? null : channel.log.since(seen, this.#options.now());
      if (catchup?.kind === 'replay') {
        for (const event of catchup.events) client.send(event.frame);
      } else {
        const reason = catchup === null ? 'unknown-event-id' : 'events-dropped';
        client.send(sseFrame(cursor, 'resync', { guildId, reason }));
      }
    }
    channel.clients.add(client);
    return () => this.#leave(guildId, channel, client);
  }

  /** Guilds watched (or lingering) and connected clients; for tests and metrics. */
  stats(): { guilds: number; clients: number; subscribed: boolean } {
    let clients = 0;
    for (const channel of this.#channels.values()) clients += channel.clients.size;
    return { guilds: this.#channels.size, clients, subscribed: this.#subscription !== undefined };
  }

  /** Ends every stream and drops the subscriptions; joining afterwards is refused. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const channel of this.#channels.values()) {
      clearTimeout(channel.linger);
      for (const client of channel.clients) client.end();
    }
    this.#channels.clear();
    await this.#unsubscribe();
  }

  #channel(guildId: string): GuildChannel {
    let channel = this.#channels.get(guildId);
    if (!channel) {
      channel = { clients: new Set(), log: new GuildEventLog(this.#seq, this.#options), linger: undefined };
      this.#channels.set(guildId, channel);
    }
    clearTimeout(channel.linger);
    channel.linger = undefined;
    return channel;
  }

  #leave(guildId: string, channel: GuildChannel, client: EventStreamClient): void {
    if (!channel.clients.delete(client) || channel.clients.size > 0 || this.#closed) return;
    clearTimeout(channel.linger);
    channel.linger = setTimeout(() => {
      if (channel.clients.size > 0 || this.#channels.get(guildId) !== channel) return;
      this.#channels.delete(guildId);
      if (this.#channels.size === 0) void this.#unsubscribe();
    }, this.#options.lingerMs);
    channel.linger.unref();
  }

  #record(guildId: string, event: 'queue' | 'settings', data: unknown): void {
    const channel = this.#channels.get(guildId);
    if (!channel) return;
    this.#seq += 1;
    const logged = {
      seq: this.#seq,
      frame: sseFrame(this.#id(this.#seq), event, data),
      at: this.#options.now(),
    };
    channel.log.append(logged);
    for (const client of channel.clients) client.send(logged.frame);
  }

  #id(seq: number): string {
    return `${this.#epoch}-${seq}`;
  }

  /** The position an id names in this process, or null when it is not one of ours. */
  #positionOf(id: string): number | null {
    const match = /^([0-9a-f]{8})-(\d{1,15})$/.exec(id);
    if (!match || match[1] !== this.#epoch) return null;
    const seq = Number(match[2]);
    return seq <= this.#seq ? seq : null;
  }

  /** Waits until the bus subscriptions are in place, subscribing if no guild was watched. */
  async #subscribed(): Promise<void> {
    for (;;) {
      if (this.#closed) throw unavailable('the server is shutting down');
      this.#subscription ??= this.#subscribe();
      const subscription = this.#subscription;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(unavailable('the message bus did not answer')),
          this.#options.subscribeTimeoutMs,
        );
      });
      try {
        await Promise.race([subscription, timeout]);
      } catch (error) {
        if (this.#subscription === subscription && !(error instanceof ApiError))
          this.#subscription = undefined;
        throw error instanceof ApiError ? error : unavailable('the message bus refused the subscription');
      } finally {
        clearTimeout(timer);
      }
      // Unsubscribed meanwhile (the last guild's linger ran out): subscribe again.
      if (this.#subscription === subscription) return;
    }
  }

  async #subscribe(): Promise<Unsubscribe[]> {
    return Promise.all([
      this.bus.subscribe(MUSIC_QUEUE_TOPIC, (event: BusEvent<unknown>) => {
        const parsed = musicQueueEventSchema.safeParse(event.payload);
        if (!parsed.success) return this.#ignore(MUSIC_QUEUE_TOPIC, parsed.error);
        this.#record(parsed.data.guildId, 'queue', parsed.data);
      }),
      this.bus.subscribe(SETTINGS_UPDATED_TOPIC, (event: BusEvent<unknown>) => {
        const parsed = settingsUpdatedEventSchema.safeParse(event.payload);
        if (!parsed.success) return this.#ignore(SETTINGS_UPDATED_TOPIC, parsed.error);
        this.#record(parsed.data.guildId, 'settings', parsed.data);
      }),
    ]);
  }

  async #unsubscribe(): Promise<void> {
    const subscription = this.#subscription;
    this.#subscription = undefined;
    if (!subscription) return;
    try {
      await Promise.all((await subscription).map((unsubscribe) => unsubscribe()));
    } catch (error) {
      this.logger.warn({ err: error }, 'live events: failed to drop the bus subscriptions');
    }
  }

  #ignore(topic: string, error: z.ZodError): void {
    this.logger.warn(
      { topic, issues: error.issues.slice(0, 5) },
      'live events: ignored a malformed bus event',
    );
  }
}

function unavailable(why: string): ApiError {
  return new ApiError(
    503,
    'EVENTS_UNAVAILABLE',
    `Live updates are unavailable right now (${why}); try again shortly.`,
  );
}
