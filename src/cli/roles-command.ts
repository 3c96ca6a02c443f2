import { constants } from 'node:os';
import { createLogger } from '../logging/index.ts';
import type { RoleName } from '../runtime/index.ts';
import {
  type ChildExit,
  isSandboxRelaunch,
  prepareSandboxTrust,
  relaunchTrustingCa,
  sandboxNeedsVoiceTrust,
  sandboxRemoteExposure,
} from '../sandbox/index.ts';
import { EXIT_CONFIG, loadConfigOrExit } from './config-or-exit.ts';

/**
 * `gramophone start` and the one-role commands. In the sandbox (no DISCORD_TOKEN) a process that
 * also runs the audio node must trust the sandbox voice server's CA, which Node only takes at
 * start: so this process prepares the CA and runs the same command once more as a child with
 * NODE_EXTRA_CA_CERTS set, passing signals on and exiting as the child did. The roles themselves
 * (and everything they load) are imported only in the process that runs them.
 */
export async function rolesCommand(names: readonly RoleName[]): Promise<void> {
  const config = loadConfigOrExit();
  const exposure = sandboxRemoteExposure(config, names);
  if (exposure?.verdict === 'refused') {
    process.stderr.write(`gramophone: refusing to start: ${exposure.message}\n`);
    process.exit(EXIT_CONFIG);
  }
  if (sandboxNeedsVoiceTrust(config, names) && !isSandboxRelaunch()) {
    const logger = createLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
    let exit: ChildExit;
    try {
      const caFile = await prepareSandboxTrust(config);
      logger.debug({ nodeExtraCaCerts: caFile }, 'sandbox: restarting with NODE_EXTRA_CA_CERTS set');
      exit = await relaunchTrustingCa(caFile);
    } catch (error) {
      logger.fatal({ err: error }, `sandbox: failed to start: ${(error as Error).message}`);
      logger.flush();
      process.exit(1);
    }
    exitAs(exit);
  }
  const { runRoles } = await import('./run-roles.ts');
  await runRoles(names, config);
}

/** Ends this process the way its child ended: same exit code, or killed by the same signal. */
function exitAs(exit: ChildExit): never {
  if (exit.signal) {
    // Our forwarding listeners are gone, so the signal's default action ends the process.
    process.exitCode = 128 + (constants.signals[exit.signal] ?? 0);
    process.kill(process.pid, exit.signal);
  }
  process.exit(exit.code ?? process.exitCode ?? 1);
}
