import type { Database } from '../db/index.ts';

/** The connection pg-boss accepts in place of its own pool (`new PgBoss({ db })`). */
export interface PgBossDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * pg-boss sends its schema creation, migrations and maintenance as one string wrapped in
 * `BEGIN; … COMMIT;`. When a statement inside fails (which pg-boss expects on a start-up race:
 * "already exists", "division by zero"), COMMIT is never reached and the session stays in an
 * aborted transaction. PGlite has that one session only, so every later statement of the
 * process would fail with "current transaction is aborted". (node-postgres's pool discards a
 * client whose query failed, so PostgreSQL alone would not need this.) Sending the body
 * without BEGIN/COMMIT runs it as PostgreSQL's implicit transaction of a multi-statement
 * string instead: same atomicity, SET LOCAL and pg_advisory_xact_lock still last until its
 * end, and a failure rolls back cleanly on either database.
 */
const EXPLICIT_TRANSACTION = /^\s*BEGIN\s*;([\s\S]*);\s*COMMIT\s*;\s*$/i;

/** SQLSTATE PGlite (extended protocol) answers a string of several statements with. */
const SYNTAX_ERROR = '42601';

/**
 * Lets pg-boss speak through our `Database` (PGlite or the shared node-postgres pool), so the
 * job queue adds no connections of its own.
 */
export function createPgBossDb(database: Database): PgBossDb {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return rowsOf(await database.query(text, values));
      const transaction = EXPLICIT_TRANSACTION.exec(text);
      if (transaction) {
        await database.exec(transaction[1] ?? '');
        return { rows: [] };
      }
      try {
        return rowsOf(await database.query(text));
      } catch (error) {
        // PGlite's query() prepares its text, which refuses several statements: run those
        // through exec(). pg-boss reads no rows from such strings.
        if (!isMultipleCommandsError(error)) throw error;
        await database.exec(text);
        return { rows: [] };
      }
    },
  };
}

function rowsOf(result: { rows: unknown[] | undefined }): { rows: unknown[] } {
  // node-postgres answers a multi-statement string with an array of results (no `rows`).
  return { rows: result.rows ?? [] };
}

function isMultipleCommandsError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === SYNTAX_ERROR && typeof message === 'string' && message.includes('multiple commands');
}
