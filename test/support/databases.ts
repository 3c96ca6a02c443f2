import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { claimTestResource } from './isolation.ts';

/** A database a test can open (and re-open, to simulate a restart) and finally drop. */
export interface TestDatabaseTarget {
  kind: 'pglite' | 'postgres';
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

/**
 * The databases data-access tests run on: PGlite always, and PostgreSQL too whenever
 * DATABASE_URL is set (as CI sets it). Each PostgreSQL target is a fresh database, so
 * test files running in parallel never see each other's rows.
 */
export function databaseKinds(): ('pglite' | 'postgres')[] {
  return postgresAvailable() ? ['pglite', 'postgres'] : ['pglite'];
}

/** Whether a PostgreSQL server is given (DATABASE_URL, as CI sets it) for tests to make databases on. */
export function postgresAvailable(): boolean {
  return Boolean(process.env.DATABASE_URL);
}

export async function createTestDatabase(
  kind: 'pglite' | 'postgres',
  options: { dataDir?: string } = {},
): Promise<TestDatabaseTarget> {
  if (kind === 'pglite') {
    return {
      kind,
      open: () => openDatabase({ kind: 'pglite', dataDir: options.dataDir, logger: silentLogger() }),
      dispose: async () => {},
    };
  }
  const url = await createPostgresDatabase();
  return {
    kind,
    open: () => openDatabase({ kind: 'postgres', url, poolMax: 5, logger: silentLogger() }),
    dispose: () => dropPostgresDatabase(url),
  };
}

/** Creates an empty database on the DATABASE_URL server and returns its URL. */
export async function createPostgresDatabase(): Promise<string> {
  const adminUrl = requireDatabaseUrl();
  const name = `gramophone_test_${randomBytes(6).toString('hex')}`;
  claimTestResource('postgres-database', name);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropPostgresDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: requireDatabaseUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must be set for PostgreSQL tests');
  return url;
}
