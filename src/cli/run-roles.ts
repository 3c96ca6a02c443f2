import { apiRole } from '../api/index.ts';
import { audioRole } from '../audio/index.ts';
import { gatewayRole } from '../gateway/index.ts';
import { createLogger } from '../logging/index.ts';
import {
  DependencyError,
  type RoleDefinition,
  type RoleName,
  RoleStartError,
  runUntilSignal,
  startApp,
} from '../runtime/index.ts';
import { workerRole } from '../worker/index.ts';
import { loadConfigOrExit } from './config-or-exit.ts';

const definitions: Record<RoleName, RoleDefinition> = {
  audio: audioRole,
  worker: workerRole,
  gateway: gatewayRole,
  api: apiRole,
};

/** Runs the named roles in this process until SIGTERM/SIGINT. */
export async function runRoles(names: readonly RoleName[]): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const started = performance.now();
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp({ config, logger, roles: names.map((name) => definitions[name]) });
  } catch (error) {
    if (error instanceof RoleStartError) {
      logger.fatal({ role: error.role, err: error.reason }, error.message);
    } else if (error instanceof DependencyError) {
      logger.fatal({ variable: error.variable }, error.message);
    } else {
      logger.fatal({ err: error }, `failed to start: ${(error as Error).message}`);
    }
    logger.flush();
    process.exit(1);
  }
  const where = names.includes('api') ? ` — http://localhost:${config.PORT}` : '';
  logger.info(
    { roles: names, ms: Math.round(performance.now() - started) },
    `Gramophone ready: ${names.join(', ')}${where}`,
  );
  await runUntilSignal(app, { logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
}
