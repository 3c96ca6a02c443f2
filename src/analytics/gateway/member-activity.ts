import { type Client, Events, type GuildMember, type PartialGuildMember } from 'discord.js';
import type { Logger } from '../../logging/index.ts';
import type { GuildActivityRecorder } from '../recorder.ts';

/**
 * Records member joins and leaves (with the member count after each) for the panel's
 * analytics. Only called when DISCORD_MEMBER_EVENTS is on: the events need the privileged
 * Server Members intent.
 */
export function recordMemberActivity(
  client: Client,
  recorder: GuildActivityRecorder,
  logger: Logger,
): () => void {
  const record = (member: GuildMember | PartialGuildMember, kind: 'join' | 'leave') => {
    if (member.user?.bot) return;
    recorder
      .recordMemberEvent({
        guildId: member.guild.id,
        userId: member.id,
        kind,
        memberCount: member.guild.memberCount,
        at: new Date(),
      })
      .catch((error) =>
        logger.warn({ err: error, guildId: member.guild.id }, 'failed to record a member event'),
      );
  };
  const onAdd = (member: GuildMember) => record(member, 'join');
  const onRemove = (member: GuildMember | PartialGuildMember) => record(member, 'leave');
  client.on(Events.GuildMemberAdd, onAdd);
  client.on(Events.GuildMemberRemove, onRemove);
  return () => {
    client.off(Events.GuildMemberAdd, onAdd);
    client.off(Events.GuildMemberRemove, onRemove);
  };
}
