import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import type { Database } from '../db/index.ts';
import { silentLogger } from '../logging/index.ts';
import { JobQueue } from './index.ts';
import { createPgBossDb } from './pg-boss-adapter.ts';

describe.each(databaseKinds())('pg-boss connection adapter on %s', (kind) => {
  let target: TestDatabaseTarget;
  let database: Database;
  /** On PostgreSQL a second pool, like a second process; PGlite has only its one connection. */
  let other: Database;

  beforeAll(async () => {
    target = await createTestDatabase(kind);
    database = await target.open();
    other = kind === 'pglite' ? database : await target.open();
  });
  afterAll(async () => {
    if (other !== database) await other?.close();
    await database?.close();
    await target?.dispose();
  });

  /** Runs more statements at once than the pool has clients, so every connection answers one. */
  async function expectEveryConnectionUsable(db: Database): Promise<void> {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => db.query<{ n: number }>('SELECT $1::int AS n', [i])),
    );
    expect(answers.map((answer) => answer.rows[0]?.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  }

  it('runs single statements with rows, and strings of several statements through exec', async () => {
    const db = createPgBossDb(database);
    expect((await db.executeSql('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    expect((await db.executeSql('SELECT $1::text AS echo', ['hi'])).rows).toEqual([{ echo: 'hi' }]);
    await db.executeSql('CREATE TABLE several (a int); INSERT INTO several VALUES (1), (2)');
    expect((await database.query('SELECT count(*)::int AS n FROM several')).rows).toEqual([{ n: 2 }]);
  });

  it('rolls back a failing BEGIN … COMMIT string whole and leaves every connection usable', async () => {
    await database.exec('CREATE TABLE guarded (a int)');
    const db = createPgBossDb(database);
    await expect(
      db.executeSql(`
        BEGIN;
        SET LOCAL lock_timeout = '30s';
        SELECT pg_advisory_xact_lock(42);
        INSERT INTO guarded VALUES (1);
        SELECT 1/0;
        COMMIT;
      `),
    ).rejects.toThrow(/division by zero/);
    expect((await database.query('SELECT count(*)::int AS n FROM guarded')).rows).toEqual([{ n: 0 }]);
    await expectEveryConnectionUsable(database);
  });

  it('lets several queues install pg-boss at once into an empty schema', async () => {
    // pg-boss lets racing installers fail with "already exists" and carries on: the connection
    // that failed must come back clean.
    const schema = `race_${randomBytes(4).toString('hex')}`;
    const queues = [database, database, other].map(
      (db) => new JobQueue({ database: db, logger: silentLogger(), schema }),
    );
    try {
      await Promise.all(queues.map((queue) => queue.start()));
      for (const [index, queue] of queues.entries()) {
        expect(await queue.send('after-race', { index })).toMatch(/^[0-9a-f-]{36}$/);
      }
      await expectEveryConnectionUsable(database);
      await expectEveryConnectionUsable(other);
    } finally {
      await Promise.all(queues.map((queue) => queue.stop({ timeoutMs: 1_000 })));
    }
  });
});
