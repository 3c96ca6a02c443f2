import { randomBytes } from 'node:crypto';
import type { VoiceServer } from '../../../src/emulators/discord/voice/index.ts';

/** A raw gateway dispatch, as discord.js's `raw` event hands it to Lavalink client libraries. */
export interface RawVoicePacket {
  t: 'VOICE_STATE_UPDATE' | 'VOICE_SERVER_UPDATE';
  d: Record<string, unknown>;
}

interface VoiceJoinPayload {
  op: number;
  d: { guild_id: string; channel_id: string | null; self_deaf?: boolean; self_mute?: boolean };
}

/**
 * Plays Discord's gateway for a Lavalink client library: the library's op 4 (join/leave a voice
 * channel) allocates a session on the emulator's voice server, and the VOICE_STATE_UPDATE and
 * VOICE_SERVER_UPDATE Discord would dispatch are fed back to the library, as a bot's `raw`
 * handler would. Returns the `sendToShard`-style function the library calls.
 */
export function voiceBridge(
  voice: VoiceServer,
  botId: string,
  feed: (packet: RawVoicePacket) => void | Promise<void>,
): (payload: VoiceJoinPayload) => void {
  return (payload) => {
    if (payload.op !== 4) return;
    const { guild_id: guildId, channel_id: channelId } = payload.d;
    // A real gateway answers later; answering inside the call would re-enter the library.
    setImmediate(async () => {
      if (channelId === null) {
        voice.release(guildId, botId);
        await feed({
          t: 'VOICE_STATE_UPDATE',
          d: { guild_id: guildId, channel_id: null, user_id: botId, session_id: null },
        });
        return;
      }
      const sessionId = randomBytes(16).toString('hex');
      const { token, endpoint } = voice.allocate({ guildId, channelId, userId: botId, sessionId });
      await feed({
        t: 'VOICE_STATE_UPDATE',
        d: {
          guild_id: guildId,
          channel_id: channelId,
          user_id: botId,
          session_id: sessionId,
          deaf: false,
          mute: false,
          self_deaf: payload.d.self_deaf ?? true,
          self_mute: payload.d.self_mute ?? false,
          suppress: false,
        },
      });
      await feed({ t: 'VOICE_SERVER_UPDATE', d: { token, guild_id: guildId, endpoint } });
    });
  };
}
