import type { GuildSettings } from '../../settings/index.ts';
import { MusicError } from '../music-error.ts';

/**
 * Channel restrictions (docs/music-bot.md, "Channel restrictions"): with `musicVoiceChannelId`
 * set, the bot joins only that voice channel, whoever asks (Discord or the panel).
 */
export function requireAllowedVoiceChannel(
  settings: Pick<GuildSettings, 'musicVoiceChannelId'>,
  channelId: string | null,
): void {
  const allowed = settings.musicVoiceChannelId;
  if (allowed && channelId !== allowed) throw new MusicError('WRONG_VOICE_CHANNEL', { channelId: allowed });
}
