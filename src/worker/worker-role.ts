import type { RoleDefinition } from '../runtime/index.ts';
import { AUDIT_RETENTION_JOB, pruneAuditLog } from './audit-retention.ts';

/**
 * The worker role: processes the durable jobs. Jobs are sent by any role (or by a cron
 * schedule); several workers share the queue and each job completes once.
 */
export const workerRole: RoleDefinition = {
  name: 'worker',
  async start(context) {
    const { jobs, database, config, logger } = context;
    await jobs.work(
      AUDIT_RETENTION_JOB,
      async () => {
        const deleted = await pruneAuditLog(database.db, config.AUDIT_RETENTION_DAYS);
        logger.info({ deleted, days: config.AUDIT_RETENTION_DAYS }, 'pruned old audit entries');
      },
      { concurrency: 1 },
    );
    // Daily at 04:17 UTC: off the hour, when few people change settings.
    await jobs.schedule(AUDIT_RETENTION_JOB, '17 4 * * *');
    return {
      // The job queue itself drains in-flight jobs when the infrastructure closes.
      stop: async () => {},
    };
  },
};
