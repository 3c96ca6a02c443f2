import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetBreakerCommand } from '../../src/cli/history-command.ts';
import { type Config, parseConfig } from '../../src/config/index.ts';
import { migrate, tables } from '../../src/db/index.ts';
import { historyTables } from '../../src/history/index.ts';
import { silentLogger } from '../../src/logging/index.ts';
import { openConfiguredDatabase } from '../../src/runtime/index.ts';

const { historyLinks } = historyTables;
const USER = '300000000000000001';

describe('gramophone history reset-breaker', () => {
  let dataDir: string;
  let config: Config;

  /** The embedded database of DATA_DIR, opened for `work` and closed again (the command opens it too). */
  async function withDatabase<T>(
    work: (database: Awaited<ReturnType<typeof openConfiguredDatabase>>) => Promise<T>,
  ) {
    const database = await openConfiguredDatabase(config, silentLogger());
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'gramophone-history-cli-'));
    config = parseConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    await withDatabase(async (database) => {
      await migrate(database);
      await database.db.insert(tables.users).values({ id: USER, username: 'listener' });
      await database.db.insert(historyLinks).values({
        userId: USER,
        service: 'spotify',
        accessToken: 'v1:sealed',
        state: 'paused',
        stateReason: 'Spotify is unavailable: HTTP 503',
        consecutiveFailures: 5,
        breakerOpenUntil: new Date(Date.now() + 3_600_000),
      });
    });
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('closes the breaker of an existing link, and says when there is none', async () => {
    const out: string[] = [];
    const sink = { write: (text: string) => out.push(text) > 0 };
    expect(await resetBreakerCommand(config, USER, 'spotify', sink)).toBe(0);
    const [link] = await withDatabase((database) =>
      database.db.select().from(historyLinks).where(eq(historyLinks.userId, USER)),
    );
    expect(link).toMatchObject({
      state: 'healthy',
      stateReason: null,
      consecutiveFailures: 0,
      breakerOpenUntil: null,
    });
    expect(await resetBreakerCommand(config, USER, 'lastfm', sink)).toBe(1);
    expect(out).toEqual([
      `spotify breaker of user ${USER} reset: archival resumes next round\n`,
      `no lastfm link for user ${USER}\n`,
    ]);
  });
});
