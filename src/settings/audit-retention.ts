import { lt } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { auditLog } from './schema.ts';

export const AUDIT_RETENTION_JOB = 'audit.retention';

/** Deletes audit entries older than `days`; returns how many went. */
export async function pruneAuditLog(db: Db, days: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const deleted = await db
    .delete(auditLog)
    .where(lt(auditLog.createdAt, cutoff))
    .returning({ id: auditLog.id });
  return deleted.length;
}
