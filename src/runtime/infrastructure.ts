import { resolve } from 'node:path';
import { type Bus, createBus } from '../bus/index.ts';
import type { Config } from '../config/index.ts';
import { type Database, migrate, openDatabase } from '../db/index.ts';
import { HealthRegistry } from '../health/index.ts';
import { JobQueue } from '../jobs/index.ts';
import type { Logger } from '../logging/index.ts';
import type { Registry } from '../metrics/index.ts';

/** Raised when a shared dependency can't be reached at start; `variable` names what to fix. */
export class DependencyError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'DependencyError';
  }
}

export interface Infrastructure {
  database: Database;
  bus: Bus;
  jobs: JobQueue;
  health: HealthRegistry;
  close(): Promise<void>;
}

export function openConfiguredDatabase(config: Config, logger: Logger): Promise<Database> {
  return config.DATABASE_URL
    ? openDatabase({ kind: 'postgres', url: config.DATABASE_URL, poolMax: config.DATABASE_POOL_MAX, logger })
    : openDatabase({ kind: 'pglite', dataDir: resolve(config.DATA_DIR, 'pglite'), logger });
}

/**
 * Opens what every role shares — the database (migrated), the bus and the job queue — and
 * registers their readiness checks. Anything opened is closed again if a later step fails.
 */
export async function openInfrastructure(
  config: Config,
  logger: Logger,
  metrics: Registry,
  options: { superviseJobs: boolean },
): Promise<Infrastructure> {
  const opened: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of opened.splice(0).reverse()) {
      await close().catch((error) => logger.warn({ err: error }, 'error while closing'));
    }
  };
  try {
    const database = await openConfiguredDatabase(config, logger).catch((error: Error) => {
      throw new DependencyError(
        config.DATABASE_URL ? 'DATABASE_URL' : 'DATA_DIR',
        config.DATABASE_URL
          ? `cannot connect to PostgreSQL (${describe(error)})`
          : `cannot open the embedded database (${describe(error)})`,
      );
    });
    opened.push(() => database.close());
    const migration = await migrate(database);
    logger.info({ applied: migration.applied, total: migration.total }, 'database migrated');

    const bus = await createBus({
      redisUrl: config.REDIS_URL,
      instanceId: config.INSTANCE_ID,
      logger: logger.child({ component: 'bus' }),
      commandTimeoutMs: config.BUS_COMMAND_TIMEOUT_MS,
      keyPrefix: config.REDIS_KEY_PREFIX,
      registry: metrics,
    }).catch((error: Error) => {
      throw new DependencyError('REDIS_URL', `cannot connect to Redis (${describe(error)})`);
    });
    opened.push(() => bus.close());

    // Only worker processes run pg-boss's cron clock and maintenance; every process may send jobs.
    const jobs = new JobQueue({ database, logger, registry: metrics, supervise: options.superviseJobs });
    await jobs.start();
    opened.push(() => jobs.stop({ graceful: true, timeoutMs: config.SHUTDOWN_TIMEOUT_MS / 2 }));

    const health = new HealthRegistry();
    health.add({ name: 'database', check: () => database.ping() });
    health.add({ name: 'bus', check: () => bus.ping() });
    health.add({ name: 'jobs', check: () => jobs.ping() });
    return { database, bus, jobs, health, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
