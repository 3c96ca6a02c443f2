/**
 * A counting semaphore: at most `limit` tasks run at once, the others wait in order. Small enough
 * not to warrant a dependency (p-limit is not installed, and this is all of it we would use).
 */
export class Semaphore {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError('a semaphore needs a limit of at least 1');
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#active += 1;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake it.
      if (next) next();
      else this.#active -= 1;
    }
  }
}
