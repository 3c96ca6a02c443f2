import { resolve } from 'node:path';
import { startDiscordEmulator } from '../emulators/discord/index.ts';
import { extraCaCertsFile, VoiceServer } from '../emulators/discord/voice/index.ts';
import { createLogger } from '../logging/index.ts';
import { loadConfigOrExit } from './config-or-exit.ts';

export interface EmulatorCommandOptions {
  port: number;
  host: string;
  json: boolean;
}

/**
 * `gramophone emulator`: a local Discord (REST, gateway, voice, OAuth2) with a demo guild,
 * running until SIGINT/SIGTERM. With `--json` it prints one line describing itself so
 * another program can drive it.
 */
export async function emulatorCommand(options: EmulatorCommandOptions): Promise<void> {
  const config = loadConfigOrExit();
  // In --json mode stdout carries only the description line; logs go to stderr.
  const logger = createLogger({
    level: config.LOG_LEVEL,
    format: options.json ? 'json' : config.LOG_FORMAT,
    destination: options.json ? process.stderr : process.stdout,
  });
  const certDir = resolve(config.DATA_DIR, 'emulator-certs');
  const voice = await VoiceServer.start({
    certDir,
    host: options.host,
    logger: logger.child({ component: 'voice' }),
  });
  const emulator = await startDiscordEmulator({
    port: options.port,
    host: options.host,
    demo: true,
    voice,
    logger: logger.child({ component: 'emulator' }),
  });
  const caCertPath = voice.certificates.caPath;
  const description = {
    ...emulator.describe(),
    caCertPath,
    // What a voice client's process needs in NODE_EXTRA_CA_CERTS (the CA plus any bundle it already trusted).
    nodeExtraCaCerts: await extraCaCertsFile(caCertPath, process.env.NODE_EXTRA_CA_CERTS),
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(description)}\n`);
  } else {
    logger.info(
      `Discord emulator ready: REST ${description.apiUrl}, gateway ${description.gatewayUrl}, OAuth ${description.oauthUrl}, control ${description.controlUrl}`,
    );
    logger.info(
      `bot token: ${description.token}; voice clients need NODE_EXTRA_CA_CERTS=${description.nodeExtraCaCerts}`,
    );
  }
  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopping the emulator');
    await emulator.close();
    await voice.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
