import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresDatabase, dropPostgresDatabase, postgresAvailable } from '../support/databases.ts';
import { REFUSED_PORT, runGramophone } from '../support/gramophone-process.ts';

function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'gramophone-cli-'));
}

describe('gramophone migrate', () => {
  // Two embedded databases booting one after the other: slow on a busy machine.
  it('applies the migrations to the embedded database, then finds nothing left', async () => {
    const dataDir = tempDataDir();
    try {
      const first = runGramophone(['migrate'], { DATA_DIR: dataDir });
      expect((await first.exited).code).toBe(0);
      const applied = first.logs().find((line) => String(line.msg).startsWith('migrations:'));
      expect(applied?.applied).toBeGreaterThan(0);
      const second = runGramophone(['migrate'], { DATA_DIR: dataDir });
      expect((await second.exited).code).toBe(0);
      expect(second.logs().find((line) => String(line.msg).startsWith('migrations:'))?.applied).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  // Two processes migrating one PostgreSQL at once: the advisory lock makes them take turns.
  // Defined only where a PostgreSQL is given (CI always gives one).
  if (!postgresAvailable()) return;
  it('succeeds twice at once against one PostgreSQL', async () => {
    const url = await createPostgresDatabase();
    try {
      const runs = [
        runGramophone(['migrate'], { DATABASE_URL: url }),
        runGramophone(['migrate'], { DATABASE_URL: url }),
      ];
      const codes = await Promise.all(runs.map(async (run) => (await run.exited).code));
      expect(codes, runs.map((r) => r.stdout() + r.stderr()).join('\n')).toEqual([0, 0]);
      const applied = runs.map(
        (run) => run.logs().find((line) => String(line.msg).startsWith('migrations:'))?.applied,
      );
      expect((applied as number[]).sort()).toEqual([0, (applied as number[]).reduce((a, b) => a + b, 0)]);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const rows = await client.query(
          'SELECT hash, count(*) AS n FROM drizzle.__drizzle_migrations GROUP BY hash',
        );
        expect(rows.rows.every((row) => Number(row.n) === 1)).toBe(true);
      } finally {
        await client.end();
      }
    } finally {
      await dropPostgresDatabase(url);
    }
  });
});

// The doctor opens the embedded database: slow to boot on a busy machine.
describe('gramophone doctor', () => {
  it('reports every service ok on the embedded defaults and exits 0', async () => {
    const dataDir = tempDataDir();
    try {
      // Nothing answers on that port: the built-in node is "not running", which is fine.
      const doctor = runGramophone(['doctor'], { DATA_DIR: dataDir, AUDIO_PORT: String(REFUSED_PORT) });
      expect((await doctor.exited).code).toBe(0);
      const out = doctor.stdout();
      for (const name of ['config', 'database', 'redis', 'discord', 'audio (built-in)']) {
        expect(out).toMatch(new RegExp(`^ok {4}${name.replace(/[()]/g, '\\$&')}\\s`, 'm'));
      }
      expect(out).toContain('all checks passed');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('names each unreachable service with a hint and exits 1', async () => {
    const dataDir = tempDataDir();
    const closed = REFUSED_PORT;
    try {
      const doctor = runGramophone(['doctor'], {
        DATA_DIR: dataDir,
        REDIS_URL: `redis://127.0.0.1:${closed}`,
        LAVALINK_NODES: `http://eu1:pw@127.0.0.1:${closed}`,
      });
      expect((await doctor.exited).code).toBe(1);
      const out = doctor.stdout();
      expect(out).toMatch(/^FAIL {2}redis\s+cannot reach Redis: .*ECONNREFUSED/m);
      expect(out).toMatch(/^FAIL {2}audio eu1\s+cannot reach 127\.0\.0\.1:\d+/m);
      expect(out).toMatch(/hint: start Redis or fix REDIS_URL/);
      expect(out).toMatch(/^ok {4}database/m);
      expect(out).toContain('2 check(s) failed');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('exits 2 on an invalid configuration before reaching anything', async () => {
    const doctor = runGramophone(['doctor'], { REDIS_URL: 'localhost:6379' });
    expect((await doctor.exited).code).toBe(2);
    expect(doctor.stderr()).toMatch(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('names a bad LAVALINK_NODES entry without its password', async () => {
    const doctor = runGramophone(['doctor'], { LAVALINK_NODES: 'ftp://eu1:lava-hunter2@10.0.0.5:2333' });
    expect((await doctor.exited).code).toBe(2);
    expect(doctor.stderr()).toMatch(/LAVALINK_NODES \(entry 0\): "ftp:\/\/eu1:\*\*\*@10\.0\.0\.5:2333"/);
    expect(doctor.stdout() + doctor.stderr()).not.toContain('hunter2');
  });
});
