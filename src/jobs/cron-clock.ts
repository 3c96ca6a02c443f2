import cronParser from 'cron-parser';
import { v5 as uuidV5 } from 'uuid';
import type { Logger } from '../logging/index.ts';

/** Where the time comes from: the system clock in production, a clock the test sets in tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A schedule's match is still sent this long after it fell due, so a tick that comes late
 * (a busy process, a supervisor that took over) still fires it. pg-boss uses the same minute.
 */
export const CATCH_UP_MS = 60_000;

/** Fixed namespace of firing ids: uuid v5 of (queue, due time) is the same in every process. */
const FIRING_NAMESPACE = '3f0e8f3c-5a57-4a43-9a3a-2f3b8f1f6c1d';

export interface StoredSchedule {
  name: string;
  cron: string;
  timezone: string;
  data: unknown;
  options: Record<string, unknown> | null;
}

export interface CronClockOptions {
  clock: Clock;
  logger: Logger;
  schedules(): Promise<StoredSchedule[]>;
  /** Sends one job with the given id; answers null when a job with that id already exists. */
  send(
    name: string,
    data: unknown,
    options: Record<string, unknown> & { id: string },
  ): Promise<string | null>;
}

/** One firing a tick sent. */
export interface Firing {
  name: string;
  dueAt: Date;
  jobId: string;
}

/**
 * Turns stored schedules into jobs. Replaces pg-boss's timekeeper, which asks the local clock
 * for the last match and the database clock for "now", and deduplicates by the database's
 * current minute: a window that crosses a minute boundary can then send twice, and no test can
 * set its time. Here one clock answers both questions, and each firing's job id is derived from
 * (queue, due time), so however many ticks or supervising processes see a match, PostgreSQL's
 * primary key lets exactly one job in.
 */
export class CronClock {
  readonly #options: CronClockOptions;
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<Firing[]> | undefined;

  constructor(options: CronClockOptions) {
    this.#options = options;
  }

  /** Ticks every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    if (this.#timer) return;
    const run = () =>
      void this.tick().catch((error: unknown) =>
        this.#options.logger.error({ err: error }, 'cron tick failed; the next tick retries'),
      );
    setImmediate(run);
    this.#timer = setInterval(run, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#ticking?.catch(() => undefined);
  }

  /** Sends every schedule whose latest match is due and under a minute old; answers what it sent. */
  tick(): Promise<Firing[]> {
    // One tick at a time per process: a slow database must not stack ticks up.
    this.#ticking ??= this.#tick().finally(() => {
      this.#ticking = undefined;
    });
    return this.#ticking;
  }

  async #tick(): Promise<Firing[]> {
    const now = this.#options.clock.now();
    const fired: Firing[] = [];
    for (const schedule of await this.#options.schedules()) {
      const dueAt = latestMatch(schedule.cron, schedule.timezone, now);
      if (now.getTime() - dueAt.getTime() >= CATCH_UP_MS) continue;
      const { tz: _tz, ...sendOptions } = schedule.options ?? {};
      const id = firingId(schedule.name, dueAt);
      const jobId = await this.#options.send(schedule.name, schedule.data, { ...sendOptions, id });
      if (jobId) fired.push({ name: schedule.name, dueAt, jobId });
    }
    return fired;
  }
}

/** The most recent time at or before `now` that `cron` matches in `timezone`. */
export function latestMatch(cron: string, timezone: string, now: Date): Date {
  // prev() is strictly before its start: start 1 ms later so a match at `now` itself counts.
  const start = new Date(now.getTime() + 1);
  return cronParser.parseExpression(cron, { currentDate: start, tz: timezone }).prev().toDate();
}

/** The job id of a schedule's firing at `dueAt`: the same in every process. */
export function firingId(name: string, dueAt: Date): string {
  return uuidV5(`${name}@${dueAt.toISOString()}`, FIRING_NAMESPACE);
}
