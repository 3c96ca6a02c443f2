import { performance } from 'node:perf_hooks';
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { type Logger, newCorrelationId, withCorrelationId } from '../logging/index.ts';
import type { JobMetrics } from './job-metrics.ts';
import { jobEnvelopeSchema } from './job-options.ts';
import type { ClaimedJob } from './queue-worker.ts';

/** What a handler learns about the job it runs. */
export interface JobContext {
  id: string;
  name: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  attempt: number;
  /** The sender's correlation id, or a fresh one; the handler already runs under it. */
  correlationId: string;
  /** Aborts when the attempt expires or the worker stops before the handler finished. */
  signal: AbortSignal;
}

/** Does the work of one job. Its return value is stored as the job's output. */
export type JobHandler<T> = (data: T, job: JobContext) => Promise<unknown>;

/** Data that can never succeed, whatever the retry: the job fails for good. */
class InvalidJobDataError extends Error {
  override readonly name = 'InvalidJobDataError';
}

export interface JobRunnerOptions<T> {
  boss: PgBoss;
  /** pg-boss's schema, for the one statement pg-boss has no API for. */
  schema: string;
  logger: Logger;
  metrics: JobMetrics;
  handler: JobHandler<T>;
  dataSchema: z.ZodType<T> | undefined;
}

/** Runs claimed jobs of one queue: unwraps and validates data, calls the handler, settles the job. */
export class JobRunner<T> {
  readonly #options: JobRunnerOptions<T>;

  constructor(options: JobRunnerOptions<T>) {
    this.#options = options;
  }

  /** Never rejects: every outcome ends in complete or fail (a failed settle is logged). */
  run(job: ClaimedJob, signal: AbortSignal): Promise<void> {
    const envelope = jobEnvelopeSchema.safeParse(job.data);
    const correlationId = (envelope.success ? envelope.data.correlationId : undefined) ?? newCorrelationId();
    return withCorrelationId(correlationId, async () => {
      const { logger, metrics, handler } = this.#options;
      const log = logger.child({ queue: job.name, jobId: job.id, attempt: job.retryCount + 1 });
      const started = performance.now();
      const elapsed = () => (performance.now() - started) / 1000;
      let output: unknown;
      try {
        if (!envelope.success) throw new InvalidJobDataError('the job was not sent through JobQueue.send');
        const data = this.#validate(envelope.data.payload);
        const context: JobContext = {
          id: job.id,
          name: job.name,
          attempt: job.retryCount + 1,
          correlationId,
          signal,
        };
        output = await untilAborted(handler(data, context), signal);
      } catch (error) {
        metrics.attemptFinished(job.name, 'failed', elapsed());
        await this.#fail(job, error, log);
        return;
      }
      metrics.attemptFinished(job.name, 'completed', elapsed());
      try {
        await this.#options.boss.complete(job.name, job.id, output as object);
        log.debug('job completed');
      } catch (error) {
        // The row stays active: pg-boss's maintenance fails it at expiry and it runs again.
        log.error({ err: error }, 'could not mark the job completed; it will run again after it expires');
      }
    });
  }

  #validate(payload: unknown): T {
    const { dataSchema } = this.#options;
    if (!dataSchema) return payload as T;
    const result = dataSchema.safeParse(payload);
    if (!result.success) throw new InvalidJobDataError(`invalid job data: ${z.prettifyError(result.error)}`);
    return result.data;
  }

  async #fail(job: ClaimedJob, error: unknown, log: Logger): Promise<void> {
    const { boss, schema } = this.#options;
    const final = error instanceof InvalidJobDataError || job.retryCount >= job.retryLimit;
    if (final) log.error({ err: error }, 'job failed for good');
    else log.warn({ err: error }, 'job attempt failed; it will be retried');
    try {
      if (error instanceof InvalidJobDataError) {
        // pg-boss retries every failure while retry_count < retry_limit and has no call to
        // fail for good: lower this active attempt's limit so the fail below is final.
        await boss
          .getDb()
          .executeSql(
            `UPDATE ${schema}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2 AND state = 'active'`,
            [job.name, job.id],
          );
      }
      await boss.fail(job.name, job.id, toOutput(error));
    } catch (settleError) {
      log.error({ err: settleError }, 'could not mark the job failed; it will run again after it expires');
    }
  }
}

/** pg-boss stores the failure as the job's output: keep what an operator needs to read it. */
function toOutput(error: unknown): object {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { message: String(error) };
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
