import type { Config } from '../config/index.ts';
import { migrate } from '../db/index.ts';
import { createLogger } from '../logging/index.ts';
import { openConfiguredDatabase } from '../runtime/index.ts';

/** `gramophone migrate`: applies pending migrations; returns the exit code. */
export async function migrateCommand(config: Config): Promise<number> {
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const variable = config.DATABASE_URL ? 'DATABASE_URL' : 'DATA_DIR';
  let database: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    database = await openConfiguredDatabase(config, logger);
  } catch (error) {
    logger.fatal(`${variable}: cannot open the database (${(error as Error).message})`);
    return 1;
  }
  try {
    const result = await migrate(database);
    logger.info(result, `migrations: ${result.applied} applied now, ${result.total} in all`);
    return 0;
  } catch (error) {
    logger.fatal({ err: error }, `migration failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await database.close();
  }
}
