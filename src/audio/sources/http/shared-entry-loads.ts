/** One load's view of the shared entries: ask for entries, then say when the load is over. */
export interface EntryLoadScope<T> {
  /** The entry's result: joined when in flight or settled since this load began, else started. */
  get(key: string, start: () => Promise<T>): Promise<T>;
  end(): void;
}

interface SharedEntry<T> {
  result: Promise<T>;
  /** The clock when the work settled; null while it is in flight. */
  settledAt: number | null;
}

/**
 * Lets playlist loads that overlap share the work of one entry URL (its fetch and ffmpeg probe):
 * ten members loading the same playlist at once cost one fetch per entry, not ten. A load joins
 * work still in flight, and reuses a result only if it settled after the load began, so it never
 * gets an answer older than itself. Settled results are forgotten as soon as no running load
 * began before them; nothing outlives the loads that overlapped it. Failures are shared too.
 *
 * Time is a counter, not the wall clock: only the order of events matters.
 */
export class SharedEntryLoads<T> {
  #clock = 0;
  /** When each running load began. */
  readonly #running = new Set<number>();
  readonly #entries = new Map<string, SharedEntry<T>>();

  begin(): EntryLoadScope<T> {
    const began = ++this.#clock;
    this.#running.add(began);
    return {
      get: (key, start) => this.#get(key, began, start),
      end: () => {
        this.#running.delete(began);
        this.#prune();
      },
    };
  }

  /** Entries held now, in flight or settled (for tests and debugging). */
  get size(): number {
    return this.#entries.size;
  }

  #get(key: string, began: number, start: () => Promise<T>): Promise<T> {
    const shared = this.#entries.get(key);
    if (shared && (shared.settledAt === null || shared.settledAt > began)) return shared.result;
    const entry: SharedEntry<T> = { result: Promise.resolve().then(start), settledAt: null };
    this.#entries.set(key, entry);
    const settle = () => {
      entry.settledAt = ++this.#clock;
      this.#prune();
    };
    entry.result.then(settle, settle);
    return entry.result;
  }

  /** Drops settled results no running load may reuse: those that settled before every one began. */
  #prune(): void {
    let oldest = Number.POSITIVE_INFINITY;
    for (const began of this.#running) oldest = Math.min(oldest, began);
    for (const [key, entry] of this.#entries) {
      if (entry.settledAt !== null && entry.settledAt < oldest) this.#entries.delete(key);
    }
  }
}
