import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { type AnyCapability, composeCapabilities } from '../capability/index.ts';
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
  /** What the roles run with; its config holds the ports they got where it said 0. */
  readonly context: AppContext;
  /** Stops taking work, drains, closes; resolves when everything is closed. */
  stop(): Promise<void>;
}

/**
 * Starts the shared infrastructure and then the given roles, in order. A role that fails to
 * start stops everything started so far and rejects with a RoleStartError: never a
 * half-alive process. A port of 0 (any free one) is replaced in the config by the port the
 * role got, for the roles after it and in `context`.
 */
export async function startApp(options: {
  config: Config;
  logger: Logger;
  roles: readonly RoleDefinition[];
  /** The capabilities the roles compose (src/registry in production). */
  capabilities: readonly AnyCapability[];
  sandbox?: SandboxHandle;
}): Promise<RunningApp> {
  const { logger } = options;
  let { config } = options;
  const roleNames = options.roles.map((r) => r.name);
  // The gateway dials the built-in node at AUDIO_PORT: "any free port" is only known in-process.
  if (
    config.AUDIO_PORT === 0 &&
    config.LAVALINK_NODES === undefined &&
    roleNames.includes('gateway') &&
    !roleNames.includes('audio')
  ) {
    throw new DependencyError(
      'AUDIO_PORT',
      '0 (any free port) leaves the gateway no audio node to dial unless this process runs the audio role too: set the node’s port, or LAVALINK_NODES',
    );
  }
  // Before any connection: a clash or a missing need is a programming error, found at once.
  const capabilities = composeCapabilities(options.capabilities);
  const metrics = createMetricsRegistry({ instance: config.INSTANCE_ID, roles: roleNames.join(',') });
  const infrastructure = await openInfrastructure(config, logger, metrics, {
    superviseJobs: roleNames.includes('worker'),
  });
  let context: AppContext = {
    config,
    logger,
    metrics,
    ...infrastructure,
    roles: roleNames,
    capabilities,
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
    let role: RunningRole;
    try {
      role = await definition.start({ ...context, logger: logger.child({ role: definition.name }) });
      running.push({ name: definition.name, role });
    } catch (error) {
      await stopAll();
      throw new RoleStartError(definition.name, error);
    }
    if (role.ports) {
      config = { ...config, ...role.ports };
      context = { ...context, config };
    }
    logger.info(
      {
        role: definition.name,
        ms: Math.round(performance.now() - started),
        ...(role.ports ? { ports: role.ports } : {}),
      },
      `role ${definition.name} ready`,
    );
  }

  // Roles other than api serve no HTTP of their own: METRICS_PORT gives them /metrics and health.
  if (config.METRICS_PORT !== undefined) {
    try {
      opsServer = await startOpsServer({
        host: config.HOST,
        port: config.METRICS_PORT,
        health: infrastructure.health,
        metrics,
        logger,
      });
      config = { ...config, METRICS_PORT: (opsServer.server.address() as AddressInfo).port };
      context = { ...context, config };
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
