import type { Logger } from '../logging/index.ts';

/** A job pg-boss handed to this worker (its row is now `active`, so no other worker gets it). */
export interface ClaimedJob {
  id: string;
  name: string;
  data: unknown;
  /** Attempts before this one. */
  retryCount: number;
  retryLimit: number;
  expireInSeconds: number;
}

/** Abort reason of a job still running when its worker stopped (drain timeout or forced stop). */
export class JobStoppedError extends Error {
  override readonly name = 'JobStoppedError';
  constructor() {
    super('the worker stopped while the job was running');
  }
}

/** Abort reason of a job that ran past its `expireInSeconds`. */
export class JobExpiredError extends Error {
  override readonly name = 'JobExpiredError';
  constructor(seconds: number) {
    super(`the job ran longer than its expireInSeconds (${seconds} s)`);
  }
}

export interface QueueWorkerOptions {
  name: string;
  concurrency: number;
  pollIntervalMs: number;
  logger: Logger;
  /** Claims up to `count` jobs that are due. */
  claim(count: number): Promise<ClaimedJob[]>;
  /**
   * Runs one claimed job to its end (handler, then complete or fail). `signal` aborts when the
   * job expires or the worker stops before it finished; the job must then be failed, not completed.
   */
  execute(job: ClaimedJob, signal: AbortSignal): Promise<void>;
}

interface RunningJob {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Polls one queue and runs up to `concurrency` of its jobs at once. Written over pg-boss's
 * fetch/complete/fail rather than its `work()` because `work()` completes jobs without
 * awaiting (a database error there is an unhandled rejection) and cannot drain on stop.
 */
export class QueueWorker {
  readonly #options: QueueWorkerOptions;
  readonly #running = new Map<string, RunningJob>();
  #stopping = false;
  #loop: Promise<void> = Promise.resolve();
  #wake: (() => void) | undefined;
  #waitingForSlot = false;

  constructor(options: QueueWorkerOptions) {
    this.#options = options;
  }

  /** Jobs whose handler is running now. */
  get activeCount(): number {
    return this.#running.size;
  }

  start(): void {
    this.#loop = this.#poll();
  }

  /**
   * Stops claiming jobs, then waits for running ones (all of them when `graceful`, up to
   * `timeoutMs`). Jobs still running after that are aborted and failed, so they retry
   * (here or in another worker) instead of waiting for their expiry. Resolves with how many
   * were cut short.
   */
  async stop(options: { graceful: boolean; timeoutMs: number }): Promise<{ interrupted: number }> {
    this.#stopping = true;
    this.#wake?.();
    // A claim already in flight finishes; its jobs are running now and drain with the others.
    await this.#loop;
    if (options.graceful && this.#running.size > 0) {
      await settledWithin(
        [...this.#running.values()].map((job) => job.done),
        options.timeoutMs,
      );
    }
    const leftovers = [...this.#running.values()];
    for (const job of leftovers) job.controller.abort(new JobStoppedError());
    await Promise.allSettled(leftovers.map((job) => job.done));
    return { interrupted: leftovers.length };
  }

  async #poll(): Promise<void> {
    const { concurrency, pollIntervalMs, claim, logger, name } = this.#options;
    while (!this.#stopping) {
      const free = concurrency - this.#running.size;
      if (free <= 0) {
        this.#waitingForSlot = true;
        await this.#pause();
        this.#waitingForSlot = false;
        continue;
      }
      let jobs: ClaimedJob[] = [];
      try {
        jobs = await claim(free);
      } catch (error) {
        logger.error({ err: error, queue: name }, 'claiming jobs failed');
      }
      for (const job of jobs) this.#launch(job);
      // A full batch suggests more are waiting: claim again at once instead of sleeping.
      if (jobs.length < free) await this.#pause(pollIntervalMs);
    }
  }

  #launch(job: ClaimedJob): void {
    const controller = new AbortController();
    const expiry = setTimeout(
      () => controller.abort(new JobExpiredError(job.expireInSeconds)),
      job.expireInSeconds * 1000,
    );
    const done = this.#options
      .execute(job, controller.signal)
      .catch((error: unknown) => {
        this.#options.logger.error({ err: error, queue: job.name, jobId: job.id }, 'job execution crashed');
      })
      .finally(() => {
        clearTimeout(expiry);
        this.#running.delete(job.id);
        if (this.#waitingForSlot) this.#wake?.();
      });
    this.#running.set(job.id, { controller, done });
  }

  /** Sleeps `ms` (forever when absent) or until woken by stop() or a freed slot. */
  #pause(ms?: number): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(wake, ms);
      this.#wake = wake;
    });
  }
}

async function settledWithin(promises: Promise<unknown>[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  try {
    await Promise.race([Promise.allSettled(promises), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
