import { randomBytes } from 'node:crypto';
import type { DiscordGatewayAdapterCreator } from '@discordjs/voice';
import type { VoiceServer } from '../../src/emulators/discord/voice/index.ts';

/**
 * A gateway adapter for @discordjs/voice that stands in for the emulator's main gateway: on the
 * op 4 voice join it allocates a session on the voice server and feeds VOICE_STATE_UPDATE and
 * VOICE_SERVER_UPDATE back, on leave it releases. This keeps the voice tests independent of the
 * gateway; the full flow through discord.js is tested where the gateway lives.
 */
export function emulatorAdapterCreator(server: VoiceServer, userId: string): DiscordGatewayAdapterCreator {
  return (methods) => ({
    sendPayload(payload: { op: number; d: { guild_id: string; channel_id: string | null } }) {
      if (payload.op !== 4) return true;
      const { guild_id: guildId, channel_id: channelId } = payload.d;
      // A real gateway answers asynchronously; answering inside sendPayload would re-enter the library.
      setImmediate(() => {
        if (channelId === null) {
          server.release(guildId, userId);
          return;
        }
        const sessionId = randomBytes(16).toString('hex');
        const { token, endpoint } = server.allocate({ guildId, channelId, userId, sessionId });
        methods.onVoiceStateUpdate({
          guild_id: guildId,
          channel_id: channelId,
          user_id: userId,
          session_id: sessionId,
          deaf: false,
          mute: false,
          self_deaf: true,
          self_mute: false,
          self_video: false,
          suppress: false,
          request_to_speak_timestamp: null,
        });
        methods.onVoiceServerUpdate({ token, guild_id: guildId, endpoint });
      });
      return true;
    },
    destroy() {},
  });
}
