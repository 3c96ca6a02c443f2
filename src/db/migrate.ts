import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { Database } from './client.ts';

/** The SQL files drizzle-kit generated from `schema.ts`, shipped with the package. */
export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** Advisory lock key held while migrating: any constant unique to Gramophone. */
const MIGRATION_LOCK_KEY = 0x6772616d6f70n; // "gramop"

export interface MigrationResult {
  /** Migrations this call applied (0 when another process had already applied them). */
  applied: number;
  total: number;
}

/**
 * Applies pending migrations. Safe when several processes start at once: they take turns
 * under an advisory lock, and the later ones find nothing left to do.
 */
export async function migrate(database: Database): Promise<MigrationResult> {
  return database.withAdvisoryLock(MIGRATION_LOCK_KEY, async () => {
    const before = await countApplied(database);
    if (database.kind === 'postgres') {
      await migrateNodePostgres(database.db as unknown as NodePgDatabase, { migrationsFolder });
    } else {
      await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder });
    }
    const total = await countApplied(database);
    return { applied: total - before, total };
  });
}

/** Migrations applied to this database, and those shipped with this version. */
export async function migrationStatus(database: Database): Promise<{ applied: number; available: number }> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  return { applied: await countApplied(database), available: journal.entries.length };
}

async function countApplied(database: Database): Promise<number> {
  const exists = await database.query<{ exists: boolean }>(
    `SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS exists`,
  );
  if (!exists.rows[0]?.exists) return 0;
  const result = await database.query<{ count: string | number }>(
    'SELECT count(*) AS count FROM drizzle.__drizzle_migrations',
  );
  return Number(result.rows[0]?.count ?? 0);
}
