import type { Config } from '../config/index.ts';
import { resetLinkBreaker } from '../history/index.ts';
import { createLogger } from '../logging/index.ts';
import { openConfiguredDatabase } from '../runtime/index.ts';

/**
 * `gramophone history reset-breaker <userId> [service]`: closes a user's archival breaker (what
 * the panel's reset button does), for an operator who fixed the cause. Returns the exit code:
 * 0 reset, 1 no such link or no database.
 */
export async function resetBreakerCommand(
  config: Config,
  userId: string,
  service: string,
  out: Pick<NodeJS.WriteStream, 'write'> = process.stdout,
): Promise<number> {
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  let database: Awaited<ReturnType<typeof openConfiguredDatabase>>;
  try {
    database = await openConfiguredDatabase(config, logger);
  } catch (error) {
    logger.fatal(`cannot open the database (${(error as Error).message})`);
    return 1;
  }
  try {
    if (!(await resetLinkBreaker(database, userId, service))) {
      out.write(`no ${service} link for user ${userId}\n`);
      return 1;
    }
    out.write(`${service} breaker of user ${userId} reset: archival resumes next round\n`);
    return 0;
  } finally {
    await database.close();
  }
}
