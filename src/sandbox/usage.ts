import type { EmulatorDescription } from '../emulators/discord/index.ts';
import type { Logger } from '../logging/index.ts';
import type { TrustCheck } from './voice-trust.ts';

/** What the sandbox's start-up message is made of. */
export interface SandboxUsage {
  emulator: EmulatorDescription;
  /** Discord variables the operator set, which the sandbox left alone. */
  kept: readonly string[];
  nodeExtraCaCerts: string;
  voiceTrust: TrustCheck;
  /** Where this process serves the control panel; null without the api role. */
  panelUrl: string | null;
  /** Whether the audio node runs in this process (and so dials the voice server itself). */
  runsAudio: boolean;
}

/** A copy-pasteable `curl` of one control operation. */
function curl(controlUrl: string, operation: string, body: Record<string, unknown>): string {
  return `curl -s -X POST ${controlUrl}/${operation} -H 'content-type: application/json' -d '${JSON.stringify(body)}'`;
}

/**
 * Tells a newcomer, in a few log lines, that this is a sandbox (and how to leave it), where the
 * emulator's control API is, the demo ids, and two requests to try: join the voice channel as
 * alice (who has the DJ role), then run /play as her.
 */
export function logSandboxUsage(logger: Logger, usage: SandboxUsage): void {
  const { emulator, kept, nodeExtraCaCerts, voiceTrust, panelUrl, runsAudio } = usage;
  logger.warn(
    { sandbox: true, controlUrl: emulator.controlUrl },
    'SANDBOX: DISCORD_TOKEN is unset, so the bot runs against a local Discord emulator (nothing reaches Discord). Set DISCORD_TOKEN to connect to real Discord.',
  );
  const userId = emulator.memberIds?.[0] ?? emulator.ownerId ?? '';
  const ids = {
    guildId: emulator.guildId,
    voiceChannelId: emulator.voiceChannelId,
    textChannelId: emulator.musicTextChannelId,
    userId,
  };
  logger.info(
    { controlUrl: emulator.controlUrl, apiUrl: emulator.apiUrl, ...ids, voiceTlsTrusted: voiceTrust.trusted },
    `sandbox: control API ${emulator.controlUrl} (docs/emulator.md); guild "Gramophone Demo" ${ids.guildId}, voice channel "Music" ${ids.voiceChannelId}, text channel #music ${ids.textChannelId}, user alice ${userId} (DJ)`,
  );
  logger.info(
    `sandbox: put alice in the voice channel: ${curl(emulator.controlUrl, 'joinVoice', {
      channelId: ids.voiceChannelId,
      userId,
    })}`,
  );
  logger.info(
    `sandbox: run /play as alice (the query: words, a URL, or a file under AUDIO_LOCAL_DIRS, DATA_DIR/music by default): ${curl(
      emulator.controlUrl,
      'slashCommand',
      { channelId: ids.textChannelId, userId, command: 'play', options: { query: 'gramophone demo' } },
    )}`,
  );
  if (panelUrl) {
    logger.info(
      { panelUrl },
      `sandbox: log in to the panel at ${panelUrl}: the emulator signs you in as demo-owner at once`,
    );
  }
  if (kept.length > 0) {
    logger.warn(
      { kept },
      `sandbox: ${kept.join(', ')} set in the configuration, so the sandbox left them alone; unset them to point the bot and panel login at the sandbox`,
    );
  }
  if (!runsAudio) {
    logger.info(
      { nodeExtraCaCerts },
      `sandbox: audio nodes in other processes join its voice channels only with NODE_EXTRA_CA_CERTS=${nodeExtraCaCerts}`,
    );
  } else if (!voiceTrust.trusted) {
    logger.warn(
      { nodeExtraCaCerts, reason: voiceTrust.reason },
      `sandbox: this process does not trust the sandbox's voice server (${voiceTrust.reason}), so the audio node can't join its voice channels; start it with NODE_EXTRA_CA_CERTS=${nodeExtraCaCerts}`,
    );
  }
}
