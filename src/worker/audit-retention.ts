import { lt } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { tables } from '../db/index.ts';

export const AUDIT_RETENTION_JOB = 'audit.retention';

/** Deletes audit entries older than `days`; returns how many went. */
export async function pruneAuditLog(db: Db, days: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const deleted = await db
    .delete(tables.auditLog)
    .where(lt(tables.auditLog.createdAt, cutoff))
    .returning({ id: tables.auditLog.id });
  return deleted.length;
}
