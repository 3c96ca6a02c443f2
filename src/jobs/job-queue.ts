import PgBoss from 'pg-boss';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { Database } from '../db/index.ts';
import { currentCorrelationId, type Logger } from '../logging/index.ts';
import { type Clock, CronClock, type Firing, type StoredSchedule, systemClock } from './cron-clock.ts';
import { JobMetrics } from './job-metrics.ts';
import {
  type JobEnvelope,
  JobValidationError,
  jobEnvelopeSchema,
  parseOrThrow,
  queueNameSchema,
  type RetryPolicy,
  retryPolicySchema,
  type ScheduleOptions,
  type SendOptions,
  scheduleOptionsSchema,
  sendOptionsSchema,
  type WorkOptions,
  workOptionsSchema,
} from './job-options.ts';
import { type JobHandler, JobRunner } from './job-runner.ts';
import { createPgBossDb } from './pg-boss-adapter.ts';
import { type ClaimedJob, QueueWorker } from './queue-worker.ts';

/** Retry policy of jobs that name none: 3 retries, 10 s · 2^n backoff, 15 min per attempt. */
export const DEFAULT_RETRY_POLICY: Required<RetryPolicy> = {
  retryLimit: 3,
  retryDelay: 10,
  retryBackoff: true,
  expireInSeconds: 15 * 60,
};

export interface JobQueueOptions {
  database: Database;
  logger: Logger;
  /** Where job metrics go; none are recorded when absent. */
  registry?: Registry;
  /**
   * Run the cron clock (turning schedules into jobs) and pg-boss's maintenance (failing expired
   * attempts, archiving old jobs) in this instance. The worker role sets it; several
   * supervising instances are fine: each firing has one job id, so only one job is created.
   */
  supervise?: boolean;
  /** The time schedules are read against; the system clock unless a test sets one. */
  clock?: Clock;
  /** Retry policy of jobs whose sender names none; DEFAULT_RETRY_POLICY fills the gaps. */
  defaults?: RetryPolicy;
  /** PostgreSQL schema of pg-boss's tables, apart from Drizzle's. */
  schema?: string;
  /** Ticks of the supervisor, in seconds. The defaults (cron 30, maintenance 120) suit production; tests shorten them. */
  intervals?: { cronMonitorSeconds?: number; maintenanceSeconds?: number };
}

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** A job as stored, for status pages and tests. */
export interface JobInfo {
  id: string;
  name: string;
  state: JobState;
  data: unknown;
  correlationId: string | undefined;
  /** Retries so far (attempts − 1 once it has run). */
  retryCount: number;
  retryLimit: number;
  /** The handler's return value once completed; the error (name, message, stack) once failed. */
  output: unknown;
  createdOn: Date;
  startAfter: Date;
  startedOn: Date | null;
  completedOn: Date | null;
}

/** What `work()` accepts besides concurrency and polling: a zod schema checked against each job's data. */
export type WorkerOptions<T> = WorkOptions & { schema?: z.ZodType<T> };

const jobIdSchema = z.uuid();

