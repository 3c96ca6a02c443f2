import { ChannelType, type Client } from 'discord.js';
import { type Bus, BusCommandError, type Unsubscribe } from '../bus/index.ts';
import {
  GATEWAY_ADDRESS,
  GUILD_CHANNELS_COMMAND,
  GUILD_MEMBERS_COMMAND,
  GUILD_NOT_HERE,
  GUILD_ROLES_COMMAND,
  type GuildChannel,
  type GuildMember,
  type GuildRole,
  guildMembersRequestSchema,
  guildResourceRequestSchema,
} from './contract.ts';
import { MemberLookups } from './member-lookups.ts';

/**
 * The bus commands that let other roles read a guild's channels and roles from the gateway's
 * discord.js cache (no Discord REST call). Address {@link GATEWAY_ADDRESS} (contract.ts).
 */
const channelKinds: Partial<Record<ChannelType, GuildChannel['type']>> = {
  [ChannelType.GuildText]: 'text',
  [ChannelType.GuildAnnouncement]: 'text',
  [ChannelType.GuildVoice]: 'voice',
  [ChannelType.GuildStageVoice]: 'voice',
  [ChannelType.GuildCategory]: 'category',
};

/** Registers the guild-resource commands for this client; returns what removes them. */
export async function handleGuildResourceCommands(bus: Bus, client: Client): Promise<Unsubscribe> {
  const lookups = new MemberLookups();
  const guildOf = (payload: unknown) => {
    const parsed = guildResourceRequestSchema.safeParse(payload);
    if (!parsed.success) throw new BusCommandError('INVALID_REQUEST', 'guildId must be a Discord id');
    const guild = client.guilds.cache.get(parsed.data.guildId);
    if (!guild)
      throw new BusCommandError(GUILD_NOT_HERE, `Guild ${parsed.data.guildId} is not on this gateway`);
    return guild;
  };
  const off = await Promise.all([
    bus.handle(GATEWAY_ADDRESS, GUILD_CHANNELS_COMMAND, (payload) => {
      const channels: GuildChannel[] = [];
      for (const channel of guildOf(payload).channels.cache.values()) {
        const type = channelKinds[channel.type];
        if (!type || channel.isThread()) continue;
        channels.push({
          id: channel.id,
          name: channel.name,
          type,
          parentId: channel.parentId,
          position: channel.position,
        });
      }
      channels.sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
      return { channels };
    }),
    bus.handle(GATEWAY_ADDRESS, GUILD_ROLES_COMMAND, (payload) => {
      const roles: GuildRole[] = guildOf(payload)
        .roles.cache.map((role) => ({
          id: role.id,
          name: role.name,
          color: role.color,
          position: role.position,
          managed: role.managed,
        }))
        .sort((a, b) => b.position - a.position);
      return { roles };
    }),
    bus.handle(GATEWAY_ADDRESS, GUILD_MEMBERS_COMMAND, async (payload) => {
      const guild = guildOf(payload);
      const parsed = guildMembersRequestSchema.safeParse(payload);
      if (!parsed.success)
        throw new BusCommandError('INVALID_REQUEST', parsed.error.issues[0]?.message ?? 'bad ids');
      const found = await lookups.find(guild, parsed.data.ids);
      const members: GuildMember[] = found.map((member) => ({
        id: member.id,
        displayName: member.displayName,
        avatarUrl: member.displayAvatarURL({ size: 64 }),
        bot: member.user.bot,
      }));
      return { members };
    }),
  ]);
  return async () => {
    await Promise.all(off.map((unsubscribe) => unsubscribe()));
  };
}
