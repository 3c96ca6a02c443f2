export { type Clock, type Firing, systemClock } from './cron-clock.ts';
export {
  JobValidationError,
  type RetryPolicy,
  type ScheduleOptions,
  type SendOptions,
  type WorkOptions,
} from './job-options.ts';
export {
  DEFAULT_RETRY_POLICY,
  type JobInfo,
  JobQueue,
  type JobQueueOptions,
  type JobState,
  type WorkerOptions,
} from './job-queue.ts';
export type { JobContext, JobHandler } from './job-runner.ts';
export { JobExpiredError, JobStoppedError } from './queue-worker.ts';
