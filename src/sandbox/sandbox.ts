import type { Config } from '../config/index.ts';
import { type EmulatorDescription, startDiscordEmulator } from '../emulators/discord/index.ts';
import { extraCaCertsFile, VoiceServer } from '../emulators/discord/voice/index.ts';
import type { Logger } from '../logging/index.ts';
import type { SandboxHandle } from '../runtime/index.ts';
import { ensureDemoTrack } from './demo-track.ts';
import { LiveVoiceTap } from './live-voice.ts';
import { type SandboxConfig, sandboxCertDir, sandboxConfig, sandboxWorldPath } from './sandbox-config.ts';
import { logSandboxUsage } from './usage.ts';
import { checkVoiceTrust, type TrustCheck } from './voice-trust.ts';

/**
 * The sandbox listens on loopback only: the emulator's control API has no authentication, and
 * the voice certificate covers only 127.0.0.1 and localhost.
 */
const SANDBOX_HOST = '127.0.0.1';

/** Raised when the sandbox can't start; names SANDBOX_PORT, the usual culprit. */
export class SandboxStartError extends Error {
  constructor(port: number, reason: unknown) {
    super(
      `SANDBOX_PORT: cannot start the sandbox Discord emulator on ${SANDBOX_HOST}:${port}: ${
        reason instanceof Error ? reason.message : String(reason)
      }`,
      { cause: reason },
    );
    this.name = 'SandboxStartError';
  }
}

/** A running sandbox: a local Discord with the demo guild, and the configuration that points at it. */
export interface Sandbox {
  /** The configuration the roles run with (DISCORD_* pointed at the emulator where unset). */
  readonly config: Config;
  /** The emulator's URLs, credentials and demo ids (`describe()`). */
  readonly emulator: EmulatorDescription;
  /** What another process must set NODE_EXTRA_CA_CERTS to, to reach the sandbox's voice server. */
  readonly nodeExtraCaCerts: string;
  /** Whether this process trusts the voice server's certificate. */
  readonly voiceTrust: TrustCheck;
  /** What the roles get to know of it (the api's sandbox page): the control URL, live voice. */
  readonly handle: SandboxHandle;
  /** Logs what the sandbox is and how to talk to it; call it once the roles are ready. */
  logUsage(where: { panelUrl: string | null; runsAudio: boolean }): void;
  close(): Promise<void>;
}

/**
 * Starts the Discord emulator (REST, gateway, OAuth2, control API on SANDBOX_PORT) with the demo
 * guild and the real voice server (certificates under `DATA_DIR/sandbox/certs`), in this process.
 */
export async function startSandbox(options: { config: Config; logger: Logger }): Promise<Sandbox> {
  const { config, logger } = options;
  let voice: VoiceServer;
  try {
    voice = await VoiceServer.start({
      certDir: sandboxCertDir(config),
      host: SANDBOX_HOST,
      logger: logger.child({ module: 'voice' }),
    });
  } catch (error) {
    throw new Error(`sandbox voice server: ${(error as Error).message}`, { cause: error });
  }
  let emulator: Awaited<ReturnType<typeof startDiscordEmulator>>;
  try {
    emulator = await startDiscordEmulator({
      port: config.SANDBOX_PORT,
      host: SANDBOX_HOST,
      demo: true,
      // The same guild, users and logins after a restart: a restored queue plays on where it was.
      statePath: sandboxWorldPath(config),
      demoSpareGuild: true,
      voice,
      logger: logger.child({ module: 'emulator' }),
    });
  } catch (error) {
    await voice.close();
    throw new SandboxStartError(config.SANDBOX_PORT, error);
  }
  const tap = new LiveVoiceTap(voice, logger.child({ module: 'live-voice' }));
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      tap.close();
      await emulator.close();
      await voice.close();
    })();
    return closing;
  };
  const description = emulator.describe();
  const pointed: SandboxConfig = sandboxConfig(config, description);
  let nodeExtraCaCerts: string;
  try {
    nodeExtraCaCerts = await extraCaCertsFile(voice.certificates.caPath, process.env.NODE_EXTRA_CA_CERTS);
  } catch (error) {
    await close();
    throw error;
  }
  const voiceTrust = await checkVoiceTrust(voice.endpoint);
  // Offline there is nothing to search: a demo track makes the first /play work.
  await ensureDemoTrack(config).catch((error) =>
    logger.warn(
      { err: error },
      'sandbox: could not write the demo track; /play needs a file or URL of yours',
    ),
  );

  return {
    config: pointed.config,
    emulator: description,
    nodeExtraCaCerts,
    voiceTrust,
    handle: {
      controlUrl: description.controlUrl,
      listenToVoice: (guildId, onPcm) => tap.listen(guildId, onPcm),
      voiceActivity: (guildId) => tap.activity(guildId),
      allowRemote: config.SANDBOX_ALLOW_REMOTE,
    },
    logUsage: (where) =>
      logSandboxUsage(logger, {
        emulator: description,
        kept: pointed.kept,
        nodeExtraCaCerts,
        voiceTrust,
        ...where,
      }),
    close,
  };
}
