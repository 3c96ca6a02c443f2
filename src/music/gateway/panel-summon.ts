import type { GatewayContext } from '../../capability/index.ts';
import type { Actor } from '../access.ts';
import { MusicError } from '../music-error.ts';

/**
 * The acting member as if they were in `channelId`: the panel's summon, so a manager can send
 * the bot to a voice channel (and start playback there) without being in voice themselves.
 * Refused unless they manage the server (the panel's own rule) and the bot may join and speak
 * in that voice channel. Without a channel the member acts as they are.
 */
export function panelActor(
  context: GatewayContext,
  guildId: string,
  actor: Actor,
  channelId: string | undefined,
): Actor {
  if (!channelId) return actor;
  if (!actor.canManageGuild) throw new MusicError('DJ_ONLY');
  const guild = context.guildHere(guildId);
  const channel = guild.channels.cache.get(channelId);
  const me = guild.members.me;
  const permissions = channel && me ? channel.permissionsFor(me) : null;
  if (
    !channel?.isVoiceBased() ||
    !permissions?.has(['ViewChannel', 'Connect', 'Speak']) ||
    (channel.full && !permissions.has('MoveMembers'))
  ) {
    throw new MusicError('CANNOT_JOIN', { channelId });
  }
  return { ...actor, voiceChannelId: channelId };
}
