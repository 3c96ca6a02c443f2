import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/index.ts';
import { startOpsServer } from '../health/index.ts';
import type { Logger } from '../logging/index.ts';
import { createMetricsRegistry } from '../metrics/index.ts';
import { DependencyError, openInfrastructure } from './infrastructure.ts';
import type { AppContext, RoleDefinition, RoleName, RunningRole, SandboxHandle } from './role.ts';

/** Raised when a role's start fails; says which role, so the operator knows where to look. */
export class RoleStartError extends Error {
  constructor(
    readonly role: RoleName,
    readonly reason: unknown,
  ) {
    super(`role ${role} failed to start: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'RoleStartError';
  }
}

export interface RunningApp {
  readonly context: AppContext;
  /** Stops taking work, drains, closes; resolves when everything is closed. */
  stop(): Promise<void>;
}

/**
 * Starts the shared infrastructure and then the given roles, in order. A role that fails to
 * start stops everything started so far and rejects with a RoleStartError: never a
 * half-alive process.
 */
export async function startApp(options: {
  config: Config;
  logger: Logger;
  roles: readonly RoleDefinition[];
  sandbox?: SandboxHandle;
}): Promise<RunningApp> {
  const { config, logger } = options;
  const roleNames = options.roles.map((r) => r.name);
  const metrics = createMetricsRegistry({ instance: config.INSTANCE_ID, roles: roleNames.join(',') });
  const infrastructure = await openInfrastructure(config, logger, metrics, {
    superviseJobs: roleNames.includes('worker'),
  });
  const context: AppContext = {
    config,
    logger,
    metrics,
    ...infrastructure,
    roles: roleNames,
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
  };

  const running: { name: RoleName; role: RunningRole }[] = [];
  let opsServer: FastifyInstance | undefined;
  const stopAll = async () => {
    infrastructure.health.markDraining();
    for (const { name, role } of running.splice(0).reverse()) {
      const started = performance.now();
      await role
        .stop()
        .catch((error) => logger.error({ err: error, role: name }, `role ${name} failed to stop`));
      logger.info({ role: name, ms: Math.round(performance.now() - started) }, `role ${name} stopped`);
    }
    await opsServer?.close();
    await infrastructure.close();
  };

  for (const definition of options.roles) {
    const started = performance.now();
    try {
      const role = await definition.start({ ...context, logger: logger.child({ role: definition.name }) });
      running.push({ name: definition.name, role });
    } catch (error) {
      await stopAll();
      throw new RoleStartError(definition.name, error);
    }
    logger.info(
      { role: definition.name, ms: Math.round(performance.now() - started) },
      `role ${definition.name} ready`,
    );
  }

  // Roles other than api serve no HTTP of their own: METRICS_PORT gives them /metrics and health.
  if (config.METRICS_PORT) {
    try {
      opsServer = await startOpsServer({
        host: config.HOST,
        port: config.METRICS_PORT,
        health: infrastructure.health,
        metrics,
        logger,
      });
    } catch (error) {
      await stopAll();
      throw new DependencyError(
        'METRICS_PORT',
        `cannot listen on ${config.METRICS_PORT}: ${(error as Error).message}`,
      );
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    context,
    stop: () => {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
