/** One event kept for replay: its position in the process's sequence and its wire form. */
export interface LoggedEvent {
  seq: number;
  /** The whole SSE frame (`id:`, `event:`, `data:`), serialized once for every client. */
  frame: string;
  at: number;
}

export interface GuildEventLogLimits {
  /** Events kept at most. */
  maxEvents: number;
  /** Events older than this are dropped. */
  maxAgeMs: number;
  /** Frames kept at most, in characters (~bytes: JSON is mostly ASCII; a 100-track queue is ~80 KB). */
  maxBytes: number;
}

/** What a reconnecting client with a given last seen position gets. */
export type Catchup = { kind: 'replay'; events: LoggedEvent[] } | { kind: 'gap' };

/**
 * The recent events of one guild, bounded by count, age and size. It remembers from where on
 * it is complete (`completeAfter`: every event of the guild with a later position is here),
 * so it can tell "nothing happened since" from "what happened since is gone".
 */
export class GuildEventLog {
  readonly #events: LoggedEvent[] = [];
  #bytes = 0;

  /**
   * @param completeAfter The process's position when the guild started being recorded;
   *   nothing before it is known.
   */
  constructor(
    private completeAfter: number,
    private readonly limits: GuildEventLogLimits,
  ) {}

  append(event: LoggedEvent): void {
    this.#events.push(event);
    this.#bytes += event.frame.length;
    this.prune(event.at);
    while (this.#events.length > this.limits.maxEvents || this.#bytes > this.limits.maxBytes) {
      this.#dropOldest();
    }
  }

  /** The events after position `seq`, or `gap` when some of them were dropped (or never seen). */
  since(seq: number, now: number): Catchup {
    this.prune(now);
    if (seq < this.completeAfter) return { kind: 'gap' };
    return { kind: 'replay', events: this.#events.filter((event) => event.seq > seq) };
  }

  /** Drops what is older than the age limit. */
  prune(now: number): void {
    const oldest = now - this.limits.maxAgeMs;
    while (this.#events.length > 0 && (this.#events[0]?.at ?? now) < oldest) this.#dropOldest();
  }

  get size(): number {
    return this.#events.length;
  }

  #dropOldest(): void {
    const dropped = this.#events.shift();
    if (!dropped) return;
    this.#bytes -= dropped.frame.length;
    this.completeAfter = dropped.seq;
  }
}
