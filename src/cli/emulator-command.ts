import { resolve } from 'node:path';
import { startDiscordEmulator } from '../emulators/discord/index.ts';
import { extraCaCertsFile, VoiceServer } from '../emulators/discord/voice/index.ts';
import { createLogger } from '../logging/index.ts';
import { loadConfigOrExit } from './config-or-exit.ts';

export interface EmulatorCommandOptions {
  port: number;
  host: string;
  json: boolean;
  /** TCP port of the voice websocket (0 = any free port). */
  voicePort: number;
  /** UDP port of the voice server's RTP endpoint (0 = any free port). */
  voiceUdpPort: number;
}

/** Exit code when a port can't be listened on. */
export const EXIT_LISTEN_FAILED = 1;

/**
 * The one line an operator needs when a listener can't start: which port, which option sets
 * it, and why. `null` when the error is not about listening (a bug: let it surface as is).
 */
export function listenFailure(error: unknown, port: number, option: string, host: string): string | null {
  const code = (error as { code?: unknown }).code;
  const reasons: Record<string, string> = {
    EADDRINUSE: 'is already in use',
    EACCES: 'may not be used by this user',
    EADDRNOTAVAIL: 'is on an address this machine does not have',
  };
  if (typeof code !== 'string' || !(code in reasons)) return null;
  const shown = port === 0 ? 'a free port' : `port ${port}`;
  return `gramophone emulator: ${shown} on ${host} ${reasons[code]} (${option}); choose another with ${option} <port> or 0 for any free port`;
}

async function listening<T>(
  start: () => Promise<T>,
  describe: (error: unknown) => string | null,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const line = describe(error);
    if (line === null) throw error;
    process.stderr.write(`${line}\n`);
    process.exit(EXIT_LISTEN_FAILED);
  }
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
  const voice = await listening(
    () =>
      VoiceServer.start({
        certDir,
        host: options.host,
        port: options.voicePort,
        udpPort: options.voiceUdpPort,
        logger: logger.child({ component: 'voice' }),
      }),
    (error) =>
      // dgram reports a failed bind with syscall "bind", the websocket's TCP listen with "listen".
      (error as { syscall?: string }).syscall === 'bind'
        ? listenFailure(error, options.voiceUdpPort, '--voice-udp-port', options.host)
        : listenFailure(error, options.voicePort, '--voice-port', options.host),
  );
  const emulator = await listening(
    () =>
      startDiscordEmulator({
        port: options.port,
        host: options.host,
        demo: true,
        voice,
        logger: logger.child({ component: 'emulator' }),
      }),
    (error) => listenFailure(error, options.port, '--port', options.host),
  );
  const caCertPath = voice.certificates.caPath;
  const description = {
    ...emulator.describe(),
    voiceEndpoint: voice.endpoint,
    voiceUdpPort: voice.udpPort,
    caCertPath,
    // What a voice client's process needs in NODE_EXTRA_CA_CERTS (the CA plus any bundle it already trusted).
    nodeExtraCaCerts: await extraCaCertsFile(caCertPath, process.env.NODE_EXTRA_CA_CERTS),
  };
  // Before anyone is told the emulator is up: a SIGTERM right after the description must drain, not kill.
  const stop = async (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopping the emulator');
    await emulator.close();
    await voice.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(description)}\n`);
  } else {
    logger.info(
      `Discord emulator ready: REST ${description.apiUrl}, gateway ${description.gatewayUrl}, OAuth ${description.oauthUrl}, control ${description.controlUrl}, voice wss://${description.voiceEndpoint} (UDP ${description.voiceUdpPort})`,
    );
    logger.info(
      `bot token: ${description.token}; voice clients need NODE_EXTRA_CA_CERTS=${description.nodeExtraCaCerts}`,
    );
  }
}
