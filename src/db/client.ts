import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import type { Logger } from '../logging/index.ts';
import { EmbeddedDatabaseLock } from './embedded-lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** Drizzle over either driver: the query builder is the same for PGlite and node-postgres. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface SqlResult<Row> {
  rows: Row[];
}

/** The database handle every role shares. */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** One parameterised statement, for the few places (jobs, locks) that speak raw SQL. */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<SqlResult<Row>>;
  /** Several statements in one string, no parameters (schema set-up). */
  exec(text: string): Promise<void>;
  /** Runs `fn` holding a PostgreSQL advisory lock, so concurrent processes take turns. */
  withAdvisoryLock<T>(key: bigint, fn: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; poolMax: number; logger: Logger; applicationName?: string }
  /** `dataDir` undefined keeps the database in memory (tests). */
  | { kind: 'pglite'; dataDir: string | undefined; logger: Logger };

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.kind === 'postgres' ? openPostgres(options) : openPglite(options);
}

async function openPostgres(options: Extract<DatabaseOptions, { kind: 'postgres' }>): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    application_name: options.applicationName ?? 'gramophone',
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection (server restart) emits here; without a listener the
  // process would crash. The pool replaces the client on next use.
  pool.on('error', (error) => options.logger.warn({ err: error }, 'postgres pool client error'));
  try {
    // Fail at open, naming the cause, rather than at the first query somewhere later.
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const db = drizzleNodePostgres({ client: pool, schema }) as unknown as Db;
  const query = async <Row>(text: string, params?: unknown[]) => {
    const result = await pool.query(text, params as unknown[]);
    return { rows: result.rows as Row[] };
  };
  return {
    kind: 'postgres',
    db,
    query,
    exec: async (text) => {
      await pool.query(text);
    },
    withAdvisoryLock: async (key, fn) => {
      // A session lock lives on one connection: hold a dedicated client for its duration.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [key.toString()]);
        try {
          return await fn();
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key.toString()]);
        }
      } finally {
        client.release();
      }
    },
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}

async function openPglite(options: Extract<DatabaseOptions, { kind: 'pglite' }>): Promise<Database> {
  let lock: EmbeddedDatabaseLock | undefined;
  let dataDir: string | undefined;
  if (options.dataDir) {
    dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    // PGlite is single-process: a second process on the same folder would corrupt it.
    lock = await EmbeddedDatabaseLock.acquire(dataDir);
  }
  let client: PGlite;
  try {
    client = dataDir ? new PGlite(dataDir) : new PGlite();
    await client.waitReady;
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  // PGlite runs one statement at a time in this process, so a lock only needs to exclude
  // other work of this process: a promise chain does that.
  let lockChain: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    db,
    query: async <Row>(text: string, params?: unknown[]) => {
      const result = await client.query<Row>(text, params);
      return { rows: result.rows };
    },
    exec: async (text) => {
      await client.exec(text);
    },
    withAdvisoryLock: <T>(_key: bigint, fn: () => Promise<T>) => {
      const run = lockChain.then(fn, fn);
      lockChain = run.catch(() => undefined);
      return run;
    },
    ping: async () => {
      await client.query('SELECT 1');
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        await lock?.release();
      }
    },
  };
}