/**
 * The durable job queue (pg-boss on PostgreSQL or PGlite). Any role may `send` and `schedule`;
 * only the worker role calls `work`. The rest of the app uses this class, never pg-boss.
 */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #logger: Logger;
  readonly #metrics: JobMetrics;
  readonly #schema: string;
  readonly #database: Database;
  readonly #queues = new Map<string, Promise<void>>();
  readonly #workers = new Map<string, QueueWorker>();
  readonly #cron: CronClock | undefined;
  readonly #cronIntervalMs: number;
  #starting: Promise<void> | undefined;
  #started = false;

  constructor(options: JobQueueOptions) {
    this.#logger = options.logger.child({ component: 'jobs' });
    this.#metrics = new JobMetrics(options.registry);
    this.#schema = options.schema ?? 'pgboss';
    this.#database = options.database;
    const defaults = {
      ...DEFAULT_RETRY_POLICY,
      ...parseOrThrow(retryPolicySchema, options.defaults ?? {}, 'job defaults'),
    };
    const { cronMonitorSeconds = 30, maintenanceSeconds } = options.intervals ?? {};
    this.#boss = new PgBoss({
      db: createPgBossDb(options.database),
      schema: this.#schema,
      migrate: true,
      supervise: options.supervise ?? false,
      // Our CronClock turns schedules into jobs (see cron-clock.ts for why not pg-boss's).
      schedule: false,
      ...defaults,
      // pg-boss asserts on any of these keys that is present, even when undefined.
      ...(maintenanceSeconds === undefined ? {} : { maintenanceIntervalSeconds: maintenanceSeconds }),
    });
    this.#cronIntervalMs = cronMonitorSeconds * 1000;
    this.#cron = options.supervise
      ? new CronClock({
          clock: options.clock ?? systemClock,
          logger: this.#logger,
          schedules: () => this.#storedSchedules(),
          send: (name, data, sendOptions) => this.#boss.send(name, data as object, sendOptions),
        })
      : undefined;
    // Without a listener an 'error' event would throw; pg-boss reports transient failures of
    // its background loops this way, and they recover on the next tick.
    this.#boss.on('error', (error) => this.#logger.error({ err: error }, 'pg-boss background error'));
  }

  /** Creates or migrates pg-boss's schema (and starts supervision if asked). Runs no jobs. */
  start(): Promise<void> {
    this.#starting ??= this.#boss.start().then(
      () => {
        this.#started = true;
        this.#cron?.start(this.#cronIntervalMs);
      },
      (error: unknown) => {
        this.#starting = undefined;
        throw error;
      },
    );
    return this.#starting;
  }

  /**
   * Queues a job and returns its id (null when `singletonKey` deduplicated it). The current
   * correlation id travels with it.
   */
  async send<T>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    this.#assertStarted();
    const queue = parseOrThrow(queueNameSchema, name, 'queue name');
    const parsed = parseOrThrow(sendOptionsSchema, options, `options of job ${queue}`);
    await this.#ensureQueue(queue);
    const envelope: JobEnvelope = { payload: data, correlationId: currentCorrelationId() };
    return this.#boss.send(queue, envelope, definedOnly(parsed));
  }

  /**
   * Runs `handler` for jobs of `name` until stop(). A job whose data fails `options.schema`
   * fails at once, without retries. A handler that throws fails the attempt (retried per policy).
   */
  async work<T>(name: string, handler: JobHandler<T>, options: WorkerOptions<T> = {}): Promise<void> {
    this.#assertStarted();
    const queue = parseOrThrow(queueNameSchema, name, 'queue name');
    const { schema, ...rest } = options;
    const { concurrency, pollIntervalSeconds } = parseOrThrow(
      workOptionsSchema,
      rest,
      `worker options of ${queue}`,
    );
    if (this.#workers.has(queue)) throw new Error(`this JobQueue already works queue ${queue}`);
    await this.#ensureQueue(queue);
    const runner = new JobRunner({
      boss: this.#boss,
      schema: this.#schema,
      logger: this.#logger,
      metrics: this.#metrics,
      handler,
      dataSchema: schema,
    });
    const worker = new QueueWorker({
      name: queue,
      concurrency,
      pollIntervalMs: pollIntervalSeconds * 1000,
      logger: this.#logger,
      claim: async (count) => {
        const jobs = await this.#boss.fetch<unknown>(queue, { batchSize: count, includeMetadata: true });
        return jobs.map(toClaimedJob);
      },
      execute: (job, signal) => runner.run(job, signal),
    });
    this.#workers.set(queue, worker);
    worker.start();
  }

  /** Sends a job to `name` on every match of `cron` (minute granularity, 5 fields). Replaces an earlier schedule of `name`. */
  async schedule(name: string, cron: string, data?: unknown, options: ScheduleOptions = {}): Promise<void> {
    this.#assertStarted();
    const queue = parseOrThrow(queueNameSchema, name, 'queue name');
    const parsed = parseOrThrow(scheduleOptionsSchema, options, `schedule options of ${queue}`);
    await this.#ensureQueue(queue);
    // No correlation id: each firing is new work and gets its own. `null`, not undefined, for a
    // schedule without data: JSON drops an undefined key, and an envelope without `payload` is
    // refused when the job runs (every firing of a data-less schedule failed that way).
    const envelope: JobEnvelope = { payload: data ?? null };
    try {
      await this.#boss.schedule(queue, cron, envelope, definedOnly(parsed));
    } catch (error) {
      // Database errors carry a SQLSTATE; anything else is pg-boss refusing the expression.
      if (typeof error === 'object' && error !== null && 'code' in error) throw error;
      throw new JobValidationError(
        `invalid cron expression "${cron}" for ${queue}: ${(error as Error).message}`,
      );
    }
  }

  async unschedule(name: string): Promise<void> {
    this.#assertStarted();
    await this.#boss.unschedule(parseOrThrow(queueNameSchema, name, 'queue name'));
  }

  /** The stored schedules (queue name, cron expression, time zone). */
  async schedules(): Promise<{ name: string; cron: string; timezone: string }[]> {
    this.#assertStarted();
    const rows = await this.#storedSchedules();
    return rows.map(({ name, cron, timezone }) => ({ name, cron, timezone }));
  }

  /**
   * One tick of the cron clock now, besides its timer: sends each schedule whose latest match
   * is under a minute old, once per match. Only a supervising queue has a clock.
   */
  async runSchedules(): Promise<Firing[]> {
    this.#assertStarted();
    if (!this.#cron) throw new Error('only a supervising JobQueue runs schedules');
    return this.#cron.tick();
  }

  async #storedSchedules(): Promise<StoredSchedule[]> {
    return (await this.#boss.getSchedules()) as unknown as StoredSchedule[];
  }

  /** A job by queue and id, archived ones included; null when unknown. */
  async getJob(name: string, id: string): Promise<JobInfo | null> {
    this.#assertStarted();
    const queue = parseOrThrow(queueNameSchema, name, 'queue name');
    const jobId = parseOrThrow(jobIdSchema, id, 'job id');
    const job = await this.#boss.getJobById<unknown>(queue, jobId, { includeArchive: true });
    if (!job) return null;
    const envelope = jobEnvelopeSchema.safeParse(job.data);
    return {
      id: job.id,
      name: job.name,
      state: job.state,
      data: envelope.success ? envelope.data.payload : job.data,
      correlationId: envelope.success ? envelope.data.correlationId : undefined,
      retryCount: job.retryCount,
      retryLimit: job.retryLimit,
      output: job.output,
      createdOn: job.createdOn,
      startAfter: job.startAfter,
      startedOn: job.startedOn,
      completedOn: job.completedOn,
    };
  }

  /** Readiness: one cheap statement through the queue's connection, which also proves pg-boss's schema is there. */
  async ping(): Promise<void> {
    await this.#database.query(`SELECT version FROM ${this.#schema}.version`);
  }

  /**
   * Stops claiming jobs and drains running handlers: all of them when `graceful` (the default),
   * for at most `timeoutMs`; jobs still running then are failed so they retry elsewhere.
   */
  async stop(options: { graceful?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const graceful = options.graceful ?? true;
    const timeoutMs = options.timeoutMs ?? 30_000;
    const workers = [...this.#workers.entries()];
    this.#workers.clear();
    const results = await Promise.all(workers.map(([, worker]) => worker.stop({ graceful, timeoutMs })));
    const interrupted = results.reduce((sum, result) => sum + result.interrupted, 0);
    if (interrupted > 0)
      this.#logger.warn({ interrupted }, 'jobs still running at stop were failed for retry');
    if (this.#starting) await this.#starting.catch(() => undefined);
    await this.#cron?.stop();
    // Our workers and clock are stopped; pg-boss only has its maintenance left to stop.
    await this.#boss.stop({ graceful: false, wait: true });
    this.#starting = undefined;
    this.#started = false;
    this.#queues.clear();
  }

  /** pg-boss 10 needs a queue row before jobs can be sent to it; creating one is idempotent. */
  #ensureQueue(name: string): Promise<void> {
    let ready = this.#queues.get(name);
    if (!ready) {
      ready = this.#boss.createQueue(name).catch((error: unknown) => {
        this.#queues.delete(name);
        throw error;
      });
      this.#queues.set(name, ready);
    }
    return ready;
  }

  #assertStarted(): void {
    if (!this.#started) throw new Error('JobQueue.start() must finish before the queue is used');
  }
}

/** pg-boss asserts on every option key present, so keys holding undefined must go. */
function definedOnly<T extends object>(options: T): T {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as T;
}

function toClaimedJob(job: PgBoss.JobWithMetadata<unknown>): ClaimedJob {
  return {
    id: job.id,
    name: job.name,
    data: job.data,
    retryCount: job.retryCount,
    retryLimit: job.retryLimit,
    // PostgreSQL's EXTRACT returns numeric, which both drivers hand over as a string.
    expireInSeconds: Number(job.expireInSeconds),
  };
}
