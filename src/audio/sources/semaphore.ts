/**
 * A counting semaphore: at most `limit` tasks run at once, the others wait in order. Small enough
 * not to warrant a dependency (p-limit is not installed, and this is all of it we would use).
 */
export class Semaphore {
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #onChange: ((running: number, waiting: number) => void) | undefined;

  /** `onChange` hears every change of the running and waiting counts (for gauges). */
  constructor(
    readonly limit: number,
    onChange?: (running: number, waiting: number) => void,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError('a semaphore needs a limit of at least 1');
    this.#onChange = onChange;
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) {
      const turn = new Promise<void>((resolve) => this.#waiting.push(resolve));
      this.#changed();
      await turn;
    } else {
      this.#active += 1;
      this.#changed();
    }
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake it.
      if (next) next();
      else this.#active -= 1;
      this.#changed();
    }
  }

  #changed(): void {
    this.#onChange?.(this.#active, this.#waiting.length);
  }
}
