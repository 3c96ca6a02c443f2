import { z } from 'zod';

/**
 * Queue names: letters, digits, `_`, `-`, `.` and `:`. pg-boss keeps its own queues under
 * `__pgboss__`, so that prefix is refused.
 */
export const queueNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'queue names use letters, digits, _ - . and : only')
  .refine((name) => !name.startsWith('__pgboss__'), 'the __pgboss__ prefix belongs to pg-boss');

const seconds = z.number().finite().nonnegative();

/** Retry and expiry policy of a job; every field falls back to the queue's defaults. */
export const retryPolicySchema = z.object({
  /** Retries after the first attempt (so `retryLimit: 2` means up to 3 attempts). */
  retryLimit: z.number().int().min(0).max(100).optional(),
  /** Seconds before a retry; with backoff, the base of the exponential delay. */
  retryDelay: z.number().int().min(0).optional(),
  /** Exponential backoff with jitter: the n-th retry waits between d·2^(n-1) and d·2^n seconds. */
  retryBackoff: z.boolean().optional(),
  /** An attempt running longer than this is failed (and retried). pg-boss allows up to 24 h. */
  expireInSeconds: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600 - 1)
    .optional(),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

export const sendOptionsSchema = retryPolicySchema
  .extend({
    /** When the job may start: a moment, or seconds from now. */
    startAfter: z.union([z.date(), seconds]).optional(),
    /** With `singletonSeconds`: at most one job per key in each slot of that many seconds. */
    singletonKey: z.string().min(1).max(200).optional(),
    singletonSeconds: z.number().int().min(1).optional(),
  })
  .strict()
  .refine((options) => options.singletonKey === undefined || options.singletonSeconds !== undefined, {
    // pg-boss 10 ignores a bare singleton key on standard queues: refuse it rather than
    // let callers believe they deduplicate.
    message: 'singletonKey needs singletonSeconds (the window in which jobs with that key are deduplicated)',
    path: ['singletonSeconds'],
  });
export type SendOptions = z.input<typeof sendOptionsSchema>;

export const workOptionsSchema = z
  .object({
    /** Jobs of this queue this instance runs at once. */
    concurrency: z.number().int().min(1).max(100).default(1),
    /** Seconds between polls while the queue is empty (pg-boss's floor is 0.5). */
    pollIntervalSeconds: z.number().min(0.5).max(3600).default(2),
  })
  .strict();
export type WorkOptions = z.input<typeof workOptionsSchema>;

export const scheduleOptionsSchema = retryPolicySchema
  .extend({
    /** IANA time zone the cron expression is read in. */
    tz: z.string().min(1).default('UTC'),
  })
  .strict();
export type ScheduleOptions = z.input<typeof scheduleOptionsSchema>;

/**
 * What we store as pg-boss's `data`: the caller's payload plus the correlation id of the work
 * that sent it, so the handler can carry on under the same id.
 */
export const jobEnvelopeSchema = z.object({
  payload: z.unknown(),
  correlationId: z.string().min(1).optional(),
});
export type JobEnvelope = z.infer<typeof jobEnvelopeSchema>;

/** Thrown for options or data that fail validation, with zod's explanation. */
export class JobValidationError extends Error {
  override readonly name = 'JobValidationError';
}

/** Parses `value` with `schema`, answering bad input with a readable error. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new JobValidationError(`invalid ${what}: ${z.prettifyError(result.error)}`);
  return result.data;
}
