export { AUDIT_RETENTION_JOB, pruneAuditLog } from './audit-retention.ts';
export { workerRole } from './worker-role.ts';
