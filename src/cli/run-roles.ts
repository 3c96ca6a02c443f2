import { apiRole, publicUrlOf } from '../api/index.ts';
import { audioRole } from '../audio/index.ts';
import type { Config } from '../config/index.ts';
import { gatewayRole } from '../gateway/index.ts';
import { createLogger, type Logger } from '../logging/index.ts';
import { capabilities } from '../registry/index.ts';
import {
  DependencyError,
  type RoleDefinition,
  type RoleName,
  RoleStartError,
  type RunningApp,
  runUntilSignal,
  startApp,
} from '../runtime/index.ts';
import {
  followParentLifetime,
  isSandboxRelaunch,
  reportSignalsToParent,
  type Sandbox,
  SandboxStartError,
  sandboxRemoteExposure,
  sandboxWanted,
  startSandbox,
} from '../sandbox/index.ts';
import { workerRole } from '../worker/index.ts';

const definitions: Record<RoleName, RoleDefinition> = {
  audio: audioRole,
  worker: workerRole,
  gateway: gatewayRole,
  api: apiRole,
};

/**
 * Runs the named roles in this process until SIGTERM/SIGINT. Without DISCORD_TOKEN, a process
 * with the gateway role first starts the sandbox (a local Discord) and runs the roles against it,
 * closing it after them.
 */
export async function runRoles(names: readonly RoleName[], config: Config): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const relaunched = isSandboxRelaunch();
  if (relaunched) followParentLifetime();
  const started = performance.now();
  let sandbox: Sandbox | undefined;
  let app: RunningApp;
  try {
    if (sandboxWanted(config, names)) {
      const exposure = sandboxRemoteExposure(config, names);
      if (exposure) logger.warn({ variable: 'SANDBOX_ALLOW_REMOTE', host: config.HOST }, exposure.message);
      sandbox = await startSandbox({ config, logger: logger.child({ component: 'sandbox' }) });
    }
    app = await startApp({
      config: sandbox?.config ?? config,
      logger,
      roles: names.map((name) => definitions[name]),
      capabilities,
      ...(sandbox ? { sandbox: sandbox.handle } : {}),
    });
  } catch (error) {
    await sandbox?.close().catch(() => {});
    exitOnStartFailure(logger, error);
  }
  // The ports the roles listen on: where the configuration said 0, the ones they got.
  const running = app.context.config;
  const ports = listeningPorts(names, running, sandbox);
  // The panel's public URL (PUBLIC_URL, else localhost on the port it got): logins come back
  // there, so it is the one to print.
  const panelUrl = names.includes('api') ? publicUrlOf(running) : null;
  const where = panelUrl ? ` — ${panelUrl}` : '';
  logger.info(
    { roles: names, ms: Math.round(performance.now() - started), sandbox: sandbox !== undefined, ports },
    `Gramophone ready: ${names.join(', ')}${where}${sandbox ? ' (sandbox: a local Discord, no DISCORD_TOKEN)' : ''}`,
  );
  sandbox?.logUsage({
    panelUrl,
    runsAudio: names.includes('audio'),
  });
  const stoppable = sandbox ? closingSandboxAfter(app, sandbox) : app;
  const stopped = runUntilSignal(stoppable, { logger, timeoutMs: config.SHUTDOWN_TIMEOUT_MS });
  // Only now that the drain handlers are in place may SIGINT/SIGTERM stop killing the process outright.
  if (relaunched) reportSignalsToParent();
  await stopped;
}

/** Port variable → the port this process listens on for it (the ready line's `ports`). */
function listeningPorts(
  names: readonly RoleName[],
  config: Config,
  sandbox: Sandbox | undefined,
): Partial<Record<'PORT' | 'AUDIO_PORT' | 'METRICS_PORT' | 'SANDBOX_PORT', number>> {
  return {
    ...(names.includes('api') ? { PORT: config.PORT } : {}),
    ...(names.includes('audio') ? { AUDIO_PORT: config.AUDIO_PORT } : {}),
    ...(config.METRICS_PORT !== undefined ? { METRICS_PORT: config.METRICS_PORT } : {}),
    ...(sandbox ? { SANDBOX_PORT: Number(new URL(sandbox.emulator.controlUrl).port) } : {}),
  };
}

/** The app, whose stop also closes the sandbox once the roles are down (the bot logs out first). */
function closingSandboxAfter(app: RunningApp, sandbox: Sandbox): RunningApp {
  return {
    context: app.context,
    stop: async () => {
      await app.stop();
      await sandbox.close();
    },
  };
}

function exitOnStartFailure(logger: Logger, error: unknown): never {
  if (error instanceof RoleStartError) {
    logger.fatal({ role: error.role, err: error.reason }, error.message);
  } else if (error instanceof DependencyError) {
    logger.fatal({ variable: error.variable }, error.message);
  } else if (error instanceof SandboxStartError) {
    logger.fatal({ variable: 'SANDBOX_PORT', err: error.cause }, error.message);
  } else {
    logger.fatal({ err: error }, `failed to start: ${(error as Error).message}`);
  }
  logger.flush();
  process.exit(1);
}
