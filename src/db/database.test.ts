import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabaseTarget } from '../../test/support/databases.ts';
import { silentLogger } from '../logging/index.ts';
import { GuildSettingsRepository } from '../settings/index.ts';
import { EmbeddedDatabaseLock } from './embedded-lock.ts';
import { EmbeddedDatabaseBusyError, GuildRepository, migrate, openDatabase } from './index.ts';

const aGuild = (overrides: Partial<{ id: string; name: string }> = {}) => ({
  id: '112233445566778899',
  name: 'Test Guild',
  ...overrides,
});

describe.each(databaseKinds())('database on %s', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function target(): Promise<TestDatabaseTarget> {
    const dir = mkdtempSync(join(tmpdir(), 'gramophone-db-'));
    const t = await createTestDatabase(kind, { dataDir: join(dir, 'pglite') });
    cleanups.push(async () => {
      await t.dispose();
      rmSync(dir, { recursive: true, force: true });
    });
    return t;
  }

  it('applies every migration once, and a second run finds nothing to do', async () => {
    const database = await (await target()).open();
    try {
      const first = await migrate(database);
      expect(first.applied).toBeGreaterThan(0);
      expect(first.total).toBe(first.applied);
      const second = await migrate(database);
      expect(second).toEqual({ applied: 0, total: first.total });
      const tables = await database.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual([
        'analytics_counts',
        'analytics_member_daily',
        'analytics_windows',
        'audit_log',
        'command_uses',
        'guild_settings',
        'guilds',
        'history_albums',
        'history_artists',
        'history_imports',
        'history_link_attempts',
        'history_links',
        'history_listens',
        'history_scrobbles',
        'history_settings',
        'history_track_artists',
        'history_tracks',
        'member_events',
        'music_players',
        'oauth_login_attempts',
        'play_events',
        'playlist_tracks',
        'playlists',
        'sessions',
        'users',
      ]);
    } finally {
      await database.close();
    }
  });

  it('reads back after a restart a guild setting written before it', async () => {
    const t = await target();
    const first = await t.open();
    await migrate(first);
    const repo = new GuildSettingsRepository(first.db);
    await repo.upsertGuild(aGuild());
    await repo.update('112233445566778899', { defaultVolume: 42, language: 'de' }, { actorId: '1' });
    await first.close();

    const second = await t.open();
    try {
      const settings = await new GuildSettingsRepository(second.db).get('112233445566778899');
      expect(settings.defaultVolume).toBe(42);
      expect(settings.language).toBe('de');
      expect(settings.maxQueueLength).toBe(1000);
    } finally {
      await second.close();
    }
  });

  it('writes an audit entry with the diff in the same transaction, and none for a no-op', async () => {
    const database = await (await target()).open();
    try {
      await migrate(database);
      const repo = new GuildSettingsRepository(database.db);
      await repo.upsertGuild(aGuild());
      const change = await repo.update(
        '112233445566778899',
        { voteSkipRatio: 0.75 },
        { actorId: '42', requestId: 'req-1' },
      );
      expect(change?.diff).toEqual({ voteSkipRatio: { before: 0.5, after: 0.75 } });
      expect(await repo.update('112233445566778899', { voteSkipRatio: 0.75 }, { actorId: '42' })).toBeNull();
      const entries = await repo.audit('112233445566778899', { limit: 10 });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actorId: '42',
        action: 'settings.update',
        requestId: 'req-1',
        changes: { voteSkipRatio: { before: 0.5, after: 0.75 } },
      });
    } finally {
      await database.close();
    }
  });

  it('marks a guild left and present again when the bot returns', async () => {
    const database = await (await target()).open();
    try {
      await migrate(database);
      const repo = new GuildSettingsRepository(database.db);
      const presence = new GuildRepository(database.db);
      await repo.upsertGuild(aGuild());
      expect(await presence.hasBot('112233445566778899')).toBe(true);
      await repo.markGuildLeft('112233445566778899');
      expect(await presence.hasBot('112233445566778899')).toBe(false);
      await repo.upsertGuild(aGuild());
      expect(await presence.hasBot('112233445566778899')).toBe(true);
    } finally {
      await database.close();
    }
  });

  it('refuses settings for a guild it has never recorded, leaving nothing behind', async () => {
    const database = await (await target()).open();
    try {
      await migrate(database);
      const repo = new GuildSettingsRepository(database.db);
      await expect(
        repo.update('999999999999999999', { defaultVolume: 10 }, { actorId: '1' }),
      ).rejects.toThrow();
      const audit = await database.query('SELECT * FROM audit_log');
      expect(audit.rows).toHaveLength(0);
    } finally {
      await database.close();
    }
  });
});

describe('embedded database folder', () => {
  it('takes over at once a lock whose holder was killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gramophone-db-'));
    const dataDir = join(dir, 'pglite');
    // A process that takes the lock, says so, and is then killed without releasing it.
    const script = join(dir, 'hold.mts');
    writeFileSync(
      script,
      `import { EmbeddedDatabaseLock } from ${JSON.stringify(new URL('./embedded-lock.ts', import.meta.url).pathname)};\n` +
        `await EmbeddedDatabaseLock.acquire(${JSON.stringify(dataDir)});\nconsole.log('held');\nsetInterval(() => {}, 1000);\n`,
    );
    const holder = spawn(
      process.execPath,
      [fileURLToPath(new URL('../../bin/run-ts.js', import.meta.url)), script],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
      holder.once('exit', (code) => reject(new Error(`the lock holder exited with ${code}`)));
    });
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    const started = Date.now();
    const lock = await EmbeddedDatabaseLock.acquire(dataDir);
    try {
      // Well before proper-lockfile's 10 s staleness (with room for a busy machine).
      expect(Date.now() - started).toBeLessThan(6_000);
    } finally {
      await lock.release();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a second opener of the same folder while the first holds it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gramophone-db-'));
    const first = await openDatabase({
      kind: 'pglite',
      dataDir: join(dir, 'pglite'),
      logger: silentLogger(),
    });
    try {
      await expect(
        openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite'), logger: silentLogger() }),
      ).rejects.toBeInstanceOf(EmbeddedDatabaseBusyError);
      await first.close();
      // Once released, the folder opens again.
      const reopened = await openDatabase({
        kind: 'pglite',
        dataDir: join(dir, 'pglite'),
        logger: silentLogger(),
      });
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
